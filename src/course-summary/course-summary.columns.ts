/**
 * The columns of `course_summary` and `course_target` and each one's value from a computed row:
 * one list, read by the repository (the service's writes) and by the synthetic loader (COPY).
 */
import type { SummaryRow, TargetRow } from './course-summary.js';

type Field<Row> = readonly [column: string, value: (row: Row) => unknown];

const SUMMARY_FIELDS: readonly Field<SummaryRow>[] = [
  ['municipality_code', (s) => s.municipalityCode],
  ['course_id', (s) => s.courseId],
  ['region_code', (s) => s.regionCode],
  ['status', (s) => s.status],
  ['first_contact_date', (s) => s.firstContactDate],
  ['child_id', (s) => s.childId],
  ['age_years', (s) => s.ageYears],
  ['sex', (s) => s.sex],
  ['channel', (s) => s.channel],
  ['contacted_by', (s) => s.contactedBy],
  ['clearly_in_target_group', (s) => s.clearlyInTargetGroup],
  ['focus_areas', (s) => s.focusAreas],
  ['pre_conversation_on', (s) => s.preConversationOn],
  ['pre_conversation_outcome', (s) => s.preConversationOutcome],
  ['screening_on', (s) => s.screeningOn],
  ['screening_outcome', (s) => s.screeningOutcome],
  ['first_treatment_on', (s) => s.firstTreatmentOn],
  ['last_treatment_on', (s) => s.lastTreatmentOn],
  ['treatment_sessions_held', (s) => s.treatmentSessionsHeld],
  ['treatment_cancelled_by_family', (s) => s.treatmentCancelledByFamily],
  ['treatment_cancelled_by_municipality', (s) => s.treatmentCancelledByMunicipality],
  ['treatment_no_shows', (s) => s.treatmentNoShows],
  ['treatment_gaps', (s) => s.treatmentGaps],
  ['programme', (s) => s.programme],
  ['treatment_deliveries', (s) => s.treatmentDeliveries],
  ['closing_conversation_on', (s) => s.closingConversationOn],
  ['closure_date', (s) => s.closureDate],
  ['closure_reason', (s) => s.closureReason],
  ['referrals', (s) => s.referrals],
  ['data_flags', (s) => s.dataFlags],
];

const TARGET_FIELDS: readonly Field<TargetRow>[] = [
  ['municipality_code', (t) => t.municipalityCode],
  ['course_id', (t) => t.courseId],
  ['region_code', (t) => t.regionCode],
  ['target', (t) => t.target],
  ['kind', (t) => t.kind],
  ['national', (t) => t.national],
  ['limit_days', (t) => t.limitDays],
  ['first_contact_date', (t) => t.firstContactDate],
  ['course_status', (t) => t.courseStatus],
  ['settled_state', (t) => t.settledState],
  ['adjusted_settled_state', (t) => t.adjustedSettledState],
  ['state_before_deadline', (t) => t.stateBeforeDeadline],
  ['adjusted_state_before_deadline', (t) => t.adjustedStateBeforeDeadline],
  ['clock_start', (t) => t.clockStart],
  ['deadline', (t) => t.deadline],
  ['held_on', (t) => t.heldOn],
  ['days_waited', (t) => t.daysWaited],
  ['family_delay_days', (t) => t.familyDelayDays],
  ['adjusted_days', (t) => t.adjustedDays],
  ['delay_from', (t) => t.delayFrom],
  ['delay_to', (t) => t.delayTo],
  ['planned_dates', (t) => t.plannedDates],
];

/** The key of both tables: a row of either belongs to one course of one municipality. */
export const KEY_COLUMNS: readonly string[] = ['municipality_code', 'course_id'];
export const SUMMARY_COLUMNS: readonly string[] = SUMMARY_FIELDS.map(([column]) => column);
export const TARGET_COLUMNS: readonly string[] = TARGET_FIELDS.map(([column]) => column);

/** A summary row as values in `SUMMARY_COLUMNS` order, `referrals` as JSON text (for COPY). */
export function summaryValues(s: SummaryRow): unknown[] {
  return SUMMARY_FIELDS.map(([column, value]) => (column === 'referrals' ? JSON.stringify(value(s)) : value(s)));
}

/** A target row as values in `TARGET_COLUMNS` order (for COPY). */
export function targetValues(t: TargetRow): unknown[] {
  return TARGET_FIELDS.map(([, value]) => value(t));
}

/** A summary row as one JSON object keyed by column (for `jsonb_populate_recordset`). */
export function summaryRecord(s: SummaryRow): Record<string, unknown> {
  return Object.fromEntries(SUMMARY_FIELDS.map(([column, value]) => [column, value(s)]));
}

/** A target row as one JSON object keyed by column (for `jsonb_populate_recordset`). */
export function targetRecord(t: TargetRow): Record<string, unknown> {
  return Object.fromEntries(TARGET_FIELDS.map(([column, value]) => [column, value(t)]));
}
