import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../../kernel/course.model.js';
import { AggregatesRepository, type BreakdownBy, type ComplianceRow, type FlowRow } from '../aggregates.repository.js';
import type { Period } from '../period.rules.js';
import { PopulationFiguresRepository } from '../population-figures.repository.js';
import {
  cellIndex,
  cellKey,
  FLOW_WAIT_NS,
  NATIONAL_AREA,
  PUBLISHED_TARGETS,
  publicationOf,
  STEPS,
  type Geography,
  type Publication,
} from './cohort-publication.js';
import { PublicationThread } from './publication-thread.js';

const STEP_FIELD = { pre_conversation: 'preConversation', screening: 'screening', treatment: 'treatment', completed: 'completed' } as const;

/**
 * Builds the publication of a cohort (cohort-publication.ts): every municipality's exact counts,
 * for everyone, by age group and by sex, from the aggregates the reports read; the regions and
 * the nation as their sums; then the one suppression. Below national level, evaluators see a
 * cohort's figures only from here.
 */
/** Publications kept: a few half-years and their baselines. */
const CACHED_PUBLICATIONS = 8;

@Injectable()
export class CohortPublisher implements OnModuleDestroy {
  private readonly cache = new Map<string, Promise<Publication>>();
  private readonly thread = new PublicationThread();

  constructor(
    private readonly aggregates: AggregatesRepository,
    private readonly population: PopulationFiguresRepository,
  ) {}

  /**
   * The publication of the cohort of first contacts in [from, to], states as of `today`. The same
   * publication is given again while the cohort's per-course summaries have not changed (the
   * fingerprint: the last writing transaction of every summary row of the cohort), since it is the
   * same figures. Requests that ask for one while it is being built wait for that build rather
   * than start their own; the build's suppression (seconds of CPU for a national half-year:
   * docs/metrics.md) runs in a worker thread, so the instance's other requests do not wait. A
   * build that fails is not kept.
   */
  async publish(period: Pick<Period, 'from' | 'to'>, today: string): Promise<Publication> {
    const key = `${period.from}|${period.to}|${today}|${await this.aggregates.cohortFingerprint(period.from, period.to)}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const building = this.build(period, today);
    this.cache.set(key, building);
    while (this.cache.size > CACHED_PUBLICATIONS) this.cache.delete(this.cache.keys().next().value!);
    building.catch(() => {
      if (this.cache.get(key) === building) this.cache.delete(key);
    });
    return building;
  }

  private async build(period: Pick<Period, 'from' | 'to'>, today: string): Promise<Publication> {
    const municipalities = await this.population.findMunicipalities();
    const geography: Geography = { regions: {} };
    for (const m of municipalities) (geography.regions[m.regionCode] ??= []).push(m.code);
    const index = cellIndex(geography);
    const cells = new Int32Array(index.counts);
    const add = (measure: string, area: string, breakdown: string, n: number) => {
      const i = index.count(measure, area, breakdown);
      // Every figure the aggregates give has its cell: a measure or group it does not know is a bug.
      if (i < 0) throw new Error(`no published cell for ${cellKey(measure, area, breakdown)}`);
      cells[i] += n;
    };
    const regionOf = new Map(municipalities.map((m) => [m.code, m.regionCode]));
    const addEverywhere = (measure: string, municipality: string, breakdown: string, n: number) => {
      if (!n) return;
      add(measure, municipality, breakdown, n);
      add(measure, regionOf.get(municipality)!, breakdown, n);
      add(measure, NATIONAL_AREA, breakdown, n);
    };
    for (const thenBy of [undefined, 'age_group', 'sex'] as (BreakdownBy | undefined)[]) {
      const split = (key: string) => {
        const [municipality, group] = thenBy ? key.split('|') : [key, undefined];
        return { municipality, breakdown: thenBy ? `${thenBy}:${group}` : 'all' };
      };
      const compliance = await this.aggregates.compliance(period.from, period.to, today, { level: 'national' }, 'municipality', thenBy);
      for (const row of compliance) {
        if (!(PUBLISHED_TARGETS as readonly string[]).includes(row.target)) continue;
        const { municipality, breakdown } = split(row.key);
        for (const [measure, n] of Object.entries(targetCounts(row))) addEverywhere(`${row.target}.${measure}`, municipality, breakdown, n);
      }
      const flow = await this.aggregates.flow(period.from, period.to, { level: 'national' }, 'municipality', thenBy);
      for (const row of flow) {
        const { municipality, breakdown } = split(row.key);
        for (const [measure, n] of Object.entries(flowCounts(row))) addEverywhere(measure, municipality, breakdown, n);
      }
    }
    return publicationOf(await this.thread.figures(cells, geography), geography);
  }

  onModuleDestroy(): Promise<void> {
    return this.thread.close();
  }
}

function targetCounts(r: ComplianceRow): Record<string, number> {
  return {
    met: r.met,
    breached: r.breached,
    overdue: r.overdue,
    pending: r.pending,
    not_applicable: r.notApplicable,
    adjusted_met: r.adjustedMet,
    adjusted_breached: r.adjustedBreached,
    adjusted_overdue: r.adjustedOverdue,
    completed_n: r.completedN,
    open_n: r.openN,
    adjusted_completed_n: r.adjustedCompletedN,
    judged_n: r.met + r.breached + r.overdue,
  };
}

function flowCounts(r: FlowRow): Record<string, number> {
  return {
    first_contact: r.firstContact,
    ...Object.fromEntries(STEPS.map((s) => [`reached_${s}`, r[STEP_FIELD[s]]])),
    closed: r.closed,
    ...Object.fromEntries(CLOSURE_REASONS.map((c) => [`closure_${c}`, r.closureReasons[c] ?? 0])),
    ...Object.fromEntries(REFERRAL_DESTINATIONS.map((d) => [`referral_${d}`, r.referralDestinations[d] ?? 0])),
    ...Object.fromEntries(FLOW_WAIT_NS.map((w) => [`wait_${w}_n`, r.waits[w]?.n ?? 0])),
  };
}
