import { Injectable } from '@nestjs/common';
import { REFERRAL_DESTINATIONS } from '../kernel/course.model.js';
import { ageGroupSql, UNKNOWN_AGE } from './age-bands.js';
import { Db } from '../database/db.js';
import type { Query } from '../database/query.js';
import { notEnteredInError, percentileSql, stepWaitSql } from './cohort.sql.js';
import { TARGET_STATE_SQL } from '../service-targets/target-state-sql.js';
import { INDICATOR_TARGETS, WAITS, type CohortFigures } from './indicators.rules.js';

export type AreaLevel = 'municipality' | 'region' | 'national';

/** Which courses an indicator query reads: some municipalities, one region, or the nation. */
export type IndicatorScope = { municipalities: string[] } | { region: string } | { national: true };

/** A cohort bucket: the period asked about, or one baseline half-year. */
export interface Bucket {
  label: string;
  from: string;
  to: string;
}

export interface CohortRow extends CohortFigures {
  bucket: string;
  /** Municipality code, region code, or `DK`. */
  area: string;
  dimension: 'all' | 'age_group' | 'sex';
  key: string;
}

export interface Baseline {
  from: string;
  to: string;
  setBy: string;
  setAt: string;
}

const AREA_SQL: Record<AreaLevel, string> = {
  municipality: `cs.municipality_code::text`,
  region: `cs.region_code::text`,
  national: `'DK'`,
};

/** The age group at first contact (AGE_GROUPS): unknown without a CPR, outside_range outside 5–17. */
const AGE_GROUP_SQL = ageGroupSql('cs.age_years', undefined, UNKNOWN_AGE);

/** Sex from the CPR (SEX_KEYS): unknown without one. */
const SEX_SQL = `coalesce(cs.sex, 'unknown')`;

const median = (column: string) => percentileSql(column, 0.5);

/**
 * The cohort counts of every area, bucket and cell in one pass over `course_summary`.
 * Cohort: courses whose first contact falls in the bucket, not entered in error. A course's
 * state on each national target is its state on `today` (the SQL function target_state, as in
 * the compliance report). Cells: everyone, each age group, each sex (GROUPING SETS).
 */
export function cohortFiguresQuery(buckets: Bucket[], today: string, scope: IndicatorScope, level: AreaLevel): Query {
  const params: unknown[] = [buckets.map((b) => b.label), buckets.map((b) => b.from), buckets.map((b) => b.to), today];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let scopeSql = '';
  if ('municipalities' in scope) scopeSql = `AND cs.municipality_code = ANY(${param(scope.municipalities)}::char(3)[])`;
  else if ('region' in scope) scopeSql = `AND cs.region_code = ${param(scope.region)}`;

  // Each national target's state on today, by the one target-state rule (as the compliance report).
  const targetJoins = INDICATOR_TARGETS.map(
    (t, i) => `LEFT JOIN LATERAL (
             SELECT ${TARGET_STATE_SQL('$4::date')} AS state FROM course_target ct
              WHERE ct.municipality_code = cs.municipality_code AND ct.course_id = cs.course_id AND ct.target = ${param(t)}
           ) t${i} ON true`,
  ).join('\n           ');
  const targetStates = INDICATOR_TARGETS.map((_t, i) => `t${i}.state AS t${i}_state`).join(', ');
  const targetCounts = INDICATOR_TARGETS.map((_t, i) =>
    ['met', 'breached', 'overdue'].map((s) => `count(*) FILTER (WHERE t${i}_state = '${s}')::int AS t${i}_${s}`).join(', '),
  ).join(',\n           ');
  const waitColumns = WAITS.map((w, i) => `${stepWaitSql(w, 'cs')} AS w${i}`).join(', ');
  const waitCounts = WAITS.map((_w, i) => `count(w${i})::int AS w${i}_n, ${median(`w${i}`)} AS w${i}_median`).join(',\n           ');
  const referralCounts = REFERRAL_DESTINATIONS.map(
    (d, i) => `coalesce(sum(cardinality(array_positions(destinations, ${param(d)}::text))), 0)::int AS r${i}`,
  ).join(',\n           ');

  return {
    text: `WITH bucket AS (
         SELECT * FROM unnest($1::text[], $2::date[], $3::date[]) AS b(label, first_day, last_day)
       ),
       c AS (
         SELECT b.label AS bucket, ${AREA_SQL[level]} AS area,
                ${AGE_GROUP_SQL} AS age_group, ${SEX_SQL} AS sex,
                cs.pre_conversation_on, cs.screening_on, cs.first_treatment_on, cs.closure_reason,
                ${waitColumns},
                ${targetStates},
                ARRAY(SELECT r->>'destination' FROM jsonb_array_elements(cs.referrals) AS r) AS destinations
           FROM course_summary cs
           JOIN bucket b ON cs.first_contact_date BETWEEN b.first_day AND b.last_day
           ${targetJoins}
          WHERE ${notEnteredInError('cs')} ${scopeSql}
       )
       SELECT bucket, area,
              CASE WHEN GROUPING(age_group) = 0 THEN 'age_group' WHEN GROUPING(sex) = 0 THEN 'sex' ELSE 'all' END AS dimension,
              CASE WHEN GROUPING(age_group) = 0 THEN age_group WHEN GROUPING(sex) = 0 THEN sex ELSE 'all' END AS key,
              count(*)::int AS first_contacts,
              count(pre_conversation_on)::int AS pre_conversation,
              count(screening_on)::int AS screening,
              count(first_treatment_on)::int AS treatment,
              count(*) FILTER (WHERE closure_reason = 'completed')::int AS completed,
              count(*) FILTER (WHERE closure_reason = 'dropped_out')::int AS dropped_out,
              ${waitCounts},
              ${targetCounts},
              ${referralCounts}
         FROM c
        GROUP BY bucket, area, GROUPING SETS ((), (age_group), (sex))
        ORDER BY bucket, area, dimension, key`,
    values: params,
  };
}

/** A row of cohortFiguresQuery as the rules read it. */
function cohortRow(r: Record<string, unknown>): CohortRow {
  return {
    bucket: r.bucket as string,
    area: r.area as string,
    dimension: r.dimension as CohortRow['dimension'],
    key: r.key as string,
    firstContacts: r.first_contacts as number,
    preConversation: r.pre_conversation as number,
    screening: r.screening as number,
    treatment: r.treatment as number,
    completed: r.completed as number,
    droppedOut: r.dropped_out as number,
    waits: Object.fromEntries(
      WAITS.map((w, i) => [w, { n: r[`w${i}_n`] as number, median: r[`w${i}_median`] as number | null }]),
    ) as CohortFigures['waits'],
    targets: Object.fromEntries(
      INDICATOR_TARGETS.map((t, i) => [
        t,
        { met: r[`t${i}_met`] as number, breached: r[`t${i}_breached`] as number, overdue: r[`t${i}_overdue`] as number },
      ]),
    ),
    referrals: Object.fromEntries(REFERRAL_DESTINATIONS.map((d, i) => [d, r[`r${i}`] as number])) as CohortFigures['referrals'],
  };
}

export const findBaselineQuery = (): Query => ({
  text: `SELECT from_half_year AS "from", to_half_year AS "to", set_by AS "setBy", set_at AS "setAt" FROM indicator_baseline`,
  values: [],
});

/** Hand-written SQL over the per-course summaries for the monitoring indicators (docs/metrics.md). */
@Injectable()
export class IndicatorsRepository {
  constructor(private readonly db: Db) {}

  /** The cohort counts of every area, bucket and cell (see cohortFiguresQuery). */
  async cohortFigures(buckets: Bucket[], today: string, scope: IndicatorScope, level: AreaLevel): Promise<CohortRow[]> {
    const q = cohortFiguresQuery(buckets, today, scope, level);
    const rows: Record<string, unknown>[] = await this.db.tx.query(q.text, q.values);
    return rows.map(cohortRow);
  }

  async findBaseline(): Promise<Baseline | null> {
    const q = findBaselineQuery();
    const [row] = await this.db.tx.query(q.text, q.values);
    return row ?? null;
  }

  /** Sets the one baseline period, replacing any earlier one. */
  async saveBaseline(from: string, to: string, setBy: string): Promise<Baseline> {
    const [row] = await this.db.tx.query(
      `INSERT INTO indicator_baseline (singleton, from_half_year, to_half_year, set_by, set_at) VALUES (true, $1, $2, $3, now())
       ON CONFLICT (singleton) DO UPDATE SET from_half_year = EXCLUDED.from_half_year, to_half_year = EXCLUDED.to_half_year,
         set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at
       RETURNING from_half_year AS "from", to_half_year AS "to", set_by AS "setBy", set_at AS "setAt"`,
      [from, to, setBy],
    );
    return row;
  }
}
