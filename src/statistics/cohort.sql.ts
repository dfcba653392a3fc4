/**
 * SQL fragments every figure shares (docs/metrics.md): who is in a cohort, the waits between
 * steps, and how a percentile is taken. Plain strings and functions of a table alias, so the
 * repositories that use them (statistics, extracts) write each rule the same way.
 */

/**
 * A course entered in error never happened: it is in no figure, in no extract and in no course
 * count (docs/metrics.md, "Cohort"). `column` is the course's status column: `status` on
 * `course` and `course_summary`, `course_status` on `course_target`.
 */
export const notEnteredInError = (alias: string, column: 'status' | 'course_status' = 'status'): string =>
  `${alias}.${column} <> 'entered_in_error'`;

/**
 * The cohort of first contacts in [from, to] (both inclusive, Danish local dates), except courses
 * entered in error. `from` and `to` are SQL expressions (parameters).
 */
export const cohortSql = (alias: string, from: string, to: string, column: 'status' | 'course_status' = 'status'): string =>
  `${alias}.first_contact_date BETWEEN ${from}::date AND ${to}::date AND ${notEnteredInError(alias, column)}`;

/**
 * A percentile as the figures publish it: PostgreSQL's `percentile_cont` (linear interpolation),
 * rounded to one decimal; null over no values. `filter` limits the values (a FILTER clause).
 */
export const percentileSql = (expr: string, p: number, filter?: string): string =>
  `round((percentile_cont(${p}) WITHIN GROUP (ORDER BY ${expr})${filter ? ` FILTER (WHERE ${filter})` : ''})::numeric, 1)::float8`;

/**
 * The waits between steps, in calendar days (`later − earlier`) between the dates the per-course
 * summary keeps: the first contact, the first held pre-conversation and screening, the first and
 * last held treatment session, the first held closing conversation, the closure. Null until both
 * dates exist. The flow report gives every wait, the indicators the median of the first four.
 */
export const STEP_WAITS = {
  firstContactToPreConversation: { from: 'first_contact_date', to: 'pre_conversation_on' },
  firstContactToScreening: { from: 'first_contact_date', to: 'screening_on' },
  preConversationToScreening: { from: 'pre_conversation_on', to: 'screening_on' },
  screeningToFirstTreatment: { from: 'screening_on', to: 'first_treatment_on' },
  firstContactToFirstTreatment: { from: 'first_contact_date', to: 'first_treatment_on' },
  firstTreatmentToLastTreatment: { from: 'first_treatment_on', to: 'last_treatment_on' },
  lastTreatmentToClosingConversation: { from: 'last_treatment_on', to: 'closing_conversation_on' },
  firstContactToClosure: { from: 'first_contact_date', to: 'closure_date' },
} as const;
export type StepWait = keyof typeof STEP_WAITS;

/** A wait's days over a `course_summary` alias. */
export const stepWaitSql = (wait: StepWait, alias: string): string => `${alias}.${STEP_WAITS[wait].to} - ${alias}.${STEP_WAITS[wait].from}`;
