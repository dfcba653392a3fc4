import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { SummaryRow, TargetRow, TargetSource } from './course-summary.js';
import { KEY_COLUMNS, SUMMARY_COLUMNS, TARGET_COLUMNS, summaryRecord, targetRecord } from './course-summary.columns.js';

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
// The same text as the courses repository gives `createdAt`: contacts on one date are ordered by it.
const STAMP = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * What the target rows of many courses are computed from, in one query (`$1`: the course ids):
 * each course's facts and region, and its contacts as a JSON array in the order the courses
 * repository loads them (the clocks break ties on that order). JSON writes a date as `YYYY-MM-DD`
 * whatever the session's DateStyle.
 */
export const TARGET_SOURCES_SQL = `
  SELECT c.id, c.municipality_code AS "municipalityCode", m.region_code AS "regionCode", c.status,
         ${DATE('c.first_contact_date')} AS "firstContactDate", c.clearly_in_target_group AS "clearlyInTargetGroup",
         ${DATE('c.closure_date')} AS "closureDate",
         coalesce((SELECT json_agg(json_build_object('id', k.id, 'type', k.type, 'date', k.date, 'status', k.status,
                                                     'outcome', k.outcome, 'createdAt', ${STAMP('k.created_at')})
                                   ORDER BY k.date, k.created_at, k.id)
                     FROM contact k WHERE k.course_id = c.id), '[]') AS contacts
    FROM course c
    JOIN municipality m ON m.code = c.municipality_code
   WHERE c.id = ANY($1::uuid[])
   ORDER BY c.id`;

const assignments = (columns: readonly string[]) =>
  columns
    .filter((c) => !KEY_COLUMNS.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');

type Statement = [sql: string, params: unknown[]];

/**
 * The one statement that rewrites these courses' summary rows and replaces their target rows
 * (every target row of theirs not in `targets` deleted, the others upserted whole: TARGET_COLUMNS
 * are all of the table's columns): one round trip for a course change. Exported so the
 * benchmark's floor runs the same SQL. The courses are locked by the caller (a change holds its
 * course's row lock; a target change locks its batch), so nothing else writes these rows meanwhile.
 */
export function saveStatements(summaries: readonly SummaryRow[], targets: readonly TargetRow[]): Statement[] {
  if (!summaries.length) return [];
  const courses = summaries.map((s) => ({ municipalityCode: s.municipalityCode, id: s.courseId }));
  return [
    [
      `WITH summaries AS (
         INSERT INTO course_summary (${SUMMARY_COLUMNS.join(', ')})
         SELECT ${SUMMARY_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::course_summary, $1::json)
         ON CONFLICT (${KEY_COLUMNS.join(', ')}) DO UPDATE SET ${assignments(SUMMARY_COLUMNS)}
         RETURNING 1
       ), fresh AS (
         SELECT ${TARGET_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::course_target, $2::json)
       ), gone AS (
         DELETE FROM course_target t
          WHERE (t.municipality_code, t.course_id) IN (SELECT * FROM unnest($3::char(3)[], $4::uuid[]))
            AND NOT EXISTS (SELECT 1 FROM fresh f
                             WHERE f.municipality_code = t.municipality_code AND f.course_id = t.course_id AND f.target = t.target)
         RETURNING 1
       ), kept AS (
         INSERT INTO course_target (${TARGET_COLUMNS.join(', ')}) SELECT * FROM fresh
         ON CONFLICT (municipality_code, course_id, target) DO UPDATE SET ${assignments(TARGET_COLUMNS)}
         RETURNING 1
       )
       SELECT (SELECT count(*) FROM summaries) AS summaries, (SELECT count(*) FROM gone) AS gone, (SELECT count(*) FROM kept) AS kept`,
      [
        JSON.stringify(summaries.map(summaryRecord)),
        JSON.stringify(targets.map(targetRecord)),
        courses.map((c) => c.municipalityCode),
        courses.map((c) => c.id),
      ],
    ],
  ];
}

function replaceTargetsStatements(
  courses: readonly { municipalityCode: string; id: string }[],
  targets: readonly TargetRow[],
): Statement[] {
  if (!courses.length) return [];
  const out: Statement[] = [
    [
      `DELETE FROM course_target
        WHERE (municipality_code, course_id) IN (SELECT * FROM unnest($1::char(3)[], $2::uuid[]))`,
      [courses.map((c) => c.municipalityCode), courses.map((c) => c.id)],
    ],
  ];
  if (targets.length)
    out.push([
      `INSERT INTO course_target (${TARGET_COLUMNS.join(', ')})
       SELECT ${TARGET_COLUMNS.join(', ')} FROM json_populate_recordset(NULL::course_target, $1::json)`,
      [JSON.stringify(targets.map(targetRecord))],
    ]);
  return out;
}

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

  /** What the target rows of these courses (those the caller may see) are computed from, in id order. */
  async targetSourcesOf(courseIds: readonly string[]): Promise<TargetSource[]> {
    if (!courseIds.length) return [];
    return this.db.tx.query(TARGET_SOURCES_SQL, [courseIds]);
  }

  /** Rewrites the summary rows of these courses (one upsert) and replaces their target rows. */
  async save(summaries: readonly SummaryRow[], targets: readonly TargetRow[]): Promise<void> {
    for (const [sql, params] of saveStatements(summaries, targets)) await this.db.tx.query(sql, params);
  }

  /** Replaces the target rows of these courses with `targets`: one delete, one insert. */
  async replaceTargets(courses: readonly { municipalityCode: string; id: string }[], targets: readonly TargetRow[]): Promise<void> {
    for (const [sql, params] of replaceTargetsStatements(courses, targets)) await this.db.tx.query(sql, params);
  }
}
