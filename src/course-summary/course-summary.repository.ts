import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { SummaryRow, SummarySource, TargetRow } from './course-summary.js';
import { KEY_COLUMNS, SUMMARY_COLUMNS, TARGET_COLUMNS, summaryRecord, targetRecord } from './course-summary.columns.js';

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
// The same text as the courses repository gives `createdAt`: contacts on one date are ordered by it.
const STAMP = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * What the summary of many courses is computed from, in one query: each course with its region,
 * its child's birth date and sex, and its contacts, referrals and consents as JSON arrays, in the
 * order the courses repository loads them (the clocks break ties on that order).
 */
const SOURCES_SQL = `
  SELECT c.id, c.municipality_code AS "municipalityCode", m.region_code AS "regionCode", c.status,
         ${DATE('c.first_contact_date')} AS "firstContactDate", c.clearly_in_target_group AS "clearlyInTargetGroup",
         ${DATE('c.closure_date')} AS "closureDate", c.child_id AS "childId", ${DATE('ch.birth_date')} AS "birthDate", ch.sex,
         c.first_contact_channel AS channel, c.first_contact_by AS "contactedBy", c.focus_areas AS "focusAreas",
         c.closure_reason AS "closureReason",
         coalesce((SELECT json_agg(json_build_object('id', k.id, 'type', k.type, 'date', ${DATE('k.date')}, 'status', k.status,
                                                     'outcome', k.outcome, 'createdAt', ${STAMP('k.created_at')},
                                                     'programme', k.programme, 'delivery', k.delivery)
                                   ORDER BY k.date, k.created_at, k.id)
                     FROM contact k WHERE k.course_id = c.id), '[]') AS contacts,
         coalesce((SELECT json_agg(json_build_object('date', ${DATE('r.date')}, 'destination', r.destination)
                                   ORDER BY r.date, r.created_at)
                     FROM referral r WHERE r.course_id = c.id), '[]') AS referrals,
         coalesce((SELECT json_agg(json_build_object('scope', s.scope) ORDER BY s.date, s.created_at)
                     FROM consent s WHERE s.course_id = c.id), '[]') AS consents
    FROM course c
    JOIN municipality m ON m.code = c.municipality_code
    LEFT JOIN child ch ON ch.id = c.child_id AND ch.municipality_code = c.municipality_code
   WHERE c.id = ANY($1::uuid[])
   ORDER BY c.id`;

const assignments = (columns: readonly string[]) =>
  columns
    .filter((c) => !KEY_COLUMNS.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');

/** `course_summary` and `course_target`, written set-based: a few statements however many courses. */
@Injectable()
export class CourseSummaryRepository {
  constructor(private readonly db: Db) {}

  /**
   * The courses of a municipality whose first contact is on or after `from` (a Danish local date),
   * not entered in error, in id order.
   */
  async courseIdsFrom(municipalityCode: string, from: string): Promise<string[]> {
    const rows: { id: string }[] = await this.db.tx.query(
      `SELECT id FROM course WHERE municipality_code = $1 AND first_contact_date >= $2 AND status <> 'entered_in_error' ORDER BY id`,
      [municipalityCode, from],
    );
    return rows.map((r) => r.id);
  }

  /** The summary sources of these courses (those the caller may see), in id order. */
  async sourcesOf(courseIds: readonly string[]): Promise<SummarySource[]> {
    if (!courseIds.length) return [];
    return this.db.tx.query(SOURCES_SQL, [courseIds]);
  }

  /**
   * Rewrites the summary rows of these courses and replaces their target rows: one upsert of every
   * summary, one delete of the courses' target rows, one insert of the new ones.
   */
  async save(summaries: readonly SummaryRow[], targets: readonly TargetRow[]): Promise<void> {
    if (!summaries.length) return;
    await this.db.tx.query(
      `INSERT INTO course_summary (${SUMMARY_COLUMNS.join(', ')})
       SELECT ${SUMMARY_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::course_summary, $1::jsonb)
       ON CONFLICT (${KEY_COLUMNS.join(', ')}) DO UPDATE SET ${assignments(SUMMARY_COLUMNS)}`,
      [JSON.stringify(summaries.map(summaryRecord))],
    );
    await this.db.tx.query(
      `DELETE FROM course_target
        WHERE (municipality_code, course_id) IN (SELECT * FROM unnest($1::char(3)[], $2::uuid[]))`,
      [summaries.map((s) => s.municipalityCode), summaries.map((s) => s.courseId)],
    );
    if (!targets.length) return;
    await this.db.tx.query(
      `INSERT INTO course_target (${TARGET_COLUMNS.join(', ')})
       SELECT ${TARGET_COLUMNS.join(', ')} FROM jsonb_populate_recordset(NULL::course_target, $1::jsonb)`,
      [JSON.stringify(targets.map(targetRecord))],
    );
  }
}
