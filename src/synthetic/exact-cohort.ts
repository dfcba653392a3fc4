/**
 * A synthetic national cohort's exact figures as the disclosure publication reads them
 * (cohort-publication.ts): `courses` first contacts over the 98 municipalities of the register by
 * population, each with its target states, steps, closure, referral, age group and sex, counted in
 * its municipality, region and the nation, for everyone, its age group and its sex. Made without
 * the database, for measuring and testing the publication at national scale. Deterministic for a seed.
 */
import { MUNICIPALITIES_2026 } from '../../migrations/data/municipalities-2026.js';
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../kernel/course.model.js';
import { AGE_GROUPS } from '../statistics/age-bands.js';
import { cellKey, NATIONAL_AREA, PUBLISHED_TARGETS, type Geography } from '../statistics/disclosure/cohort-publication.js';
import { Random } from './random.js';

export function syntheticExactCohort(
  courses: number,
  seed: number,
  /** Only these regions' municipalities (a smaller register); all by default. */
  regions?: string[],
): { exact: Map<string, number>; geography: Geography } {
  const random = new Random(seed);
  const pick = <T>(items: readonly T[], weights: number[]): T => random.weighted(items.map((item, i) => [item, weights[i]] as const));
  const register = MUNICIPALITIES_2026.filter((m) => !regions || regions.includes(m.regionCode));
  const geography: Geography = { regions: {} };
  for (const m of register) (geography.regions[m.regionCode] ??= []).push(m.code);
  const populations = register.map((m) => m.population2026);

  const exact = new Map<string, number>();
  for (let i = 0; i < courses; i++) {
    const m = pick(register, populations);
    const measures: string[] = ['first_contact'];
    for (const t of PUBLISHED_TARGETS) {
      const raw = pick(['met', 'breached', 'overdue', 'pending', 'not_applicable'] as const, [55, 20, 5, 10, 10]);
      measures.push(`${t}.${raw}`);
      // The adjusted twin: family-caused delay moves some breached to met, some overdue to pending.
      const adjusted = raw === 'breached' && random.chance(0.2) ? 'met' : raw === 'overdue' && random.chance(0.2) ? 'pending' : raw;
      if (adjusted === 'met' || adjusted === 'breached' || adjusted === 'overdue') measures.push(`${t}.adjusted_${adjusted}`);
      if (raw === 'met' || raw === 'breached') measures.push(`${t}.completed_n`);
      if (raw === 'pending' || raw === 'overdue') measures.push(`${t}.open_n`);
      if (raw === 'met' || raw === 'breached' || raw === 'overdue') measures.push(`${t}.judged_n`);
      if (adjusted === 'met' || adjusted === 'breached') measures.push(`${t}.adjusted_completed_n`);
    }
    const pre = random.chance(0.85);
    const screening = random.chance(0.65);
    const treatment = screening && random.chance(0.6);
    const closed = random.chance(0.6);
    if (pre) measures.push('reached_pre_conversation', 'wait_firstContactToPreConversation_n');
    if (screening) measures.push('reached_screening', 'wait_firstContactToScreening_n');
    if (pre && screening) measures.push('wait_preConversationToScreening_n');
    if (treatment)
      measures.push(
        'reached_treatment',
        'wait_firstContactToFirstTreatment_n',
        'wait_firstTreatmentToLastTreatment_n',
        'wait_screeningToFirstTreatment_n',
      );
    if (closed) {
      const reason = pick(CLOSURE_REASONS, [50, 15, 8, 10, 7, 5, 5]);
      measures.push('closed', `closure_${reason}`, 'wait_firstContactToClosure_n');
      if (reason === 'completed') measures.push('reached_completed');
    }
    if (random.chance(0.3)) measures.push(`referral_${random.pick(REFERRAL_DESTINATIONS)}`);
    const age = pick(AGE_GROUPS, [20, 35, 38, 4, 3]);
    const sex = pick(['female', 'male', 'unknown'], [55, 42, 3]);
    for (const measure of measures) {
      for (const area of [m.code, m.regionCode, NATIONAL_AREA]) {
        for (const b of ['all', `age_group:${age}`, `sex:${sex}`]) {
          const key = cellKey(measure, area, b);
          exact.set(key, (exact.get(key) ?? 0) + 1);
        }
      }
    }
  }
  return { exact, geography };
}
