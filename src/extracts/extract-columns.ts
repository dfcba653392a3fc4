/**
 * The one allow-list of the evaluation extracts (docs/domain.md, "Anonymised extracts for the
 * evaluation": "Allow-list of fields, never a deny-list: no CPR, name, exact birth date,
 * address or free text"). The CSV and JSONL writers, the SQL select list and
 * docs/extract-dictionary.md are all derived from this list; a field that is not here never
 * leaves the system. Changing the list changes EXTRACT_SCHEMA_VERSION and the dictionary
 * (`src/bin/extract-dictionary.ts` regenerates it; a small test fails until it is).
 */
import {
  CHANNELS,
  CLOSURE_REASONS,
  CONTACT_STATUSES,
  CONTACT_TYPES,
  CONTACTED_BY,
  DELIVERIES,
  FOCUS_AREAS,
  MODES,
  OUTCOMES,
  PARTICIPANTS,
  PRE_CONVERSATION_OUTCOMES,
  REFERRAL_DESTINATIONS,
  type ReferralDestination,
  SCREENING_OUTCOMES,
  type Sex,
} from '../kernel/course.model.js';
import { AGE_BANDS, extractAgeLabel, OUTSIDE_RANGE } from '../statistics/age-bands.js';
import { TARGET_STATES, type TargetState } from '../service-targets/clock.rules.js';
import { NATIONAL_TARGETS, TARGET_KINDS, type TargetKind } from '../service-targets/target-definitions.js';

/** Major: a column removed or changed in meaning; minor: a column added. */
export const EXTRACT_SCHEMA_VERSION = '1.0';

export const EXTRACT_KINDS = ['courses', 'contacts'] as const;
export type ExtractKind = (typeof EXTRACT_KINDS)[number];

export type ExtractColumnType = 'string' | 'integer' | 'decimal' | 'boolean' | 'code' | 'code_list';

export interface ExtractColumn {
  name: string;
  type: ExtractColumnType;
  meaning: string;
  /** The rule the value comes from. */
  source: string;
  kinds: ExtractKind[];
  /** For `code` and `code_list`: every value the column may hold (list items for `code_list`). */
  values?: readonly string[];
}

/** The first column of every row extract: the pseudonymous child key (src/extracts/pseudonym.ts). */
export const CHILD_KEY = 'child_key';

/** Separates the items of a `code_list` value. */
export const LIST_SEPARATOR = '|';
/** Separates a code from its number or state inside one list item (`gp:12`). */
export const PAIR_SEPARATOR = ':';

/**
 * docs/domain.md's age groups 5–9, 10–13, 14–17 as the extracts write them (`5_9`: Danish Excel
 * reads `5-9` as a date), and outside_range. The row extracts hold courses with a CPR only, so
 * there is no `unknown`.
 */
export const AGE_GROUPS: readonly string[] = [...AGE_BANDS.map((b) => extractAgeLabel(b.group)), OUTSIDE_RANGE];
const SEXES = ['female', 'male'] as const satisfies readonly Sex[];
const REGION_CODES = ['1081', '1082', '1083', '1084', '1085'] as const;
const NATIONAL_KINDS = new Set(NATIONAL_TARGETS.map((t) => t.kind));
const MUNICIPAL_TARGET_KINDS = TARGET_KINDS.filter((kind) => !NATIONAL_KINDS.has(kind));

const DAYS_RULE =
  'docs/domain.md: every later event as days since first contact; days = event date − first-contact date, in Danish calendar dates';
const FIRST_HELD =
  'the earliest contact of that type with status held; cancelled, no-show, planned and entered-in-error contacts are passed over';

/** Column name of a national target's state: `pre_conversation_14d` → `target_pre_conversation_14d_state`. */
export function nationalTargetColumn(targetName: string): string {
  return `target_${targetName}_state`;
}

const daysTo = (name: string, step: string): ExtractColumn => ({
  name,
  type: 'integer',
  meaning: `Days from the first contact to the first held ${step}; empty when none has been held.`,
  source: `${DAYS_RULE}; ${FIRST_HELD}.`,
  kinds: ['courses'],
});

const treatmentCount = (name: string, status: string): ExtractColumn => ({
  name,
  type: 'integer',
  meaning: `Number of treatment sessions with status ${status}.`,
  source: 'Treatment contacts of the course by status; planned and entered-in-error sessions are not counted.',
  kinds: ['courses'],
});

export const EXTRACT_COLUMNS: readonly ExtractColumn[] = Object.freeze([
  // Both kinds: who, which course, where, when it started.
  {
    name: CHILD_KEY,
    type: 'string',
    meaning:
      'Pseudonymous key of the child: the same child has the same key in every extract for this recipient, and a different key for any other recipient.',
    source:
      "HMAC-SHA-256 with the recipient's secret key, lower-case hex, of the child's blind index (itself HMAC-SHA-256 of the CPR with the service's index key) for recipients registered now, of the ten-digit CPR for recipients registered before; a recipient keeps its scheme for good (docs/domain.md: pseudonymous child key).",
    kinds: ['courses', 'contacts'],
  },
  {
    name: 'course_number',
    type: 'integer',
    meaning:
      "The course's number for this child: 1 for the child's first course, 2 for the next, counted over all the child's courses in every municipality, not only those in this extract, so a course keeps its number from one extract to the next.",
    source: "The child's courses ordered by first-contact date, then by registration; courses entered in error are not counted.",
    kinds: ['courses', 'contacts'],
  },
  {
    name: 'municipality_code',
    type: 'code',
    meaning: 'Kommunekode (3 digits) of the municipality running the course.',
    source: 'The course (docs/domain.md: municipality and region codes).',
    kinds: ['courses', 'contacts'],
  },
  {
    name: 'region_code',
    type: 'code',
    meaning: 'DAGI region code of that municipality.',
    source: 'The municipality register (docs/domain.md: municipality and region codes).',
    kinds: ['courses', 'contacts'],
    values: REGION_CODES,
  },
  {
    name: 'first_contact_year',
    type: 'integer',
    meaning:
      'ISO 8601 week-numbering year of the first contact (henvendelse), so that year and week name one week; for a few days around New Year it is not the calendar year (2025-12-29 is in 2026 week 1).',
    source: 'docs/domain.md: the first contact as year and ISO week, never as a date.',
    kinds: ['courses', 'contacts'],
  },
  {
    name: 'first_contact_iso_week',
    type: 'integer',
    meaning: 'ISO 8601 week (1–53) of the first contact.',
    source: 'docs/domain.md: the first contact as year and ISO week, never as a date.',
    kinds: ['courses', 'contacts'],
  },

  // Courses: the child, the first contact, the flow through the steps, the targets.
  {
    name: 'age_years',
    type: 'integer',
    meaning: "The child's age in whole years on the first-contact date.",
    source: 'Birth date read from the CPR; a birthday counts from its own day (docs/domain.md: age in whole years at first contact).',
    kinds: ['courses'],
  },
  {
    name: 'age_group',
    type: 'code',
    meaning: 'Age group of age_years; outside_range is an age outside the offer (5–17).',
    source: 'docs/domain.md: age groups 5–9, 10–13, 14–17.',
    kinds: ['courses'],
    values: AGE_GROUPS,
  },
  {
    name: 'sex',
    type: 'code',
    meaning: "The child's sex.",
    source: "The CPR's last digit: odd male, even female (docs/domain.md: sex derived from the CPR).",
    kinds: ['courses'],
    values: SEXES,
  },
  {
    name: 'channel',
    type: 'code',
    meaning: 'How the first contact came in.',
    source: 'Recorded on the first contact.',
    kinds: ['courses'],
    values: CHANNELS,
  },
  {
    name: 'contacted_by',
    type: 'code',
    meaning: 'Who made the first contact.',
    source: 'Recorded on the first contact.',
    kinds: ['courses'],
    values: CONTACTED_BY,
  },
  {
    name: 'clearly_in_target_group',
    type: 'boolean',
    meaning: 'It was clear already at the first contact that the child is in the target group; national target 2 applies only then.',
    source: 'Recorded on the first contact (docs/domain.md: national target 2).',
    kinds: ['courses'],
  },
  {
    name: 'focus_areas',
    type: 'code_list',
    meaning: "The course's focus areas (tema), in KL's code-list order whatever the order they were added in; empty when none.",
    source: "KL's focus-area code list; any number per course, added at any step.",
    kinds: ['courses'],
    values: FOCUS_AREAS,
  },
  daysTo('days_to_pre_conversation', 'pre-conversation (forsamtale)'),
  daysTo('days_to_screening', 'screening (screeningssamtale)'),
  daysTo('days_to_first_treatment', 'treatment session (behandling)'),
  daysTo('days_to_closing_conversation', 'closing conversation (afsluttende samtale)'),
  {
    name: 'days_to_closure',
    type: 'integer',
    meaning: 'Days from the first contact to the closure (afslutning); empty while the course is open.',
    source: `${DAYS_RULE}; the course's closure date.`,
    kinds: ['courses'],
  },
  {
    name: 'pre_conversation_outcome',
    type: 'code',
    meaning: 'Outcome of the pre-conversation; empty when no held pre-conversation has one.',
    source: 'The outcome on the last held pre-conversation that has one (the decision that stands).',
    kinds: ['courses'],
    values: PRE_CONVERSATION_OUTCOMES,
  },
  {
    name: 'screening_outcome',
    type: 'code',
    meaning: 'Outcome of the screening; empty when no held screening has one.',
    source: 'The outcome on the last held screening that has one (the decision that stands).',
    kinds: ['courses'],
    values: SCREENING_OUTCOMES,
  },
  {
    name: 'delivery',
    type: 'code_list',
    meaning:
      'How the held treatment sessions were delivered: each delivery used, in code-list order (individual|group when both); empty when no session was held.',
    source: 'Delivery recorded on the held treatment contacts (KL: a held treatment has a delivery type).',
    kinds: ['courses'],
    values: DELIVERIES,
  },
  treatmentCount('treatment_sessions_held', 'held'),
  treatmentCount('treatment_sessions_cancelled_by_family', 'cancelled_by_family'),
  treatmentCount('treatment_sessions_cancelled_by_municipality', 'cancelled_by_municipality'),
  treatmentCount('treatment_no_shows', 'no_show'),
  {
    name: 'referral_destinations',
    type: 'code_list',
    meaning:
      'Each referral or guidance to another offer as destination:days since first contact, ordered by days and then by code-list order, e.g. gp:12|civil_society:40; empty when none. Referrals entered in error are left out.',
    source: `KL's referral destinations; ${DAYS_RULE}, the event being the referral.`,
    kinds: ['courses'],
    values: REFERRAL_DESTINATIONS,
  },
  {
    name: 'closure_reason',
    type: 'code',
    meaning: 'Why the course was closed; empty while it is open.',
    source: 'Recorded at closure.',
    kinds: ['courses'],
    values: CLOSURE_REASONS,
  },
  ...NATIONAL_TARGETS.map((target): ExtractColumn => ({
    name: nationalTargetColumn(target.name),
    type: 'code',
    meaning: `State of the national target ${target.name} (${target.kind}, ${target.limitDays} days) on the extract's reference date.`,
    source: 'docs/domain.md, Service targets: each target for each course is in exactly one state; computed by the service-target clock.',
    kinds: ['courses'],
    values: TARGET_STATES,
  })),
  {
    name: 'municipal_target_states',
    type: 'code_list',
    meaning: `States of the municipality's own targets in force on the first-contact date, on the extract's reference date, as target:state items, e.g. treatment_start_after_screening_21d:met. A target is named by its kind and limit in days (kinds: ${MUNICIPAL_TARGET_KINDS.join(', ')}), never by the label the municipality gave it; the state is one of ${TARGET_STATES.join(', ')}.`,
    source:
      'docs/domain.md, Service targets: municipal targets are judged by the version in force on the first-contact date; computed by the service-target clock.',
    kinds: ['courses'],
  },

  // Contacts: one row per contact of the course.
  {
    name: 'contact_type',
    type: 'code',
    meaning: 'Which step the contact is; first_contact is the henvendelse itself.',
    source: 'The contact.',
    kinds: ['contacts'],
    values: CONTACT_TYPES,
  },
  {
    name: 'contact_status',
    type: 'code',
    meaning: 'Whether the contact was held, cancelled (and by whom), a no-show, or is still planned.',
    source: 'The contact; contacts entered in error are not extracted.',
    kinds: ['contacts'],
    values: CONTACT_STATUSES.filter((s) => s !== 'entered_in_error'),
  },
  {
    name: 'days_since_first_contact',
    type: 'integer',
    meaning: "Days from the first contact to the contact's date (0 for the first contact itself; for a planned contact, its planned date).",
    source: `${DAYS_RULE}.`,
    kinds: ['contacts'],
  },
  {
    name: 'participants',
    type: 'code',
    meaning: 'Whether the child took part or the carers came without the child.',
    source: 'The contact (KL: a held treatment has a participant).',
    kinds: ['contacts'],
    values: PARTICIPANTS,
  },
  {
    name: 'delivery',
    type: 'code',
    meaning: 'Individual or group; for a screening, the delivery it recommended.',
    source: 'The contact (KL: a held treatment has a delivery type).',
    kinds: ['contacts'],
    values: DELIVERIES,
  },
  {
    name: 'mode',
    type: 'code',
    meaning: 'In person, by video or by phone.',
    source: 'The contact.',
    kinds: ['contacts'],
    values: MODES,
  },
  {
    name: 'duration_minutes',
    type: 'integer',
    meaning: 'Length of the contact in minutes, where recorded.',
    source: 'The contact.',
    kinds: ['contacts'],
  },
  {
    name: 'outcome',
    type: 'code',
    meaning: 'Outcome recorded on a pre-conversation or screening.',
    source: 'The contact.',
    kinds: ['contacts'],
    values: [...new Set(OUTCOMES)],
  },
] satisfies ExtractColumn[]);

/** The columns of one kind of extract, in file order. */
export function columnsFor(kind: ExtractKind): readonly ExtractColumn[] {
  return EXTRACT_COLUMNS.filter((c) => c.kinds.includes(kind));
}

/** What is held about a course and deliberately left out of every extract, and why. */
export const EXCLUDED_FIELDS: readonly { field: string; reason: string }[] = Object.freeze([
  { field: 'CPR number, name, address', reason: 'Direct identifiers (docs/domain.md: never). The child appears only as child_key.' },
  { field: 'birth date', reason: 'Exact birth date (docs/domain.md: never); age_years and age_group instead.' },
  {
    field: 'dates and times of day (first contact, contacts, referrals, closure, registration)',
    reason: 'Exact dates (docs/domain.md): the first contact as ISO year and week, every later event as days since first contact.',
  },
  {
    field: 'programme (the manual followed, the programme recommended)',
    reason:
      'Typed by staff, so free text (docs/domain.md: no free text ever), and a rare manual can point to one municipality or family. It can return as a code once there is a fixed list of manuals to map it to.',
  },
  {
    field: 'contact reason, referral note, entered-in-error reason',
    reason: 'Free text (docs/domain.md: no free text ever).',
  },
  {
    field: 'names of municipal targets',
    reason: 'Set by each municipality, so free text; a target is named by its kind and limit instead.',
  },
  {
    field: 'course, child, contact and referral ids; registering staff',
    reason: 'Internal ids and staff identities link back to the case file.',
  },
  { field: 'consents', reason: 'Not part of the evaluation; who consented also reveals the age band 15–17.' },
  {
    field: 'courses without a CPR, courses and contacts entered in error',
    reason: 'Held back until the CPR is added (docs/domain.md); entered-in-error rows never happened.',
  },
]);

/**
 * The `referral_destinations` value: `destination:days` items ordered by days and then by KL's
 * code-list order, so the value depends only on the referrals, not on the order they were read.
 */
export function referralDestinationsValue(referrals: readonly { destination: ReferralDestination; days: number }[]): string {
  return [...referrals]
    .sort((a, b) => a.days - b.days || REFERRAL_DESTINATIONS.indexOf(a.destination) - REFERRAL_DESTINATIONS.indexOf(b.destination))
    .map((r) => `${r.destination}${PAIR_SEPARATOR}${r.days}`)
    .join(LIST_SEPARATOR);
}

/**
 * The `municipal_target_states` value: `kind_<limit>d:state` items in the order of TARGET_KINDS
 * and then by limit. Named by kind and limit, not by the municipality's own label for the target.
 */
export function municipalTargetStatesValue(results: readonly { kind: TargetKind; limitDays: number; state: TargetState }[]): string {
  return [...results]
    .sort((a, b) => TARGET_KINDS.indexOf(a.kind) - TARGET_KINDS.indexOf(b.kind) || a.limitDays - b.limitDays)
    .map((r) => `${r.kind}_${r.limitDays}d${PAIR_SEPARATOR}${r.state}`)
    .join(LIST_SEPARATOR);
}

/** A `code_list` value from codes, in the order of the column's code list (`focus_areas`, `delivery`). */
export function codeListValue<T extends string>(codes: readonly T[], order: readonly T[]): string {
  return order.filter((code) => codes.includes(code)).join(LIST_SEPARATOR);
}
