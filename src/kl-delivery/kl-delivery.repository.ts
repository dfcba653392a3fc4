import { Injectable } from '@nestjs/common';
import pg from 'pg';
import { Db } from '../database/db.js';
import { WIDEN_SQL } from '../database/tenant-transaction.interceptor.js';
import type { KlCourseRow } from '../kl-reporting/kl-course.js';
import type { KlResource } from '../kl-reporting/kl-resources.js';
import type { KlHeldBack, KlReportedState } from '../kl-reporting/kl-report.rules.js';
import type { Rejection, ReportState } from './delivery.rules.js';
import { QUEUE_SCHEMA } from '../jobs/job-queue.schema.js';

/** A child's id as the delivery's jobs carry it. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const DATE = (column: string) => `to_char(${column}, 'YYYY-MM-DD')`;
// As the courses read a time (staff record HH:mm): a course read either way is the same row (klCourseRowFromRecord).
const TIME = (column: string) => `to_char(${column}, 'HH24:MI')`;
const STAMP = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** A Danish local date as the start of that day, as a timestamptz (periods are Danish dates). */
const DANISH_DAY = (param: string) => `(${param}::date::timestamp AT TIME ZONE 'Europe/Copenhagen')`;

export type ReportCause = 'change' | 'backfill' | 'settings' | 'redelivery';

export interface CourseState {
  courseId: string;
  reported: KlReportedState;
  reportsMade: number;
  heldBack: KlHeldBack | null;
}

/** A course to plan: KL's row, its planning state and its municipality's SOR code. */
export interface PlanningRow extends KlCourseRow {
  reported: KlReportedState;
  reportsMade: number;
  sorCode: string | null;
}

/** A course's planning state to write: `reportedJson` is what changed in it, as `PlannedCourse.reportedJson`. */
export interface PlannedState {
  courseId: string;
  municipalityCode: string;
  reportedJson: string;
  reportsMade: number;
  heldBack: KlHeldBack | null;
}

export interface NewReport {
  id: string;
  municipalityCode: string;
  courseId: string;
  childId: string;
  /** The Bundle as validated, as JSON text: stored and sent byte for byte. */
  bundle: string;
  cause: ReportCause;
  /** A report that failed KL's profiles here is stored rejected (never sent), and stops its child's line. */
  rejection: Rejection | null;
}

/** One try of a report, as recorded. */
export interface Try {
  id: string;
  state: 'accepted' | 'rejected' | 'sent';
  status: number | null;
  error: string | null;
  rejection: Rejection | null;
  at: Date;
  next_try_at: Date | null;
}

export interface LineReport {
  id: string;
  seq: string;
  state: 'pending' | 'sent' | 'rejected';
  tries: number;
  bundle: string;
}

export interface LedgerFilter {
  municipalities?: string[];
  state?: ReportState;
  from?: string;
  to?: string;
  courseId?: string;
  limit: number;
  offset: number;
}

export interface LedgerRow {
  id: string;
  seq: string;
  municipalityCode: string;
  courseId: string;
  state: ReportState;
  cause: ReportCause;
  tries: number;
  lastStatus: number | null;
  lastError: string | null;
  rejection: Rejection | null;
  createdAt: string;
  lastTriedAt: string | null;
  nextTryAt: string | null;
  acceptedAt: string | null;
  exportedAt: string | null;
  supersededBy: string | null;
  /** For a report waiting behind a rejected one of the same child: that report's id. */
  blockedBy: string | null;
}

export interface HeldBackRow {
  courseId: string;
  municipalityCode: string;
  reason: KlHeldBack;
  firstContactDate: string;
  status: string;
  since: string;
}

export interface JobSpec {
  childId: string;
  /** Lower runs first: day-to-day changes before a backfill. */
  priority: number;
}

/** What was reported of the course `courseId` (an SQL expression), without the contents: a KlReportedState's JSON. */
const REPORTED = (
  courseId: string,
) => `coalesce((SELECT json_object_agg(p.resource_id, json_build_object('hash', p.hash, 'childId', p.child_id,
                                                                           'resourceType', p.resource_type, 'withdrawn', p.withdrawn))
                            FROM kl_reported_resource p WHERE p.course_id = ${courseId}), '{}')`;

/**
 * What KL needs of the courses `$1` (locked first, by PLANNING_LOCK_SQL), their planning state and
 * their municipality's SOR code, in id order: one query for one course or a batch of them. The
 * state comes without the contents of what was reported (`reportedContents`): only a correction
 * needs them, and every change reads the rest.
 */
export const PLANNING_ROWS_SQL = `SELECT c.id, c.municipality_code AS "municipalityCode", c.status,
              ${DATE('c.first_contact_date')} AS "firstContactDate", ${TIME('c.first_contact_time')} AS "firstContactTime",
              c.focus_areas AS "focusAreas", ${DATE('c.closure_date')} AS "closureDate", ${TIME('c.closure_time')} AS "closureTime",
              CASE WHEN ch.id IS NULL THEN NULL ELSE json_build_object(
                'id', ch.id, 'cprKeyId', ch.cpr_key_id, 'cprCiphertext', encode(ch.cpr_ciphertext, 'base64'),
                'hasOtherCourses', EXISTS (SELECT 1 FROM course o WHERE o.child_id = ch.id AND o.id <> c.id AND o.status <> 'entered_in_error')
              ) END AS child,
              coalesce((SELECT json_agg(json_build_object('id', x.id, 'type', x.type, 'date', ${DATE('x.date')}, 'time', ${TIME('x.time')},
                                                          'status', x.status, 'participants', x.participants, 'delivery', x.delivery)
                                        ORDER BY x.date, x.created_at, x.id)
                          FROM contact x WHERE x.course_id = c.id AND x.type <> 'first_contact'), '[]') AS contacts,
              coalesce((SELECT json_agg(json_build_object('id', f.id, 'date', ${DATE('f.date')}, 'time', ${TIME('f.time')},
                                                          'destination', f.destination, 'enteredInError', f.status = 'entered_in_error')
                                        ORDER BY f.date, f.created_at, f.id)
                          FROM referral f WHERE f.course_id = c.id), '[]') AS referrals,
              ${REPORTED('c.id')} AS reported,
              coalesce(s.reports_made, 0) AS "reportsMade", r.sor_code AS "sorCode"
         FROM course c
         LEFT JOIN child ch ON ch.id = c.child_id AND ch.municipality_code = c.municipality_code
         LEFT JOIN kl_course_state s ON s.course_id = c.id
         LEFT JOIN municipality_reporting r ON r.municipality_code = c.municipality_code
        WHERE c.id = ANY($1::uuid[])
        ORDER BY c.id`;

/**
 * What a change's outbox reads besides the course the change has just read: the planning state of
 * the course `$1` (without contents), the SOR code of its municipality `$2`, and whether its child
 * `$3` (null: none) has another course that is not entered in error.
 */
export const PLANNING_STATE_SQL = `SELECT ${REPORTED('$1::uuid')} AS reported,
              coalesce((SELECT s.reports_made FROM kl_course_state s WHERE s.course_id = $1::uuid), 0) AS "reportsMade",
              (SELECT r.sor_code FROM municipality_reporting r WHERE r.municipality_code = $2) AS "sorCode",
              EXISTS (SELECT 1 FROM course o WHERE o.child_id = $3::uuid AND o.id <> $1::uuid AND o.status <> 'entered_in_error') AS "hasOtherCourses"`;

/** Locks the courses `$1` to plan, in id order (two plans never deadlock). */
export const PLANNING_LOCK_SQL = `SELECT id FROM course WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

/**
 * One statement writing planned reports, the courses' new planning state, and a delivery job per
 * child with something new (graphile-worker's `add_jobs`, job key `kl:<child id>`). The reports'
 * Bundles go in as the exact JSON text validated. Null when there is nothing to write.
 */
export function writePlannedQuery(
  reports: NewReport[],
  states: PlannedState[],
  jobs: JobSpec[],
  at: Date,
): { text: string; values: unknown[] } | null {
  if (!reports.length && !states.length && !jobs.length) return null;
  const reportsDocument = `[${reports
    .map(
      (r) =>
        `{"id":${JSON.stringify(r.id)},"m":${JSON.stringify(r.municipalityCode)},"c":${JSON.stringify(r.courseId)},` +
        `"k":${JSON.stringify(r.childId)},"cause":${JSON.stringify(r.cause)},"x":${JSON.stringify(r.rejection)},"b":${r.bundle}}`,
    )
    .join(',')}]`;
  const statesDocument = `[${states
    .map(
      (s) =>
        `{"c":${JSON.stringify(s.courseId)},"m":${JSON.stringify(s.municipalityCode)},"n":${s.reportsMade},` +
        `"h":${JSON.stringify(s.heldBack)}}`,
    )
    .join(',')}]`;
  // Only the parts with something to write: a course held back (no CPR, no SOR code) writes its
  // state alone, without a call of graphile-worker's add_jobs for no job. Each document is read
  // by json_to_recordset, which parses it once (every `->>` on a json value parses it again: with
  // the Bundles and resources inside, that was most of the backfill's time in PostgreSQL).
  const values: unknown[] = [at];
  const param = (value: unknown) => `$${values.push(value)}`;
  const parts: string[] = [];
  const counts: string[] = [];
  if (reports.length) {
    parts.push(`reports AS (
         INSERT INTO kl_report (id, municipality_code, course_id, child_id, bundle, cause, state, rejection, created_at)
         SELECT r.id, r.m, r.c, r.k, r.b, r.cause, CASE WHEN r.x IS NULL THEN 'pending' ELSE 'rejected' END, r.x, $1
           FROM ROWS FROM (json_to_recordset(${param(reportsDocument)}::json)
                             AS (id uuid, m text, c uuid, k uuid, cause text, x jsonb, b json)) WITH ORDINALITY AS r(id, m, c, k, cause, x, b, n)
          ORDER BY r.n
         RETURNING 1
       )`);
    counts.push('(SELECT count(*) FROM reports) AS reports');
  }
  if (states.length) {
    parts.push(`states AS (
         INSERT INTO kl_course_state (course_id, municipality_code, reports_made, held_back, planned_at)
         SELECT s.c, s.m, s.n, s.h, $1 FROM json_to_recordset(${param(statesDocument)}::json) AS s(c uuid, m text, n int, h text)
         ON CONFLICT (course_id) DO UPDATE SET reports_made = EXCLUDED.reports_made, held_back = EXCLUDED.held_back, planned_at = EXCLUDED.planned_at
         RETURNING 1
       )`);
    counts.push('(SELECT count(*) FROM states) AS states');
  }
  // The resources sent with a new content, one row each; those sent unchanged are not written again.
  const changed = states.filter((s) => s.reportedJson !== '[]');
  if (changed.length) {
    const resourcesDocument = `[${changed.map((s) => `{"c":${JSON.stringify(s.courseId)},"m":${JSON.stringify(s.municipalityCode)},"r":${s.reportedJson}}`).join(',')}]`;
    parts.push(`resources AS (
         INSERT INTO kl_reported_resource (course_id, municipality_code, resource_id, resource_type, child_id, hash, withdrawn, resource)
         SELECT s.c, s.m, e.i, e.t, e.k, e.h, e.w, e.r
           FROM json_to_recordset(${param(resourcesDocument)}::json) AS s(c uuid, m text, r json),
                json_to_recordset(s.r) AS e(i uuid, t text, k uuid, h text, w boolean, r json)
         ON CONFLICT (course_id, resource_id) DO UPDATE SET resource_type = EXCLUDED.resource_type, child_id = EXCLUDED.child_id,
           hash = EXCLUDED.hash, withdrawn = EXCLUDED.withdrawn, resource = EXCLUDED.resource
         RETURNING 1
       )`);
    counts.push('(SELECT count(*) FROM resources) AS resources');
  }
  if (jobs.length) {
    parts.push(`jobs AS (
         SELECT 1 FROM ${QUEUE_SCHEMA}.add_jobs(
           (SELECT array_agg(ROW('kl_deliver', json_build_object('childId', j.child_id), NULL, NULL, 32767, 'kl:' || j.child_id,
                                 j.priority, NULL)::${QUEUE_SCHEMA}.job_spec)
              FROM unnest(${param(jobs.map((j) => j.childId))}::text[], ${param(jobs.map((j) => j.priority))}::int[]) AS j(child_id, priority)),
           true)
       )`);
    counts.push('(SELECT count(*) FROM jobs) AS jobs');
  }
  return {
    text: `WITH ${parts.join(', ')} SELECT ${counts.join(', ')}, $1::timestamptz AS at`,
    values,
  };
}

const LEDGER_COLUMNS = `
  r.id, r.seq::text AS seq, r.municipality_code AS "municipalityCode", r.course_id AS "courseId", r.state, r.cause, r.tries,
  r.last_status AS "lastStatus", r.last_error AS "lastError", r.rejection,
  ${STAMP('r.created_at')} AS "createdAt", ${STAMP('r.last_tried_at')} AS "lastTriedAt", ${STAMP('r.next_try_at')} AS "nextTryAt",
  ${STAMP('r.accepted_at')} AS "acceptedAt", ${STAMP('r.exported_at')} AS "exportedAt", r.superseded_by AS "supersededBy"`;

/**
 * All SQL of the KL delivery: the reporting settings, the planner's state per course, the outbox
 * and ledger (`kl_report`), the delivery queue's jobs, and the read of a course as KL needs it.
 * Row-level security scopes every statement; the delivery worker and the backfill run in
 * transactions widened by `NationalScope` (`kl_delivery`).
 */
@Injectable()
export class KlDeliveryRepository {
  constructor(private readonly db: Db) {}

  // --- reporting settings ---------------------------------------------------------------

  async findReporting(municipality: string): Promise<{ sorCode: string; updatedBy: string; updatedAt: string } | undefined> {
    const [row] = await this.db.tx.query(
      `SELECT sor_code AS "sorCode", updated_by AS "updatedBy", ${STAMP('updated_at')} AS "updatedAt"
         FROM municipality_reporting WHERE municipality_code = $1`,
      [municipality],
    );
    return row;
  }

  /** Sets the municipality's SOR code; the previous one, or null. */
  async saveSorCode(municipality: string, sorCode: string, by: string): Promise<string | null> {
    const [previous] = await this.db.tx.query(`SELECT sor_code FROM municipality_reporting WHERE municipality_code = $1 FOR UPDATE`, [
      municipality,
    ]);
    await this.db.tx.query(
      `INSERT INTO municipality_reporting (municipality_code, sor_code, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (municipality_code) DO UPDATE SET sor_code = EXCLUDED.sor_code, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [municipality, sorCode, by],
    );
    return previous?.sor_code ?? null;
  }

  // --- the course as KL reads it ----------------------------------------------------------

  /**
   * The courses to plan, locked (a change of one waits for their planning, and the other way
   * round; in id order, so two plans never deadlock), each with what KL needs of it, its planning
   * state and its municipality's SOR code: one query (after the locks) for one course or a batch of them.
   */
  async loadForPlanning(ids: string[]): Promise<PlanningRow[]> {
    // The locks first, in a statement of their own: a read that waited for a lock (READ COMMITTED)
    // re-reads only the locked row, and would see the contacts and the planning state as they
    // were before the change that held it — planning from them would overwrite that change's state.
    await this.db.tx.query(PLANNING_LOCK_SQL, [ids]);
    type Sealed = Omit<NonNullable<PlanningRow['child']>, 'cprCiphertext'> & { cprCiphertext: string };
    const rows: (Omit<PlanningRow, 'child'> & { child: Sealed | null })[] = await this.db.tx.query(PLANNING_ROWS_SQL, [ids], {
      prepared: true,
    });
    return rows.map((r) => ({ ...r, child: r.child ? { ...r.child, cprCiphertext: Buffer.from(r.child.cprCiphertext, 'base64') } : null }));
  }

  /**
   * A changed course's planning state (without contents), its municipality's SOR code and whether
   * its child has another course, in one query. The change holds the course's row lock
   * (CourseChangeHooks), which conflicts with every other change's and with a plan's: nothing
   * read here can move before the change commits.
   */
  async loadPlanningState(
    courseId: string,
    municipalityCode: string,
    childId: string | null,
  ): Promise<{ reported: KlReportedState; reportsMade: number; sorCode: string | null; hasOtherCourses: boolean }> {
    // Prepared: on every course change.
    const [row] = await this.db.tx.query(PLANNING_STATE_SQL, [courseId, municipalityCode, childId], { prepared: true });
    return row;
  }

  /** For (course, former child) pairs: whether that child has a course besides this one that is not entered in error. */
  async formerChildrenWithOtherCourses(pairs: { courseId: string; childId: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const rows: { key: string }[] = await this.db.tx.query(
      `SELECT p.course_id || ':' || p.child_id AS key
         FROM unnest($1::uuid[], $2::uuid[]) AS p(course_id, child_id)
        WHERE EXISTS (SELECT 1 FROM course o WHERE o.child_id = p.child_id AND o.id <> p.course_id AND o.status <> 'entered_in_error')`,
      [pairs.map((p) => p.courseId), pairs.map((p) => p.childId)],
    );
    return new Set(rows.map((r) => r.key));
  }

  // --- the planner's state ----------------------------------------------------------------

  /** The contents of what was last reported for the courses, by course and resource id (a correction's planning needs them). */
  async reportedContents(courseIds: string[]): Promise<Map<string, Record<string, KlResource>>> {
    const rows: { courseId: string; resources: Record<string, KlResource> }[] = await this.db.tx.query(
      `SELECT course_id AS "courseId", json_object_agg(resource_id, resource) AS resources
         FROM kl_reported_resource WHERE course_id = ANY($1::uuid[]) GROUP BY course_id`,
      [courseIds],
    );
    return new Map(rows.map((r) => [r.courseId, r.resources]));
  }

  /** Courses never planned (no state yet: loaded before this module, or by the synthetic loader), in id order from `after`. */
  async unplannedCourses(after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.tx.query(
      `SELECT c.id FROM course c
        WHERE ($1::uuid IS NULL OR c.id > $1::uuid) AND NOT EXISTS (SELECT 1 FROM kl_course_state s WHERE s.course_id = c.id)
        ORDER BY c.id LIMIT $2`,
      [after, limit],
    );
    return rows.map((r) => r.id);
  }

  async countUnplannedCourses(): Promise<number> {
    const [row] = await this.db.tx.query(
      `SELECT count(*)::int AS n FROM course c WHERE NOT EXISTS (SELECT 1 FROM kl_course_state s WHERE s.course_id = c.id)`,
    );
    return row.n;
  }

  async anyUnplannedCourse(): Promise<boolean> {
    const rows = await this.db.tx.query(
      `SELECT 1 FROM course c WHERE NOT EXISTS (SELECT 1 FROM kl_course_state s WHERE s.course_id = c.id) LIMIT 1`,
    );
    return rows.length > 0;
  }

  /** A municipality's courses, in id order from `after` (its SOR code set or changed: all are planned again). */
  async municipalityCourses(municipality: string, after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.tx.query(
      `SELECT id FROM course WHERE municipality_code = $1 AND ($2::uuid IS NULL OR id > $2::uuid) ORDER BY id LIMIT $3`,
      [municipality, after, limit],
    );
    return rows.map((r) => r.id);
  }

  // --- the outbox -------------------------------------------------------------------------

  /**
   * Writes what a plan made, in one statement: the reports (in this order: their `seq`, the order a
   * child's reports are sent in), the courses' new planning state, and the delivery jobs of the
   * lines with something new (graphile-worker's `add_jobs`: one job per child at most, its job key;
   * a job already waiting keeps its time, so a line waiting out a retry is not hurried). The rows
   * come as JSON documents, the Bundles embedded as the texts validated (`json` keeps a value's
   * text as given: each is stored byte for byte).
   */
  async writePlanned(reports: NewReport[], states: PlannedState[], jobs: JobSpec[], at: Date): Promise<void> {
    const q = writePlannedQuery(reports, states, jobs, at);
    if (q) await this.db.tx.query(q.text, q.values, { prepared: true }); // a handful of texts, one per combination of parts
  }

  /**
   * Enqueues the delivery of these children's lines in the current transaction (graphile-worker's
   * `add_jobs`), one job per child at most (its job key): a job already waiting keeps its time, so a
   * line waiting out a retry is not hurried by a new report behind it.
   */
  async enqueueLines(jobs: JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.db.tx.query(
      `SELECT count(*) FROM ${QUEUE_SCHEMA}.add_jobs(
         (SELECT array_agg(ROW('kl_deliver', json_build_object('childId', j.child_id), NULL, NULL, 32767, 'kl:' || j.child_id, j.priority, NULL)::${QUEUE_SCHEMA}.job_spec)
            FROM unnest($1::text[], $2::int[]) AS j(child_id, priority)),
         true)`,
      [jobs.map((j) => j.childId), jobs.map((j) => j.priority)],
    );
  }

  /** Enqueues a job of another task in the current transaction (a re-plan after a settings change, the backfill). */
  async enqueueJob(task: string, payload: Record<string, unknown>, key: string, queue: string): Promise<void> {
    await this.db.tx.query(
      `SELECT ${QUEUE_SCHEMA}.add_job($1, $2::json, queue_name => $3, job_key => $4, max_attempts => 32767, job_key_mode => 'preserve_run_at')`,
      [task, JSON.stringify(payload), queue, key],
    );
  }

  // --- delivery -----------------------------------------------------------------------------

  /**
   * Begins a delivery's transaction on `client`, widened to every municipality (`WIDEN_SQL`; the
   * caller logs it), and takes the child's line for it (a transaction-scoped advisory lock), or
   * says it is taken: one delivery of a child's reports at a time, across every worker of every
   * instance. The lock goes with the transaction, and with the connection when a process dies.
   * One round trip: the statements as one simple-protocol string, the child's id checked as a
   * UUID and quoted by pg's `escapeLiteral`. The line is read in a statement of its own after
   * this (`nextInLine`): a statement sees what was committed when it began, and only a read that
   * begins after the lock is taken sees what the line's previous turn recorded before letting go.
   */
  static async beginLine(client: pg.ClientBase, childId: string): Promise<boolean> {
    if (!UUID.test(childId)) throw new Error(`Not a child id: ${JSON.stringify(childId.slice(0, 40))}`);
    try {
      const results = (await client.query(
        `START TRANSACTION; ${WIDEN_SQL}; SELECT pg_try_advisory_xact_lock(hashtext('kl-line'), hashtext(${pg.escapeLiteral(childId)})) AS taken`,
      )) as unknown as pg.QueryResult<{ taken: boolean }>[];
      return results[results.length - 1].rows[0].taken;
    } catch (error) {
      // The connection goes back to the job queue's pool: never with a transaction left open.
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * The next reports of a child's line in order, up to `limit`: those not yet delivered (pending,
   * or sent without an answer), up to a rejected one, which stops the line until it is re-delivered.
   */
  async nextInLine(childId: string, limit: number): Promise<LineReport[]> {
    const rows: LineReport[] = await this.db.tx.query(
      // By the column, not the output's text `seq` (an unqualified ORDER BY name is the output column: "10" < "9").
      `SELECT r.id, r.seq::text AS seq, r.state, r.tries, r.bundle::text AS bundle
         FROM kl_report r WHERE r.child_id = $1 AND r.state IN ('pending', 'sent', 'rejected') ORDER BY r.seq LIMIT $2`,
      [childId, limit],
    );
    const rejected = rows.findIndex((r) => r.state === 'rejected');
    return rejected < 0 ? rows : rows.slice(0, rejected);
  }

  /** Children whose line has a report to deliver (start-up: a gateway configured since, or a job lost). */
  async linesToDeliver(): Promise<string[]> {
    const rows: { child_id: string }[] = await this.db.tx.query(
      `SELECT DISTINCT child_id FROM kl_report WHERE state IN ('pending', 'sent')`,
    );
    return rows.map((r) => r.child_id);
  }

  /**
   * What the tries of a line's reports came to, in one statement: accepted, rejected (with the
   * gateway's reasons), or tried without a definite answer (`sent`, to be tried again with the
   * same id at `nextTryAt`). A report re-delivered or exported meanwhile is left as it is.
   */
  async recordTries(tries: Try[]): Promise<void> {
    if (tries.length === 0) return;
    await this.db.tx.query(
      `UPDATE kl_report r
          SET state = t.state, tries = r.tries + 1, last_status = t.status, last_tried_at = t.at,
              last_error = CASE WHEN t.state = 'sent' THEN left(t.error, 2000) END,
              rejection = CASE WHEN t.state = 'rejected' THEN t.rejection ELSE r.rejection END,
              accepted_at = CASE WHEN t.state = 'accepted' THEN t.at END,
              next_try_at = CASE WHEN t.state = 'sent' THEN t.next_try_at END
         FROM json_to_recordset($1::json) AS t(id uuid, state text, status int, error text, rejection jsonb, at timestamptz, next_try_at timestamptz)
        WHERE r.id = t.id AND r.state IN ('pending', 'sent')`,
      [JSON.stringify(tries)],
    );
  }

  // --- re-delivery ----------------------------------------------------------------------------

  /** Courses with a rejected report, of some municipalities and made in a period when given. */
  async coursesWithRejectedReports(filter: { municipalities?: string[]; from?: string; to?: string }): Promise<string[]> {
    const rows: { course_id: string }[] = await this.db.tx.query(
      `SELECT DISTINCT course_id FROM kl_report r WHERE state = 'rejected' AND ${this.scope('r', 1)} ORDER BY course_id`,
      [filter.municipalities ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows.map((r) => r.course_id);
  }

  /** Courses with a report made in the period (and the municipalities given). */
  async coursesWithReports(filter: { municipalities?: string[]; from?: string; to?: string }): Promise<string[]> {
    const rows: { course_id: string }[] = await this.db.tx.query(
      `SELECT DISTINCT course_id FROM kl_report r WHERE state <> 'superseded' AND ${this.scope('r', 1)} ORDER BY course_id`,
      [filter.municipalities ?? null, filter.from ?? null, filter.to ?? null],
    );
    return rows.map((r) => r.course_id);
  }

  /**
   * After a re-delivery planned a course anew (`newIds`, its new reports): its older reports not yet
   * delivered (pending, sent without answer, rejected) are superseded by the first of them — the new
   * ones carry everything they did, as it is now — so a rejected one stops its line no longer.
   */
  async supersedeOlder(courseId: string, newIds: string[]): Promise<number> {
    const rows = await this.db.tx.query(
      `UPDATE kl_report SET state = 'superseded', superseded_by = $2, next_try_at = NULL
        WHERE course_id = $1 AND state IN ('pending', 'sent', 'rejected') AND NOT (id = ANY($3::uuid[]))
          AND seq < (SELECT min(seq) FROM kl_report WHERE id = ANY($3::uuid[]))
        RETURNING id`,
      [courseId, newIds[0], newIds],
    );
    return rows.length;
  }

  // --- export -------------------------------------------------------------------------------

  /**
   * The pending reports of a municipality (made in the period, when given), in line order, locked;
   * none behind a rejected report of the same child (the line waits), one that was sent and may
   * have arrived, or one still pending from before the period (it goes first).
   */
  async pendingForExport(
    municipality: string,
    from?: string,
    to?: string,
  ): Promise<{ id: string; seq: string; childId: string; bundle: string }[]> {
    return this.db.tx.query(
      `SELECT r.id, r.seq::text AS seq, r.child_id AS "childId", r.bundle::text AS bundle FROM kl_report r
        WHERE r.municipality_code = $1 AND r.state = 'pending'
          AND ($2::date IS NULL OR r.created_at >= ${DANISH_DAY('$2')})
          AND ($3::date IS NULL OR r.created_at < ${DANISH_DAY('$3')} + interval '1 day')
          AND NOT EXISTS (SELECT 1 FROM kl_report b WHERE b.child_id = r.child_id AND b.seq < r.seq
                            AND (b.state IN ('rejected', 'sent') OR (b.state = 'pending' AND $2::date IS NOT NULL AND b.created_at < ${DANISH_DAY('$2')})))
        ORDER BY r.seq FOR UPDATE OF r`,
      [municipality, from ?? null, to ?? null],
    );
  }

  async markExported(ids: string[]): Promise<void> {
    await this.db.tx.query(
      `UPDATE kl_report SET state = 'exported', exported_at = now() WHERE id = ANY($1::uuid[]) AND state = 'pending'`,
      [ids],
    );
  }

  // --- the ledger and what is held back ---------------------------------------------------

  /** Filter on municipalities ($n), a Danish period ($n+1, $n+2) of the report's making. */
  private scope(alias: string, n: number): string {
    return `($${n}::char(3)[] IS NULL OR ${alias}.municipality_code = ANY($${n}::char(3)[]))
        AND ($${n + 1}::date IS NULL OR ${alias}.created_at >= ${DANISH_DAY(`$${n + 1}`)})
        AND ($${n + 2}::date IS NULL OR ${alias}.created_at < ${DANISH_DAY(`$${n + 2}`)} + interval '1 day')`;
  }

  async listReports(filter: LedgerFilter): Promise<{ items: LedgerRow[]; total: number }> {
    const params = [filter.municipalities ?? null, filter.from ?? null, filter.to ?? null, filter.state ?? null, filter.courseId ?? null];
    const where = `${this.scope('r', 1)} AND ($4::text IS NULL OR r.state = $4) AND ($5::uuid IS NULL OR r.course_id = $5)`;
    const [{ total }] = await this.db.tx.query(`SELECT count(*)::int AS total FROM kl_report r WHERE ${where}`, params);
    const items: LedgerRow[] = await this.db.tx.query(
      `SELECT ${LEDGER_COLUMNS},
              CASE WHEN r.state IN ('pending', 'sent') THEN
                (SELECT b.id FROM kl_report b WHERE b.child_id = r.child_id AND b.seq < r.seq AND b.state = 'rejected' ORDER BY b.seq LIMIT 1)
              END AS "blockedBy"
         FROM kl_report r WHERE ${where}
        ORDER BY r.seq DESC LIMIT $6 OFFSET $7`,
      [...params, filter.limit, filter.offset],
    );
    return { items, total };
  }

  async countReportsByState(filter: { municipalities?: string[]; from?: string; to?: string }): Promise<Record<string, number>> {
    const rows: { state: string; n: number }[] = await this.db.tx.query(
      `SELECT state, count(*)::int AS n FROM kl_report r WHERE ${this.scope('r', 1)} GROUP BY state`,
      [filter.municipalities ?? null, filter.from ?? null, filter.to ?? null],
    );
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  }

  async listHeldBack(filter: {
    municipalities?: string[];
    from?: string;
    to?: string;
    reason?: KlHeldBack;
    limit: number;
    offset: number;
  }): Promise<{ items: HeldBackRow[]; total: number }> {
    const params = [filter.municipalities ?? null, filter.from ?? null, filter.to ?? null, filter.reason ?? null];
    const where = `s.held_back IS NOT NULL AND ($1::char(3)[] IS NULL OR s.municipality_code = ANY($1::char(3)[]))
      AND ($2::date IS NULL OR c.first_contact_date >= $2::date) AND ($3::date IS NULL OR c.first_contact_date <= $3::date)
      AND ($4::text IS NULL OR s.held_back = $4)`;
    const from = `kl_course_state s JOIN course c ON c.id = s.course_id AND c.municipality_code = s.municipality_code`;
    const [{ total }] = await this.db.tx.query(`SELECT count(*)::int AS total FROM ${from} WHERE ${where}`, params);
    const items: HeldBackRow[] = await this.db.tx.query(
      `SELECT s.course_id AS "courseId", s.municipality_code AS "municipalityCode", s.held_back AS reason,
              ${DATE('c.first_contact_date')} AS "firstContactDate", c.status, ${STAMP('s.planned_at')} AS since
         FROM ${from} WHERE ${where}
        ORDER BY c.first_contact_date DESC, s.course_id LIMIT $5 OFFSET $6`,
      [...params, filter.limit, filter.offset],
    );
    return { items, total };
  }

  async countHeldBack(filter: { municipalities?: string[] }): Promise<{ municipalityCode: string; reason: KlHeldBack; courses: number }[]> {
    return this.db.tx.query(
      `SELECT municipality_code AS "municipalityCode", held_back AS reason, count(*)::int AS courses
         FROM kl_course_state WHERE held_back IS NOT NULL AND ($1::char(3)[] IS NULL OR municipality_code = ANY($1::char(3)[]))
        GROUP BY municipality_code, held_back ORDER BY municipality_code, held_back`,
      [filter.municipalities ?? null],
    );
  }

  /** Municipalities without a reporting SOR code (everything of theirs is held back), with their names. */
  async municipalitiesWithoutSor(municipalities?: string[]): Promise<{ code: string; name: string }[]> {
    return this.db.tx.query(
      `SELECT m.code, m.name FROM municipality m
        WHERE ($1::char(3)[] IS NULL OR m.code = ANY($1::char(3)[]))
          AND NOT EXISTS (SELECT 1 FROM municipality_reporting r WHERE r.municipality_code = m.code)
        ORDER BY m.code`,
      [municipalities ?? null],
    );
  }
}
