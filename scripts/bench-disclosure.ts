/**
 * npm run bench:disclosure — what the cohort's publication (src/statistics/disclosure/) costs on
 * the request path: the publication of a national half-year (about 20,000 first contacts over the
 * 98 municipalities of the register, by population, each by age group and sex), built from exact
 * figures made here from seeded synthetic courses, without the database. Prints CPU time of the
 * first build (the relations laid out) and of later builds, against a floor measured in the same
 * run: the primary rules alone on the same cells (no secondary suppression, no audit).
 *
 *   npm run bench:disclosure [-- --courses 20000 --runs 5 --seed 1]
 */
import { parseArgs } from 'node:util';
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../src/kernel/course.model.js';
import { AGE_GROUPS } from '../src/statistics/age-bands.js';
import { suppressCount } from '../src/statistics/disclosure.rules.js';
import {
  BREAKDOWNS,
  cellKey,
  COUNT_MEASURES,
  NATIONAL_AREA,
  PUBLISHED_TARGETS,
  publishCohort,
  type Geography,
} from '../src/statistics/disclosure/cohort-publication.js';
import { MUNICIPALITIES_2026 } from '../migrations/data/municipalities-2026.js';

const { values } = parseArgs({
  options: {
    courses: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
  },
});
const courses = Number(values.courses);
const runs = Number(values.runs);

/** A small seeded generator (mulberry32): the same figures every run. */
let state = Number(values.seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(items: readonly T[], weights?: number[]): T => {
  if (!weights) return items[Math.floor(random() * items.length)];
  let r = random() * weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < items.length; i++) if ((r -= weights[i]) < 0) return items[i];
  return items[items.length - 1];
};

const geography: Geography = { regions: {} };
for (const m of MUNICIPALITIES_2026) (geography.regions[m.regionCode] ??= []).push(m.code);
const populations = MUNICIPALITIES_2026.map((m) => m.population2026);

const exact = new Map<string, number>();
for (let i = 0; i < courses; i++) {
  const m = pick(MUNICIPALITIES_2026, populations);
  const measures: string[] = ['first_contact'];
  for (const t of PUBLISHED_TARGETS) {
    const raw = pick(['met', 'breached', 'overdue', 'pending', 'not_applicable'] as const, [55, 20, 5, 10, 10]);
    measures.push(`${t}.${raw}`);
    // The adjusted twin: family-caused delay moves some breached to met, some overdue to pending.
    const adjusted = raw === 'breached' && random() < 0.2 ? 'met' : raw === 'overdue' && random() < 0.2 ? 'pending' : raw;
    if (adjusted === 'met' || adjusted === 'breached' || adjusted === 'overdue') measures.push(`${t}.adjusted_${adjusted}`);
    if (raw === 'met' || raw === 'breached') measures.push(`${t}.completed_n`);
    if (raw === 'pending' || raw === 'overdue') measures.push(`${t}.open_n`);
    if (raw === 'met' || raw === 'breached' || raw === 'overdue') measures.push(`${t}.judged_n`);
    if (adjusted === 'met' || adjusted === 'breached') measures.push(`${t}.adjusted_completed_n`);
  }
  const pre = random() < 0.85;
  const screening = random() < 0.65;
  const treatment = screening && random() < 0.6;
  const closed = random() < 0.6;
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
  if (random() < 0.3) measures.push(`referral_${pick(REFERRAL_DESTINATIONS)}`);
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

const cpu = (f: () => void) => {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
};
const areas = [NATIONAL_AREA, ...Object.keys(geography.regions), ...Object.values(geography.regions).flat()];
const floor = () => {
  for (const measure of COUNT_MEASURES)
    for (const area of areas)
      for (const b of BREAKDOWNS)
        suppressCount(exact.get(cellKey(measure, area, b)) ?? 0, area === NATIONAL_AREA ? 'national' : 'municipality');
};
const floors = Array.from({ length: runs }, () => cpu(floor));
let audit = { secondary: 0, rounds: 0 };
const first = cpu(() => (audit = publishCohort(exact, geography).audit));
const later = Array.from({ length: runs }, () => cpu(() => publishCohort(exact, geography)));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cells = COUNT_MEASURES.length * areas.length * BREAKDOWNS.length;
console.log(`national half-year: ${courses} first contacts, ${areas.length} areas, ${cells} cells`);
console.log(`secondary suppression: ${audit.secondary} cells hidden beyond the primary rules, ${audit.rounds} rounds`);
console.log(`publication, first build (relations laid out): ${first.toFixed(0)} ms CPU`);
console.log(`publication, later builds: median ${median(later).toFixed(0)} ms CPU (${later.map((x) => x.toFixed(0)).join(', ')})`);
console.log(
  `floor, primary rules alone: median ${median(floors).toFixed(1)} ms CPU; publication / floor: ${(median(later) / median(floors)).toFixed(0)}×`,
);
