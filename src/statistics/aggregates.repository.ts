import { Injectable } from '@nestjs/common';
import { Db } from '../database/db.js';
import type { Query } from '../database/query.js';
import { cohortSql, percentileSql, STEP_WAITS, stepWaitSql, type StepWait } from './cohort.sql.js';
import { ADJUSTED_TARGET_STATE_SQL, TARGET_STATE_SQL } from '../service-targets/target-state-sql.js';
import { FOCUS_AREA_JOIN, GROUP_SQL, NEEDS_SUMMARY, type GroupBy, type ReportScope } from './groupings.js';

/**
 * Hand-written reporting SQL over the per-course summaries (see docs/metrics.md for each figure),
 * built by plain functions (complianceQuery, flowQuery) that `npm run queries` renders.
 */

/** One target and group of the compliance figures, as exact counts. */
export interface ComplianceRow {
  target: string;
  national: boolean;
  key: string;
  met: number;
  breached: number;
  overdue: number;
  pending: number;
  notApplicable: number;
  completedN: number;
  completedMedian: number | null;
  completedP90: number | null;
  openN: number;
  openMedian: number | null;
  openP90: number | null;
  adjustedMet: number;
  adjustedBreached: number;
  adjustedOverdue: number;
  adjustedCompletedN: number;
  adjustedCompletedMedian: number | null;
  adjustedCompletedP90: number | null;
}

export interface FlowRow {
  key: string;
  firstContact: number;
  preConversation: number;
  screening: number;
  treatment: number;
  completed: number;
  closed: number;
  closureReasons: Record<string, number>;
  referralDestinations: Record<string, number>;
  waits: Record<string, { n: number; median: number | null; p90: number | null }>;
}

/** A second grouping inside the first (the disclosure publication: each municipality by age group or sex). */
export type BreakdownBy = 'age_group' | 'sex';

/** A group's key: the grouping's, or `<first>|<second>` with a second grouping. */
function keySql(groupBy: GroupBy | undefined, thenBy: BreakdownBy | undefined, t: string): string {
  const first = GROUP_SQL[groupBy ?? 'all'](t);
  return thenBy ? `${first} || '|' || ${GROUP_SQL[thenBy](t)}` : first;
}

/** The scope as a condition on alias `t` (which has municipality_code and region_code). */
function scopeSql(scope: ReportScope, params: unknown[], t: string): string {
  if (scope.level === 'municipality') {
    params.push(scope.municipalities);
    return `AND ${t}.municipality_code = ANY($${params.length}::char(3)[])`;
  }
  if (scope.level === 'region') {
    params.push(scope.region);
    return `AND ${t}.region_code = $${params.length}`;
  }
  return '';
}

/**
 * Cohort: courses whose first contact is in [from, to] (not entered in error). The state of a
 * running clock on `today`: overdue after its deadline, else pending (or met so far, for the
 * session-gap target). Adjusted figures move the deadline by the family-caused delay so far.
 */
export function complianceQuery(
  from: string,
  to: string,
  today: string,
  scope: ReportScope,
  groupBy?: GroupBy,
  thenBy?: BreakdownBy,
): Query {
  const params: unknown[] = [from, to, today];
  const scopeCondition = scopeSql(scope, params, 'ct');
  const key = keySql(groupBy, thenBy, 'ct');
  // The child's attributes only when the grouping needs them: most reports read course_target alone.
  const join =
    (groupBy && NEEDS_SUMMARY.has(groupBy)) || thenBy
      ? `JOIN course_summary cs ON cs.municipality_code = ct.municipality_code AND cs.course_id = ct.course_id
         ${groupBy === 'focus_area' ? FOCUS_AREA_JOIN : ''}`
      : '';
  return {
    text: `WITH t AS (
         SELECT ct.target, ct.national, ${key} AS key,
                ${TARGET_STATE_SQL('$3::date')} AS state,
                ${ADJUSTED_TARGET_STATE_SQL('$3::date')} AS adjusted_state,
                ct.days_waited, ct.adjusted_days,
                CASE WHEN ct.settled_state IS NULL THEN $3::date - ct.clock_start END AS open_days
           FROM course_target ct
           ${join}
          WHERE ${cohortSql('ct', '$1', '$2', 'course_status')} ${scopeCondition}
       )
       SELECT target, bool_and(national) AS national, key,
              count(*) FILTER (WHERE state = 'met')::int AS met,
              count(*) FILTER (WHERE state = 'breached')::int AS breached,
              count(*) FILTER (WHERE state = 'overdue')::int AS overdue,
              count(*) FILTER (WHERE state = 'pending')::int AS pending,
              count(*) FILTER (WHERE state = 'not_applicable')::int AS "notApplicable",
              count(*) FILTER (WHERE state IN ('met', 'breached'))::int AS "completedN",
              ${percentileSql('days_waited', 0.5, `state IN ('met', 'breached')`)} AS "completedMedian",
              ${percentileSql('days_waited', 0.9, `state IN ('met', 'breached')`)} AS "completedP90",
              count(*) FILTER (WHERE state IN ('pending', 'overdue'))::int AS "openN",
              ${percentileSql('open_days', 0.5, `state IN ('pending', 'overdue')`)} AS "openMedian",
              ${percentileSql('open_days', 0.9, `state IN ('pending', 'overdue')`)} AS "openP90",
              count(*) FILTER (WHERE adjusted_state = 'met')::int AS "adjustedMet",
              count(*) FILTER (WHERE adjusted_state = 'breached')::int AS "adjustedBreached",
              count(*) FILTER (WHERE adjusted_state = 'overdue')::int AS "adjustedOverdue",
              count(*) FILTER (WHERE adjusted_state IN ('met', 'breached'))::int AS "adjustedCompletedN",
              ${percentileSql('adjusted_days', 0.5, `adjusted_state IN ('met', 'breached')`)} AS "adjustedCompletedMedian",
              ${percentileSql('adjusted_days', 0.9, `adjusted_state IN ('met', 'breached')`)} AS "adjustedCompletedP90"
         FROM t GROUP BY target, key ORDER BY bool_and(national) DESC, target, key`,
    values: params,
  };
}

/**
 * How far the cohort got: courses reaching each step, where the others left, and the waits
 * between steps, including screening → first treatment and the gaps between sessions.
 */
export function flowQuery(from: string, to: string, scope: ReportScope, groupBy?: GroupBy, thenBy?: BreakdownBy): Query {
  const params: unknown[] = [from, to];
  const scopeCondition = scopeSql(scope, params, 'cs');
  const key = keySql(groupBy, thenBy, 'cs');
  const join = groupBy === 'focus_area' ? FOCUS_AREA_JOIN : '';
  const wait = (name: StepWait) => {
    const expr = stepWaitSql(name, 'c');
    return `'${name}', jsonb_build_object('n', count(${expr})::int, 'median', ${percentileSql(expr, 0.5, `${expr} IS NOT NULL`)}, 'p90', ${percentileSql(expr, 0.9, `${expr} IS NOT NULL`)})`;
  };
  return {
    text: `WITH c AS (
         SELECT cs.*, ${key} AS key FROM course_summary cs ${join}
          WHERE ${cohortSql('cs', '$1', '$2')} ${scopeCondition}
       ),
       steps AS (
         SELECT key,
                count(*)::int AS "firstContact",
                count(pre_conversation_on)::int AS "preConversation",
                count(screening_on)::int AS screening,
                count(first_treatment_on)::int AS treatment,
                count(*) FILTER (WHERE closure_reason = 'completed')::int AS completed,
                count(closure_date)::int AS closed,
                jsonb_build_object(
                  ${(Object.keys(STEP_WAITS) as StepWait[]).map(wait).join(',\n                  ')}
                ) AS waits
           FROM c GROUP BY key
       ),
       gaps AS (
         SELECT key, jsonb_build_object('n', count(*)::int, 'median', ${percentileSql('g', 0.5)}, 'p90', ${percentileSql('g', 0.9)}) AS gap
           FROM c CROSS JOIN LATERAL unnest(c.treatment_gaps) AS g GROUP BY key
       ),
       reasons AS (
         SELECT key, jsonb_object_agg(closure_reason, n) AS reasons
           FROM (SELECT key, closure_reason, count(*)::int AS n FROM c WHERE closure_reason IS NOT NULL GROUP BY key, closure_reason) r
          GROUP BY key
       ),
       referrals AS (
         SELECT key, jsonb_object_agg(destination, n) AS destinations
           FROM (SELECT key, r->>'destination' AS destination, count(*)::int AS n
                   FROM c CROSS JOIN LATERAL jsonb_array_elements(c.referrals) AS r GROUP BY key, r->>'destination') d
          GROUP BY key
       )
       SELECT s.key, s."firstContact", s."preConversation", s.screening, s.treatment, s.completed, s.closed,
              coalesce(r.reasons, '{}') AS "closureReasons", coalesce(f.destinations, '{}') AS "referralDestinations",
              s.waits || jsonb_build_object('betweenTreatmentSessions', coalesce(g.gap, '{"n": 0, "median": null, "p90": null}'::jsonb)) AS waits
         FROM steps s LEFT JOIN gaps g USING (key) LEFT JOIN reasons r USING (key) LEFT JOIN referrals f USING (key)
        ORDER BY s.key`,
    values: params,
  };
}

/**
 * The compliance and flow figures of a cohort, as exact counts: the reports and the aggregates
 * extract publish them, each with the disclosure rules for its caller.
 */
@Injectable()
export class AggregatesRepository {
  constructor(private readonly db: Db) {}

  /** Compliance per target and group (see complianceQuery). */
  compliance(
    from: string,
    to: string,
    today: string,
    scope: ReportScope,
    groupBy?: GroupBy,
    thenBy?: BreakdownBy,
  ): Promise<ComplianceRow[]> {
    const q = complianceQuery(from, to, today, scope, groupBy, thenBy);
    return this.db.tx.query(q.text, q.values);
  }

  /**
   * Changes whenever a per-course summary of the cohort of first contacts in [from, to] is written
   * (its rows counted, and the latest writing transaction of each table): what the cohort's figures
   * are computed from has not changed while it is the same. A course moved out of the cohort
   * lowers the count; one moved in or changed raises the latest transaction.
   */
  async cohortFingerprint(from: string, to: string): Promise<string> {
    const [row] = await this.db.tx.query(
      `SELECT (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM course_summary
                WHERE first_contact_date BETWEEN $1::date AND $2::date) || '/' ||
              (SELECT count(*) || ':' || coalesce(max(xmin::text::bigint), 0) FROM course_target
                WHERE first_contact_date BETWEEN $1::date AND $2::date) AS fingerprint`,
      [from, to],
    );
    return row.fingerprint;
  }

  /** How far the cohort got, per group (see flowQuery). */
  flow(from: string, to: string, scope: ReportScope, groupBy?: GroupBy, thenBy?: BreakdownBy): Promise<FlowRow[]> {
    const q = flowQuery(from, to, scope, groupBy, thenBy);
    return this.db.tx.query(q.text, q.values);
  }
}
