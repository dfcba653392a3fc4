import { Injectable } from '@nestjs/common';
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../../kernel/course.model.js';
import { AggregatesRepository, type BreakdownBy, type ComplianceRow, type FlowRow } from '../aggregates.repository.js';
import type { Period } from '../period.rules.js';
import { PopulationFiguresRepository } from '../population-figures.repository.js';
import {
  cellKey,
  COUNT_MEASURES,
  FLOW_WAIT_NS,
  NATIONAL_AREA,
  PUBLISHED_TARGETS,
  publishCohort,
  STEPS,
  type Geography,
  type Publication,
} from './cohort-publication.js';

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
export class CohortPublisher {
  private readonly cache = new Map<string, Promise<Publication>>();

  constructor(
    private readonly aggregates: AggregatesRepository,
    private readonly population: PopulationFiguresRepository,
  ) {}

  /**
   * The publication of the cohort of first contacts in [from, to], states as of `today`. The same
   * publication is given again while the per-course summaries have not changed (the fingerprint:
   * every summary row's last writing transaction), since it is the same figures. Requests that
   * ask for one while it is being built wait for that build rather than start their own (a
   * national half-year is seconds of CPU: docs/metrics.md); a build that fails is not kept.
   */
  async publish(period: Pick<Period, 'from' | 'to'>, today: string): Promise<Publication> {
    const key = `${period.from}|${period.to}|${today}|${await this.aggregates.summariesFingerprint()}`;
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
    const exact = new Map<string, number>();
    const add = (measure: string, area: string, breakdown: string, n: number) => {
      const key = cellKey(measure, area, breakdown);
      exact.set(key, (exact.get(key) ?? 0) + n);
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
    for (const key of exact.keys()) {
      if (!COUNT_MEASURES.includes(key.slice(0, key.indexOf('@')))) throw new Error(`unknown measure in ${key}`);
    }
    return publishCohort(exact, geography);
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
