/**
 * Disclosure control across outputs (docs/domain.md, "Anonymised extracts for the evaluation"):
 * "These rules hold for every figure an evaluator can see (reports, indicators, extracts,
 * comparisons), not table by table: no hidden cell may be recoverable from other figures
 * published for the same cohort."
 *
 * The one mechanism: every figure an evaluator can see below national level for a cohort (one
 * calendar half-year) is a cell of one *publication*: a measure (a count such as the courses
 * that met national target 1, or a rate) of an area (each municipality, each region, the
 * nation) and a breakdown (everyone, an age group, a sex). The whole publication is suppressed
 * at once, and every output (compliance and flow reports, indicators, the aggregates extract,
 * the comparison of municipalities) shows its cells from it, so two outputs never show the same
 * figure two ways and no combination of outputs tells more than the publication.
 *
 * 1. Primary rules (disclosure.rules.ts): national figures exact; below, counts 0 / `<5` /
 *    rounded to 5, a rate hidden when its numerator or denominator is under 5.
 * 2. Secondary suppression by audit: the publication is read as an attacker would (every
 *    published bound, every relation between cells: a total and its parts across states,
 *    closure reasons, geography and breakdowns; a raw count and its adjusted twin; a rate and its
 *    counts), with the constraint solver (constraints.ts). While any hidden cell is determined,
 *    a further cell of a relation that determines it is hidden (`..`): a rate first, else the
 *    smallest count (a 0 too: a zero next to a hidden cell is what gives it away), ties by key.
 */
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../../kernel/course.model.js';
import { AGE_GROUPS } from '../age-bands.js';
import { HIDDEN_MARKER, SMALL_COUNT_MARKER, SMALL_NUMBER_THRESHOLD, suppressCount } from '../disclosure.rules.js';

export const NATIONAL_AREA = 'DK';
export const BREAKDOWNS = ['all', ...AGE_GROUPS.map((g) => `age_group:${g}`), 'sex:female', 'sex:male', 'sex:unknown'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** The national targets an evaluator sees (a municipality's own target would name it). */
export const PUBLISHED_TARGETS = ['pre_conversation_14d', 'screening_30d'] as const;
export const TARGET_STATES = ['met', 'breached', 'overdue', 'pending', 'not_applicable'] as const;
export const TARGET_COUNTS = [
  ...TARGET_STATES,
  'adjusted_met',
  'adjusted_breached',
  'adjusted_overdue',
  'completed_n',
  'open_n',
  'adjusted_completed_n',
  'judged_n',
] as const;
export const FLOW_WAIT_NS = [
  'firstContactToPreConversation',
  'preConversationToScreening',
  'firstContactToScreening',
  'screeningToFirstTreatment',
  'firstContactToFirstTreatment',
  'firstTreatmentToLastTreatment',
  'lastTreatmentToClosingConversation',
  'firstContactToClosure',
  'betweenTreatmentSessions',
] as const;
export const STEPS = ['pre_conversation', 'screening', 'treatment', 'completed'] as const;
export const FLOW_COUNTS = [
  'first_contact',
  ...STEPS.map((s) => `reached_${s}`),
  'closed',
  ...CLOSURE_REASONS.map((r) => `closure_${r}`),
  ...REFERRAL_DESTINATIONS.map((d) => `referral_${d}`),
  ...FLOW_WAIT_NS.map((w) => `wait_${w}_n`),
];
export const COUNT_MEASURES: readonly string[] = [
  ...PUBLISHED_TARGETS.flatMap((t) => TARGET_COUNTS.map((c) => `${t}.${c}`)),
  ...FLOW_COUNTS,
];

/** A rate: numerator and denominator as sums of count measures. */
export interface RateMeasure {
  id: string;
  numerator: string[];
  denominator: string[];
}
export const RATE_MEASURES: readonly RateMeasure[] = [
  ...PUBLISHED_TARGETS.flatMap((t) => [
    { id: `${t}.rate`, numerator: [`${t}.met`], denominator: [`${t}.met`, `${t}.breached`, `${t}.overdue`] },
    {
      id: `${t}.adjusted_rate`,
      numerator: [`${t}.adjusted_met`],
      denominator: [`${t}.adjusted_met`, `${t}.adjusted_breached`, `${t}.adjusted_overdue`],
    },
  ]),
  ...STEPS.map((s) => ({ id: `share_${s}`, numerator: [`reached_${s}`], denominator: ['first_contact'] })),
  { id: 'share_dropped_out', numerator: ['closure_dropped_out'], denominator: ['first_contact'] },
];
/** Rates are published to three decimals (0.1 percentage point). */
export const RATE_DECIMALS = 3;

/** Where an area sits: a municipality in its region, a region in the nation. */
export interface Geography {
  /** region code → its municipality codes (every municipality of the register). */
  regions: Record<string, string[]>;
}

export type Published = number | string | null;
export type CellKey = string;
export const cellKey = (measure: string, area: string, breakdown: string): CellKey => `${measure}@${area}#${breakdown}`;

/** The exact figures of a cohort: counts by cell (absent = 0). */
export type ExactFigures = ReadonlyMap<CellKey, number>;

export interface Publication {
  /** A count as published (a number, `<5` or `..`). */
  count(measure: string, area: string, breakdown?: Breakdown): Published;
  /** A rate as published: a fraction, hidden (`..`), or null (no denominator). */
  rate(id: string, area: string, breakdown?: Breakdown): Published;
  /** Whether the count is hidden (primary or secondary). */
  hidden(measure: string, area: string, breakdown?: Breakdown): boolean;
  /** How many cells the audit hid beyond the primary rules, and how many rounds it took. */
  readonly audit: { secondary: number; rounds: number };
  /** The register it covers: every area of it has every cell, with courses or not. */
  readonly geography: Geography;
}

const levelOf = (area: string, geography: Geography) =>
  area === NATIONAL_AREA ? 'national' : geography.regions[area] ? 'region' : 'municipality';

/** Every area of the publication: the nation, each region, each municipality. */
export function areasOfGeography(geography: Geography): string[] {
  return [NATIONAL_AREA, ...Object.keys(geography.regions), ...Object.values(geography.regions).flat()];
}

/** The relations between cells that anyone reading the figures knows (docs/metrics.md's definitions). */
export function relationsOf(geography: Geography): { total: CellKey; parts: CellKey[] }[] {
  const out: { total: CellKey; parts: CellKey[] }[] = [];
  const areas = areasOfGeography(geography);
  const ageKeys = AGE_GROUPS.map((g) => `age_group:${g}`);
  const sexKeys = ['sex:female', 'sex:male', 'sex:unknown'];
  for (const measure of COUNT_MEASURES) {
    for (const b of BREAKDOWNS) {
      out.push({ total: cellKey(measure, NATIONAL_AREA, b), parts: Object.keys(geography.regions).map((r) => cellKey(measure, r, b)) });
      for (const [region, members] of Object.entries(geography.regions)) {
        out.push({ total: cellKey(measure, region, b), parts: members.map((m) => cellKey(measure, m, b)) });
      }
    }
    for (const area of areas) {
      out.push({ total: cellKey(measure, area, 'all'), parts: ageKeys.map((k) => cellKey(measure, area, k)) });
      out.push({ total: cellKey(measure, area, 'all'), parts: sexKeys.map((k) => cellKey(measure, area, k)) });
    }
  }
  for (const area of areas) {
    for (const b of BREAKDOWNS) {
      const c = (m: string) => cellKey(m, area, b);
      for (const t of PUBLISHED_TARGETS) {
        const s = (x: string) => c(`${t}.${x}`);
        out.push({ total: c('first_contact'), parts: TARGET_STATES.map(s) });
        out.push({ total: s('completed_n'), parts: [s('met'), s('breached')] });
        out.push({ total: s('open_n'), parts: [s('pending'), s('overdue')] });
        out.push({ total: s('judged_n'), parts: [s('met'), s('breached'), s('overdue')] });
        out.push({ total: s('adjusted_completed_n'), parts: [s('adjusted_met'), s('adjusted_breached')] });
        out.push({ total: s('completed_n'), parts: [s('adjusted_met'), s('adjusted_breached')] });
      }
      out.push({ total: c('closed'), parts: CLOSURE_REASONS.map((r) => c(`closure_${r}`)) });
      out.push({ total: c('reached_completed'), parts: [c('closure_completed')] });
      out.push({ total: c('wait_firstContactToPreConversation_n'), parts: [c('reached_pre_conversation')] });
      out.push({ total: c('wait_firstContactToScreening_n'), parts: [c('reached_screening')] });
      out.push({ total: c('wait_firstContactToFirstTreatment_n'), parts: [c('reached_treatment')] });
      out.push({ total: c('wait_firstTreatmentToLastTreatment_n'), parts: [c('reached_treatment')] });
      out.push({ total: c('wait_firstContactToClosure_n'), parts: [c('closed')] });
    }
  }
  return out;
}

/** The relations as cell indexes, built once per register (the cells are always listed in the same order). */
const layouts = new Map<string, { relations: Int32Array[]; byCell: number[][] }>();
function layoutOf(geography: Geography, keys: readonly CellKey[]) {
  const signature = JSON.stringify(geography.regions);
  let layout = layouts.get(signature);
  if (!layout) {
    const id = new Map(keys.map((k, i) => [k, i]));
    const relations = relationsOf(geography).map(({ total, parts }) => Int32Array.from([total, ...parts].map((k) => id.get(k)!)));
    const byCell: number[][] = keys.map(() => []);
    relations.forEach((members, r) => members.forEach((m) => byCell[m].push(r)));
    layout = { relations, byCell };
    layouts.set(signature, layout);
  }
  return layout;
}

/**
 * Tightens `lo`/`hi` through every relation `total = Σ parts` (bounds consistency over whole
 * numbers) until nothing changes, or a bound crosses (the figures would contradict each other).
 */
function propagateSums(relations: Int32Array[], byCell: number[][], lo: Float64Array, hi: Float64Array): void {
  const queue: number[] = relations.map((_r, i) => i);
  const queued = new Uint8Array(relations.length).fill(1);
  while (queue.length) {
    const r = queue.pop()!;
    queued[r] = 0;
    const members = relations[r];
    // Σ sign·x = 0: the total counts −1, each part +1. Finite sums and counts of infinite ends.
    let sumLo = 0;
    let sumHi = 0;
    let infLo = 0;
    let infHi = 0;
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      const l = i === 0 ? -hi[m] : lo[m];
      const h = i === 0 ? -lo[m] : hi[m];
      if (l === -Infinity) infLo++;
      else sumLo += l;
      if (h === Infinity) infHi++;
      else sumHi += h;
    }
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      const l = i === 0 ? -hi[m] : lo[m];
      const h = i === 0 ? -lo[m] : hi[m];
      const othersLo = l === -Infinity ? (infLo > 1 ? -Infinity : sumLo) : infLo ? -Infinity : sumLo - l;
      const othersHi = h === Infinity ? (infHi > 1 ? Infinity : sumHi) : infHi ? Infinity : sumHi - h;
      // sign·x = −others: a part lies in [−othersHi, −othersLo], the total in [othersLo, othersHi].
      const newLo = i === 0 ? Math.max(lo[m], othersLo) : Math.max(lo[m], -othersHi);
      const newHi = i === 0 ? Math.min(hi[m], othersHi) : Math.min(hi[m], -othersLo);
      if (newLo > newHi) return;
      if (newLo !== lo[m] || newHi !== hi[m]) {
        lo[m] = newLo;
        hi[m] = newHi;
        for (const other of byCell[m]) {
          if (!queued[other]) {
            queued[other] = 1;
            queue.push(other);
          }
        }
        break;
      }
    }
  }
}

/** A cell's table: its measure and breakdown (`measure@area#breakdown` without the area). */
const tableOf = (key: CellKey) => `${key.slice(0, key.indexOf('@'))}${key.slice(key.indexOf('#'))}`;

/** The bounds a published count puts on its true value. */
export function boundsOf(published: Published, national: boolean): [number, number] {
  if (published === SMALL_COUNT_MARKER) return [1, SMALL_NUMBER_THRESHOLD - 1];
  if (typeof published !== 'number') return [0, Infinity];
  if (national || published === 0) return [published, published];
  // Rounded to the nearest 5 (7 → 5, 8 → 10); 1–4 would read `<5`.
  return published === 5 ? [5, 7] : [published - 2, published + 2];
}

/**
 * Publishes a cohort's figures: the primary rules, then secondary suppression until no relation
 * between published cells determines a hidden one, then the rates from the published counts.
 */
export function publishCohort(exact: ExactFigures, geography: Geography): Publication {
  const areas = areasOfGeography(geography);
  const value = (key: CellKey) => exact.get(key) ?? 0;
  const counts = new Map<CellKey, Published>();
  const national = new Set<CellKey>();
  for (const measure of COUNT_MEASURES) {
    for (const area of areas) {
      for (const b of BREAKDOWNS) {
        const key = cellKey(measure, area, b);
        const level = levelOf(area, geography);
        if (level === 'national') national.add(key);
        const p = suppressCount(value(key), level);
        // An area with no first contact in a breakdown says nothing there (`..` rather than 0s): its
        // emptiness beside an exact national figure is what would give the others' small counts away.
        const empty = level !== 'national' && value(cellKey('first_contact', area, b)) === 0;
        counts.set(key, empty ? HIDDEN_MARKER : p.suppressed ? p.display : p.value);
      }
    }
  }

  // Secondary suppression. The published bounds of every cell are propagated through every
  // relation (bounds consistency, as an attacker would); while a small cell comes out determined,
  // the smallest other member below national level of a relation it is in is hidden too (`..`; a
  // 0 as well: exact zeros are what give a lone small cell away). Where no member is left to
  // hide, the cell's `<5` says `..` instead, since its "at least 1" is what pins it (a national
  // total of 2 over two municipalities at `<5`). Until no hidden cell is determined.
  const keys = [...counts.keys()];
  const { relations, byCell } = layoutOf(geography, keys);
  const isNational = keys.map((k) => national.has(k));
  const exactOf = keys.map((k) => value(k));
  const pub: Published[] = keys.map((k) => counts.get(k)!);
  const lo = new Float64Array(keys.length);
  const hi = new Float64Array(keys.length);
  const tables = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const t = tableOf(k);
    const members = tables.get(t);
    if (members) members.push(i);
    else tables.set(t, [i]);
  });
  let secondary = 0;
  let rounds = 0;
  for (let changed = true; changed;) {
    changed = false;
    rounds++;
    for (let i = 0; i < keys.length; i++) [lo[i], hi[i]] = boundsOf(pub[i], isNational[i]);
    propagateSums(relations, byCell, lo, hi);
    for (let h = 0; h < keys.length; h++) {
      // The cells the rules protect are the small counts (1–4): a secondary cell whose value can be
      // worked out is no leak unless it is small itself, and covers are never small (1–4 are hidden already).
      if (isNational[h] || typeof pub[h] !== 'string' || lo[h] !== hi[h] || exactOf[h] < 1 || exactOf[h] >= SMALL_NUMBER_THRESHOLD)
        continue;
      // A cover with a value of its own (5 and over, so rounded): hidden, it leaves room either way.
      // Zeros make poor covers: their siblings' zeros give them back.
      let cover = -1;
      for (const r of byCell[h]) {
        for (const c of relations[r]) {
          if (isNational[c] || typeof pub[c] !== 'number' || exactOf[c] === 0) continue;
          if (cover < 0 || exactOf[c] < exactOf[cover] || (exactOf[c] === exactOf[cover] && keys[c] < keys[cover])) cover = c;
        }
      }
      if (cover >= 0) {
        pub[cover] = HIDDEN_MARKER;
      } else if (pub[h] === SMALL_COUNT_MARKER) {
        // Its "at least 1" is what pins it (a national total of 1 in one municipality).
        pub[h] = HIDDEN_MARKER;
      } else {
        // Nothing around it but exact figures and zeros (a national total of 2 over one
        // municipality): the whole table of this measure and breakdown below national level reads
        // `..`, zeros and `<5` alike, since each of them would give it away.
        let hid = false;
        for (const c of tables.get(tableOf(keys[h]))!) {
          if (isNational[c] || pub[c] === HIDDEN_MARKER) continue;
          pub[c] = HIDDEN_MARKER;
          hid = true;
        }
        if (!hid) continue;
      }
      secondary++;
      changed = true;
    }
  }
  keys.forEach((k, i) => counts.set(k, pub[i]));

  // Rates. National: exact. Below: the quotient of the published counts (numerator and
  // denominator each rounded to 5), so a rate says nothing its counts do not; hidden when either
  // is hidden or under 5.
  const rates = new Map<CellKey, Published>();
  for (const r of RATE_MEASURES) {
    for (const area of areas) {
      for (const b of BREAKDOWNS) {
        const key = cellKey(r.id, area, b);
        if (levelOf(area, geography) === 'national') {
          const num = r.numerator.reduce((s, m) => s + value(cellKey(m, area, b)), 0);
          const den = r.denominator.reduce((s, m) => s + value(cellKey(m, area, b)), 0);
          rates.set(key, den === 0 ? null : Number((num / den).toFixed(RATE_DECIMALS)));
          continue;
        }
        const num = publishedSum(r.numerator, area, b, counts, value);
        const den = publishedSum(r.denominator, area, b, counts, value);
        rates.set(
          key,
          num === null || den === null || num < SMALL_NUMBER_THRESHOLD || den < SMALL_NUMBER_THRESHOLD
            ? HIDDEN_MARKER
            : Number((num / den).toFixed(RATE_DECIMALS)),
        );
      }
    }
  }

  const countHidden = (k: CellKey) => typeof counts.get(k) === 'string';
  return {
    count: (measure, area, breakdown = 'all') => counts.get(cellKey(measure, area, breakdown)) ?? null,
    rate: (id, area, breakdown = 'all') => rates.get(cellKey(id, area, breakdown)) ?? null,
    hidden: (measure, area, breakdown = 'all') => countHidden(cellKey(measure, area, breakdown)),
    audit: { secondary, rounds },
    geography,
  };
}

/**
 * A rate term as published: one count measure as published, or a sum of several (the compliance
 * denominator met + breached + overdue) by its own published cell where there is one (judged_n),
 * else rounded to 5 like any count; null when hidden.
 */
function publishedSum(
  measures: string[],
  area: string,
  b: string,
  counts: ReadonlyMap<CellKey, Published>,
  value: (k: CellKey) => number,
): number | null {
  if (measures.length === 1) {
    const p = counts.get(cellKey(measures[0], area, b));
    return typeof p === 'number' ? p : null;
  }
  const target = measures[0].slice(0, measures[0].indexOf('.'));
  const judged =
    measures[0].endsWith('.met') && !measures[0].includes('adjusted') ? counts.get(cellKey(`${target}.judged_n`, area, b)) : undefined;
  if (judged !== undefined) return typeof judged === 'number' ? judged : null;
  if (measures.some((m) => typeof counts.get(cellKey(m, area, b)) === 'string')) return null;
  const p = suppressCount(
    measures.reduce((s, m) => s + value(cellKey(m, area, b)), 0),
    'municipality',
  );
  return p.suppressed ? null : p.value;
}
