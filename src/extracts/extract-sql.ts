/**
 * The SQL behind the row extracts, over the per-course summaries. It selects only what the
 * allow-list (extract-columns.ts) needs, plus what the row transform turns into the pseudonymous
 * child key and then drops: the blind index (the `cpr_index` scheme) or the sealed CPR (`cpr`). `npm run bench` runs the same text with
 * `COPY (...) TO STDOUT` as the floor.
 *
 * Parameters: $1 from, $2 to (first-contact dates), $3 reference date (target states as of),
 * $4 municipality codes or NULL for all.
 */

import { ageGroupSql, extractAgeLabel } from '../statistics/age-bands.js';
import { TARGET_STATE_SQL } from '../service-targets/target-state-sql.js';
import { cohortSql, notEnteredInError } from '../statistics/cohort.sql.js';
import type { PseudonymScheme } from './pseudonym.js';

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

/** The first contact as ISO year and week (never a date). */
const FIRST_CONTACT_WEEK = `
  extract(isoyear FROM k.first_contact_date)::int AS first_contact_year,
  extract(week FROM k.first_contact_date)::int AS first_contact_iso_week`;

/**
 * Courses stream: the cohort is sorted once, and each course's number and target states are then
 * looked up per row through indexes, so rows flow to the service while the database still works
 * on later ones (a window function or grouped aggregate would hold every row back until the end).
 */
export const coursesExtractSql = (scheme: PseudonymScheme): string => `
  SELECT ${IDENTITY[scheme]},
         ${COURSE_NUMBER} AS course_number,
         k.municipality_code::text AS municipality_code, k.region_code::text AS region_code,
         ${FIRST_CONTACT_WEEK},
         k.age_years,
         ${ageGroupSql('k.age_years', extractAgeLabel)} AS age_group,
         k.sex, k.channel, k.contacted_by, k.clearly_in_target_group, k.focus_areas,
         k.pre_conversation_on - k.first_contact_date AS days_to_pre_conversation,
         k.screening_on - k.first_contact_date AS days_to_screening,
         k.first_treatment_on - k.first_contact_date AS days_to_first_treatment,
         k.closing_conversation_on - k.first_contact_date AS days_to_closing_conversation,
         k.closure_date - k.first_contact_date AS days_to_closure,
         k.pre_conversation_outcome, k.screening_outcome, k.treatment_deliveries AS delivery,
         k.treatment_sessions_held, k.treatment_cancelled_by_family AS treatment_sessions_cancelled_by_family,
         k.treatment_cancelled_by_municipality AS treatment_sessions_cancelled_by_municipality,
         k.treatment_no_shows, k.referrals, k.closure_reason,
         st.national AS national_states, st.municipal AS municipal_states
    ${COHORT_FROM}
    CROSS JOIN LATERAL (
      SELECT jsonb_object_agg(ct.target, ${STATE}) FILTER (WHERE ct.national) AS national,
             jsonb_agg(jsonb_build_object('kind', ct.kind, 'limitDays', ct.limit_days, 'state', ${STATE})) FILTER (WHERE NOT ct.national) AS municipal
        FROM course_target ct
       WHERE ct.municipality_code = k.municipality_code AND ct.course_id = k.course_id
    ) st
    ${COHORT_WHERE}
   ORDER BY k.first_contact_date, k.course_id`;

export const contactsExtractSql = (scheme: PseudonymScheme): string => `
  SELECT ${IDENTITY[scheme]},
         n.course_number,
         k.municipality_code::text AS municipality_code, k.region_code::text AS region_code,
         ${FIRST_CONTACT_WEEK},
         t.type AS contact_type, t.status AS contact_status, t.date - k.first_contact_date AS days_since_first_contact,
         t.participants, t.delivery, t.mode, t.duration_minutes, t.outcome
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
 * per-row look-ups (an index scan of the summaries): the job's progress estimate. It runs in a
 * snapshot of its own before the cursor's, so a course changed in between makes it differ by that.
 */
export const COURSES_COUNT_SQL = `
  SELECT count(*)::int AS n
    ${COHORT_FROM}
    ${COHORT_WHERE}
     AND $3::date IS NOT NULL -- the reference date, unused here`;

export const CONTACTS_COUNT_SQL = `
  SELECT count(*)::int AS n
    ${COHORT_FROM}
    JOIN contact t ON t.course_id = k.course_id AND t.municipality_code = k.municipality_code
    ${COHORT_WHERE}
     AND t.status <> 'entered_in_error' AND $3::date IS NOT NULL -- the reference date, unused here`;
