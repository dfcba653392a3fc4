import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { SummaryRow, TargetRow } from './course-summary.js';
import type { TargetDefinition, TargetKind } from './target-definitions.js';

export interface MunicipalTargetRow extends TargetDefinition {
  id: string;
  createdBy: string;
  createdAt: string;
}

/** A municipality's own targets, every version (shared with the benchmark's floor, as the statements below). */
export const MUNICIPAL_TARGETS_SQL = `SELECT id, name, kind, limit_days AS "limitDays", to_char(valid_from, 'YYYY-MM-DD') AS "validFrom",
              to_char(valid_to, 'YYYY-MM-DD') AS "validTo", false AS national, created_by AS "createdBy",
              to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "createdAt"
         FROM service_target WHERE municipality_code = $1 ORDER BY name, valid_from`;
export const UPSERT_SUMMARY_SQL = `INSERT INTO course_summary (municipality_code, course_id, region_code, status, first_contact_date, child_id, age_years, sex,
         channel, contacted_by, clearly_in_target_group, focus_areas, pre_conversation_on, pre_conversation_outcome, screening_on,
         screening_outcome, first_treatment_on, last_treatment_on, treatment_sessions_held, treatment_cancelled_by_family,
         treatment_cancelled_by_municipality, treatment_no_shows, treatment_gaps, programme, treatment_deliveries, closing_conversation_on,
         closure_date, closure_reason, referrals, data_flags)
       VALUES (${Array.from({ length: 30 }, (_, i) => `$${i + 1}`).join(', ')})
       ON CONFLICT (municipality_code, course_id) DO UPDATE SET
         region_code = EXCLUDED.region_code, status = EXCLUDED.status, first_contact_date = EXCLUDED.first_contact_date,
         child_id = EXCLUDED.child_id, age_years = EXCLUDED.age_years, sex = EXCLUDED.sex, channel = EXCLUDED.channel,
         contacted_by = EXCLUDED.contacted_by, clearly_in_target_group = EXCLUDED.clearly_in_target_group,
         focus_areas = EXCLUDED.focus_areas, pre_conversation_on = EXCLUDED.pre_conversation_on,
         pre_conversation_outcome = EXCLUDED.pre_conversation_outcome, screening_on = EXCLUDED.screening_on,
         screening_outcome = EXCLUDED.screening_outcome, first_treatment_on = EXCLUDED.first_treatment_on,
         last_treatment_on = EXCLUDED.last_treatment_on, treatment_sessions_held = EXCLUDED.treatment_sessions_held,
         treatment_cancelled_by_family = EXCLUDED.treatment_cancelled_by_family,
         treatment_cancelled_by_municipality = EXCLUDED.treatment_cancelled_by_municipality,
         treatment_no_shows = EXCLUDED.treatment_no_shows, treatment_gaps = EXCLUDED.treatment_gaps,
         programme = EXCLUDED.programme, treatment_deliveries = EXCLUDED.treatment_deliveries, closing_conversation_on = EXCLUDED.closing_conversation_on,
         closure_date = EXCLUDED.closure_date, closure_reason = EXCLUDED.closure_reason, referrals = EXCLUDED.referrals,
         data_flags = EXCLUDED.data_flags`;

@Injectable()
export class ServiceTargetsRepository {
  constructor(private readonly db: Db) {}

  async municipalTargets(municipalityCode: string): Promise<MunicipalTargetRow[]> {
    return this.db.tx.query(MUNICIPAL_TARGETS_SQL, [municipalityCode]);
  }

  /** Replaces the municipality's own targets (every version) with `targets`. */
  async replaceMunicipalTargets(
    municipalityCode: string,
    targets: { name: string; kind: TargetKind; limitDays: number; validFrom: string; validTo?: string | null }[],
    createdBy: string,
  ): Promise<void> {
    await this.db.tx.query(`DELETE FROM service_target WHERE municipality_code = $1`, [municipalityCode]);
    for (const t of targets) {
      await this.db.tx.query(
        `INSERT INTO service_target (municipality_code, name, kind, limit_days, valid_from, valid_to, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [municipalityCode, t.name, t.kind, t.limitDays, t.validFrom, t.validTo ?? null, createdBy],
      );
    }
  }

  async courseIdsFrom(municipalityCode: string, firstContactFrom: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.tx.query(
      `SELECT id FROM course WHERE municipality_code = $1 AND first_contact_date >= $2 AND status <> 'entered_in_error'`,
      [municipalityCode, firstContactFrom],
    );
    return rows.map((r) => r.id);
  }

  /** Rewrites a course's summary and target rows (in the caller's transaction). */
  async saveSummary(summary: SummaryRow, targets: TargetRow[]): Promise<void> {
    await this.db.tx.query(...saveSummaryStatement(summary, targets));
  }
}

export const SUMMARY_COLUMNS = [
  'municipality_code',
  'course_id',
  'region_code',
  'status',
  'first_contact_date',
  'child_id',
  'age_years',
  'sex',
  'channel',
  'contacted_by',
  'clearly_in_target_group',
  'focus_areas',
  'pre_conversation_on',
  'pre_conversation_outcome',
  'screening_on',
  'screening_outcome',
  'first_treatment_on',
  'last_treatment_on',
  'treatment_sessions_held',
  'treatment_cancelled_by_family',
  'treatment_cancelled_by_municipality',
  'treatment_no_shows',
  'treatment_gaps',
  'programme',
  'treatment_deliveries',
  'closing_conversation_on',
  'closure_date',
  'closure_reason',
  'referrals',
  'data_flags',
];

export function summaryValues(s: SummaryRow): unknown[] {
  return [
    s.municipalityCode,
    s.courseId,
    s.regionCode,
    s.status,
    s.firstContactDate,
    s.childId,
    s.ageYears,
    s.sex,
    s.channel,
    s.contactedBy,
    s.clearlyInTargetGroup,
    s.focusAreas,
    s.preConversationOn,
    s.preConversationOutcome,
    s.screeningOn,
    s.screeningOutcome,
    s.firstTreatmentOn,
    s.lastTreatmentOn,
    s.treatmentSessionsHeld,
    s.treatmentCancelledByFamily,
    s.treatmentCancelledByMunicipality,
    s.treatmentNoShows,
    s.treatmentGaps,
    s.programme,
    s.treatmentDeliveries,
    s.closingConversationOn,
    s.closureDate,
    s.closureReason,
    JSON.stringify(s.referrals),
    s.dataFlags,
  ];
}

export const TARGET_COLUMNS = [
  'municipality_code',
  'course_id',
  'region_code',
  'target',
  'kind',
  'national',
  'limit_days',
  'first_contact_date',
  'course_status',
  'settled_state',
  'adjusted_settled_state',
  'state_before_deadline',
  'adjusted_state_before_deadline',
  'clock_start',
  'deadline',
  'held_on',
  'days_waited',
  'family_delay_days',
  'adjusted_days',
  'delay_from',
  'delay_to',
  'planned_dates',
];

export function targetValues(t: TargetRow): unknown[] {
  return [
    t.municipalityCode,
    t.courseId,
    t.regionCode,
    t.target,
    t.kind,
    t.national,
    t.limitDays,
    t.firstContactDate,
    t.courseStatus,
    t.settledState,
    t.adjustedSettledState,
    t.stateBeforeDeadline,
    t.adjustedStateBeforeDeadline,
    t.clockStart,
    t.deadline,
    t.heldOn,
    t.daysWaited,
    t.familyDelayDays,
    t.adjustedDays,
    t.delayFrom,
    t.delayTo,
    t.plannedDates,
  ];
}

/**
 * A course's summary and its target rows in one statement (one round trip, however many
 * targets): the summary upserted; the target rows upserted by their key; and the course's other
 * target rows (those the course is no longer judged by) deleted. The DELETE sees the rows as they
 * were before the statement and spares the targets being written, so no row is touched twice.
 * Shared with the benchmark's floor.
 */
export function saveSummaryStatement(summary: SummaryRow, targets: TargetRow[]): [string, unknown[]] {
  const values = summaryValues(summary);
  const w = TARGET_COLUMNS.length;
  const rows = targets.map((_, r) => `(${TARGET_COLUMNS.map((_, i) => `$${values.length + r * w + i + 1}`).join(', ')})`);
  const keep = `$${values.length + targets.length * w + 1}::text[]`;
  const upsertTargets = targets.length
    ? `INSERT INTO course_target (${TARGET_COLUMNS.join(', ')}) VALUES ${rows.join(', ')}
       ON CONFLICT (municipality_code, course_id, target) DO UPDATE SET
       ${TARGET_COLUMNS.filter((c) => !['municipality_code', 'course_id', 'target'].includes(c))
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(', ')}`
    : 'SELECT 1';
  const sql = `WITH summary AS (${UPSERT_SUMMARY_SQL} RETURNING 1),
       other_targets AS (DELETE FROM course_target WHERE municipality_code = $1 AND course_id = $2 AND target <> ALL (${keep}))
  ${upsertTargets}`;
  return [sql, [...values, ...targets.flatMap(targetValues), targets.map((t) => t.target)]];
}
