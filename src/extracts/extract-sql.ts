/**
 * The SQL behind the row extracts, over the per-course summaries. Each row is two things: what the
 * job turns into the pseudonymous child key and then drops (the blind index for the `cpr_index`
 * scheme, the sealed CPR for `cpr`), and the allow-listed values (extract-columns.ts) after the
 * child key as one text, each written here as the file writes it. The job reads it through
 * `COPY (...) TO STDOUT` (ExtractsRepository.copy); `npm run bench` runs the same statement as
 * the floor.
 *
 * Parameters: $1 from, $2 to (first-contact dates), $3 reference date (target states as of),
 * $4 municipality codes or NULL for all.
 */

import { ageGroupSql, extractAgeLabel } from '../statistics/age-bands.js';
import { TARGET_STATE_SQL } from '../service-targets/target-state-sql.js';
import { cohortSql, notEnteredInError } from '../statistics/cohort.sql.js';
import { DELIVERIES, FOCUS_AREAS, REFERRAL_DESTINATIONS } from '../kernel/course.model.js';
import { NATIONAL_TARGETS, TARGET_KINDS } from '../service-targets/target-definitions.js';
import { CHILD_KEY, columnsFor, type ExtractKind, LIST_SEPARATOR, nationalTargetColumn, PAIR_SEPARATOR } from './extract-columns.js';
import type { PseudonymScheme } from './pseudonym.js';

/** The column the row's values come in, after the identity. */
export const VALUES_COLUMN = 'row_values';

/**
 * A row of the row extracts' SQL from its COPY text line: the child's identity by the recipient's
 * scheme, and the values. COPY writes the sealed CPR (bytea) as `\\x` and hex; nothing else in
 * these rows needs COPY's escapes (hex, key ids of [A-Za-z0-9_-], digits and codes).
 */
export function rowOfCopyLine(scheme: PseudonymScheme, line: string): ExtractSqlRow {
  const fields = line.split('\t');
  if (scheme === 'cpr_index' && fields.length === 2) return { cpr_index: fields[0], [VALUES_COLUMN]: fields[1] };
  if (scheme === 'cpr' && fields.length === 3 && fields[0].startsWith('\\\\x')) {
    return { cpr_ciphertext: Buffer.from(fields[0].slice(3), 'hex'), cpr_key_id: fields[1], [VALUES_COLUMN]: fields[2] };
  }
  throw new Error(`A line of the extract's COPY is not a ${scheme} row`);
}

/** A row of the row extracts' SQL: the child's identity by the recipient's scheme, and the values. */
export interface ExtractSqlRow {
  /** The `cpr_index` scheme's identity: the blind index. */
  cpr_index?: string;
  /** The `cpr` scheme's: the sealed CPR. */
  cpr_ciphertext?: Buffer;
  cpr_key_id?: string;
  [VALUES_COLUMN]: string;
}

/** The child's identity the pseudonymous key is made of, by the recipient's scheme. */
const IDENTITY: Record<PseudonymScheme, string> = {
  cpr_index: 'ch.cpr_index',
  cpr: 'ch.cpr_ciphertext, ch.cpr_key_id',
};

const STATE = TARGET_STATE_SQL('$3::date');

/** The cohort: courses with a CPR (the child row), first contact in [$1, $2], not entered in error. */
const COHORT_FROM = `
    FROM course_summary k
    JOIN child ch ON ch.id = k.child_id
    JOIN course c ON c.municipality_code = k.municipality_code AND c.id = k.course_id`;
const COHORT_WHERE = `
   WHERE ${cohortSql('k', '$1', '$2')}
     AND ($4::text[] IS NULL OR k.municipality_code = ANY($4::text[]))`;

/** The course's number for its child: the child's courses in every municipality (same CPR), counted up to this one. */
const COURSE_NUMBER = `
  (SELECT count(*)::int
     FROM child ch2 JOIN course c2 ON c2.child_id = ch2.id
    WHERE ch2.cpr_index = ch.cpr_index AND ${notEnteredInError('c2')}
      AND (c2.first_contact_date, c2.created_at, c2.id) <= (c.first_contact_date, c.created_at, c.id))`;

/** A code list column as its `code_list` text: the codes `array` holds, in `order`, `|`-separated; '' when none (codeListValue). */
export const codeListSql = (array: string, order: readonly string[]): string =>
  `concat_ws('${LIST_SEPARATOR}', ${order.map((code) => `CASE WHEN '${code}' = ANY(${array}) THEN '${code}' END`).join(', ')})`;

const codePosition = (value: string, order: readonly string[]): string =>
  `array_position(ARRAY[${order.map((code) => `'${code}'`).join(', ')}]::text[], ${value})`;

/**
 * The summary's referrals (a jsonb array of { destination, days }) as `destination:days` items by
 * days, then code-list order (referralDestinationsValue); NULL when none, as for most courses.
 */
export const referralDestinationsSql = (referrals: string): string => `CASE WHEN ${referrals} <> '[]'::jsonb THEN
      (SELECT string_agg(concat(r->>'destination', '${PAIR_SEPARATOR}', r->>'days'), '${LIST_SEPARATOR}'
                         ORDER BY (r->>'days')::int, ${codePosition(`r->>'destination'`, REFERRAL_DESTINATIONS)})
         FROM jsonb_array_elements(${referrals}) r) END`;

/**
 * An aggregate over a course's municipal targets (`ct`, with the state `state`): `kind_<limit>d:state`
 * items by kind in TARGET_KINDS order, then limit (municipalTargetStatesValue); NULL over none.
 */
export const municipalTargetStatesSql = (state: string): string =>
  `string_agg(concat(ct.kind, '_', ct.limit_days, 'd${PAIR_SEPARATOR}', ${state}), '${LIST_SEPARATOR}'
                        ORDER BY ${codePosition('ct.kind', TARGET_KINDS)}, ct.limit_days, ct.target)`;

/**
 * The course's columns as SQL giving each value as text in the extracts' plain form (docs/
 * extract-dictionary.md): integers in digits, booleans as `true`/`false`, codes, code lists as
 * `|`-separated items in their fixed order; NULL or '' when empty. Over `k` (the summary), `c`,
 * `ch` and `st` (the target states); every column of the allow-list but the child key has one.
 */
const COURSE_VALUES: Record<string, string> = {
  course_number: COURSE_NUMBER,
  municipality_code: 'k.municipality_code::text',
  region_code: 'k.region_code::text',
  first_contact_year: 'extract(isoyear FROM k.first_contact_date)::int',
  first_contact_iso_week: 'extract(week FROM k.first_contact_date)::int',
  age_years: 'k.age_years',
  age_group: ageGroupSql('k.age_years', extractAgeLabel),
  sex: 'k.sex',
  channel: 'k.channel',
  contacted_by: 'k.contacted_by',
  clearly_in_target_group: 'k.clearly_in_target_group::text',
  focus_areas: codeListSql('k.focus_areas', FOCUS_AREAS),
  days_to_pre_conversation: 'k.pre_conversation_on - k.first_contact_date',
  days_to_screening: 'k.screening_on - k.first_contact_date',
  days_to_first_treatment: 'k.first_treatment_on - k.first_contact_date',
  days_to_closing_conversation: 'k.closing_conversation_on - k.first_contact_date',
  days_to_closure: 'k.closure_date - k.first_contact_date',
  pre_conversation_outcome: 'k.pre_conversation_outcome',
  screening_outcome: 'k.screening_outcome',
  delivery: codeListSql('k.treatment_deliveries', DELIVERIES),
  treatment_sessions_held: 'k.treatment_sessions_held',
  treatment_sessions_cancelled_by_family: 'k.treatment_cancelled_by_family',
  treatment_sessions_cancelled_by_municipality: 'k.treatment_cancelled_by_municipality',
  treatment_no_shows: 'k.treatment_no_shows',
  referral_destinations: referralDestinationsSql('k.referrals'),
  closure_reason: 'k.closure_reason',
  ...Object.fromEntries(NATIONAL_TARGETS.map((t) => [nationalTargetColumn(t.name), `st.${nationalTargetColumn(t.name)}`])),
  municipal_target_states: 'st.municipal',
};

/** The target states of `k`'s course: one column per national target, and the municipal ones as municipalTargetStatesValue writes them. */
const TARGET_STATES_LATERAL = `
    CROSS JOIN LATERAL (
      SELECT ${NATIONAL_TARGETS.map((t) => `max(${STATE}) FILTER (WHERE ct.national AND ct.target = '${t.name}') AS ${nationalTargetColumn(t.name)}`).join(',\n             ')},
             ${municipalTargetStatesSql(STATE)} FILTER (WHERE NOT ct.national) AS municipal
        FROM course_target ct
       WHERE ct.municipality_code = k.municipality_code AND ct.course_id = k.course_id
    ) st`;

/** The contact's columns, as COURSE_VALUES; over `k`, `n` (the course number) and `t` (the contact). */
const CONTACT_VALUES: Record<string, string> = {
  course_number: 'n.course_number',
  municipality_code: 'k.municipality_code::text',
  region_code: 'k.region_code::text',
  first_contact_year: 'extract(isoyear FROM k.first_contact_date)::int',
  first_contact_iso_week: 'extract(week FROM k.first_contact_date)::int',
  contact_type: 't.type',
  contact_status: 't.status',
  days_since_first_contact: 't.date - k.first_contact_date',
  participants: 't.participants',
  delivery: 't.delivery',
  mode: 't.mode',
  duration_minutes: 't.duration_minutes',
  outcome: 't.outcome',
};

/**
 * The row's values after the child key, each as its text, joined by `,` (`concat` writes NULL as
 * nothing): the line the job checks against the allow-list and writes in the file's format
 * (extract-lines.ts). No value holds a `,`: they are digits, codes and code lists.
 */
function valuesSql(kind: ExtractKind, values: Record<string, string>): string {
  const columns = columnsFor(kind).filter((c) => c.name !== CHILD_KEY);
  const missing = columns.filter((c) => !(c.name in values));
  if (missing.length || Object.keys(values).length !== columns.length)
    throw new Error(`The ${kind} extract SQL does not match its columns`);
  return `concat(${columns.map((c) => values[c.name]).join(`, ',',\n         `)})`;
}

/**
 * The courses extract: the child's identity (by the recipient's scheme) and the row's values as
 * one text. The cohort is sorted once, and each course's number and target states are looked up
 * per row through indexes, so rows flow to the service while the database still works on later
 * ones (a window function or grouped aggregate would hold every row back until the end).
 */
export const coursesExtractSql = (scheme: PseudonymScheme): string => `
  SELECT ${IDENTITY[scheme]},
         ${valuesSql('courses', COURSE_VALUES)} AS ${VALUES_COLUMN}
    ${COHORT_FROM}
    ${TARGET_STATES_LATERAL}
    ${COHORT_WHERE}
   ORDER BY k.first_contact_date, k.course_id`;

export const contactsExtractSql = (scheme: PseudonymScheme): string => `
  SELECT ${IDENTITY[scheme]},
         ${valuesSql('contacts', CONTACT_VALUES)} AS ${VALUES_COLUMN}
    ${COHORT_FROM}
    CROSS JOIN LATERAL (SELECT ${COURSE_NUMBER} AS course_number) n
    JOIN contact t ON t.course_id = k.course_id AND t.municipality_code = k.municipality_code
    ${COHORT_WHERE}
     AND t.status <> 'entered_in_error' AND $3::date IS NOT NULL -- the reference date, unused here
   ORDER BY k.first_contact_date, k.course_id, t.date, t.created_at`;

/** The extracts of a recipient registered now (the `cpr_index` scheme): what the benchmark's floor copies. */
export const COURSES_EXTRACT_SQL = coursesExtractSql('cpr_index');
export const CONTACTS_EXTRACT_SQL = contactsExtractSql('cpr_index');

/**
 * How many rows the extract will have, counted over the same cohort and conditions without the
 * per-row look-ups and joins (the summary's course exists by its foreign key, and the child its
 * child_id copies from the course by the course's): the job's progress estimate. It runs in a snapshot of its own beside
 * the COPY's, so a course changed in between makes it differ by that.
 */
export const COURSES_COUNT_SQL = `
  SELECT count(*)::int AS n
    FROM course_summary k
    ${COHORT_WHERE}
     AND k.child_id IS NOT NULL
     AND $3::date IS NOT NULL -- the reference date, unused here`;

export const CONTACTS_COUNT_SQL = `
  SELECT count(*)::int AS n
    FROM course_summary k
    JOIN contact t ON t.course_id = k.course_id AND t.municipality_code = k.municipality_code
    ${COHORT_WHERE}
     AND k.child_id IS NOT NULL AND t.status <> 'entered_in_error' AND $3::date IS NOT NULL -- the reference date, unused here`;
