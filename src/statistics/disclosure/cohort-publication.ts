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
 *    closure reasons, geography and breakdowns; a raw count and its adjusted twin, with their
 *    orderings; an adjusted rate and its rounded denominator), with the constraint solver
 *    (constraints.ts): bounds propagation, then probing each end of each hidden count, the same
 *    strength as the test's attacker. While a hidden small count is determined, the smallest
 *    count with a value of its own of a relation that determines it is hidden too (`..`), ties
 *    by key. The areas without courses are merged first (emptyAreasMerged), losslessly.
 */
import { CLOSURE_REASONS, REFERRAL_DESTINATIONS } from '../../kernel/course.model.js';
import { AGE_GROUPS } from '../age-bands.js';
import { ConstraintSystem, type Constraint } from './constraints.js';
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

/**
 * What an attacker knows about the cells, as one constraint system over the cell indexes, built
 * once per register (the cells are always listed in the same order): every relation
 * `total = Σ parts`, and the two orderings the definitions give between a count and its adjusted
 * twin (an adjusted overdue never exceeds the overdue; the met never exceed the adjusted met).
 * The published adjusted rates add one more bound each, on their denominator (the rounded sum of
 * the adjusted met, breached and overdue), set per round from what is published.
 */
interface Layout {
  system: ConstraintSystem;
  relations: Int32Array[];
  byCell: number[][];
  adjustedRates: { constraint: Constraint; numerator: number; denominator: number[] }[];
}
const CACHED_LAYOUTS = 8;
const layouts = new Map<string, Layout>();
function layoutOf(geography: Geography, keys: readonly CellKey[]): Layout {
  const signature = JSON.stringify(geography.regions);
  let layout = layouts.get(signature);
  if (!layout) {
    const id = new Map(keys.map((k, i) => [k, i]));
    const at = (k: CellKey) => id.get(k)!;
    const system = new ConstraintSystem();
    for (let i = 0; i < keys.length; i++) system.variable();
    const relations = relationsOf(geography).map(({ total, parts }) => Int32Array.from([total, ...parts].map(at)));
    const byCell: number[][] = keys.map(() => []);
    relations.forEach((members, r) => {
      members.forEach((m) => byCell[m].push(r));
      system.sum(members[0], [...members.slice(1)]);
    });
    const adjustedRates: Layout['adjustedRates'] = [];
    for (const area of areasOfGeography(geography)) {
      for (const b of BREAKDOWNS) {
        for (const t of PUBLISHED_TARGETS) {
          const s = (x: string) => at(cellKey(`${t}.${x}`, area, b));
          system.add(
            [
              { v: s('adjusted_overdue'), a: 1 },
              { v: s('overdue'), a: -1 },
            ],
            -Infinity,
            0,
          );
          system.add(
            [
              { v: s('met'), a: 1 },
              { v: s('adjusted_met'), a: -1 },
            ],
            -Infinity,
            0,
          );
          if (area === NATIONAL_AREA) continue;
          const denominator = [s('adjusted_met'), s('adjusted_breached'), s('adjusted_overdue')];
          system.add(
            denominator.map((v) => ({ v, a: 1 })),
            -Infinity,
            Infinity,
          );
          adjustedRates.push({ constraint: system.constraints[system.constraints.length - 1], numerator: s('adjusted_met'), denominator });
        }
      }
    }
    layout = { system, relations, byCell, adjustedRates };
    layouts.set(signature, layout);
    // One layout per set of areas with courses: a few are kept.
    while (layouts.size > CACHED_LAYOUTS) layouts.delete(layouts.keys().next().value!);
  }
  return layout;
}

/**
 * The register with its empty areas (no first contact: `..` in every cell) merged: in each region
 * its empty municipalities become one, and the empty regions one region of one municipality. The
 * check loses nothing by it: every relation is homogeneous (a sum, an ordering) and an empty area's
 * cells are published without bounds, so any whole-number solution of the merged figures is one of
 * the register's (all of a merged area in one of its members, 0 in the others) and any solution
 * of the register's sums to a merged one; a merged area of two or more can hold all of its figure
 * in any member, so none of theirs is ever determined above 0. It keeps the check as small as the
 * areas with courses (a national half-year has all 98; a test cohort a few).
 */
export function emptyAreasMerged(
  register: Geography,
  hasCourses: (area: string) => boolean,
): { geography: Geography; mergedAway: Set<string> } {
  const mergedAway = new Set<string>();
  const merge = (members: string[], into: string) => {
    if (members.length < 2) return members[0];
    for (const m of members) mergedAway.add(m);
    return into;
  };
  const regions: Record<string, string[]> = {};
  const emptyRegions = Object.keys(register.regions).filter((r) => !register.regions[r].some(hasCourses));
  for (const [region, members] of Object.entries(register.regions)) {
    if (emptyRegions.includes(region)) continue;
    const empty = members.filter((m) => !hasCourses(m));
    regions[region] = [...members.filter(hasCourses), ...(empty.length ? [merge(empty, `~${region}`)] : [])];
  }
  if (emptyRegions.length) {
    const region = merge(emptyRegions, '~');
    regions[region] = [
      merge(
        emptyRegions.flatMap((r) => register.regions[r]),
        `~${region}`,
      ),
    ];
  }
  return { geography: { regions }, mergedAway };
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
export function publishCohort(exact: ExactFigures, register: Geography): Publication {
  return publicationOf(publishedFigures(exact, register), register);
}

/**
 * Where each cell of a register's publication lies in its figures, one array for the counts and
 * one for the rates, measure by measure, area by area (areasOfGeography), breakdown by breakdown.
 * The figures travel to and from the worker thread (publication-thread.ts) in this form, plain
 * arrays without their keys: copying tens of thousands of keys each way held the service's thread
 * about 50 ms a publication (docs/metrics.md, "Disclosure control across outputs", "Cost").
 */
export interface CellIndex {
  readonly counts: number;
  readonly rates: number;
  /** The place of a count in the register's counts; -1 where the publication has no such cell. */
  count(measure: string, area: string, breakdown: string): number;
  /** The place of a rate in the register's rates; -1 where there is none. */
  rate(id: string, area: string, breakdown: string): number;
}

export function cellIndex(register: Geography): CellIndex {
  const places = (items: readonly string[]) => new Map(items.map((item, i) => [item, i]));
  const areas = places(areasOfGeography(register));
  const breakdowns = places(BREAKDOWNS);
  const counts = places(COUNT_MEASURES);
  const rates = places(RATE_MEASURES.map((r) => r.id));
  const at = (measures: Map<string, number>, measure: string, area: string, breakdown: string) => {
    const m = measures.get(measure);
    const a = areas.get(area);
    const b = breakdowns.get(breakdown);
    return m === undefined || a === undefined || b === undefined ? -1 : (m * areas.size + a) * breakdowns.size + b;
  };
  return {
    counts: counts.size * areas.size * breakdowns.size,
    rates: rates.size * areas.size * breakdowns.size,
    count: (measure, area, breakdown) => at(counts, measure, area, breakdown),
    rate: (id, area, breakdown) => at(rates, id, area, breakdown),
  };
}

/** Exact figures given by place (cellIndex's counts) as the cells publishedFigures reads. */
export function exactOfCells(cells: ArrayLike<number>, register: Geography): ExactFigures {
  const exact = new Map<CellKey, number>();
  const areas = areasOfGeography(register);
  let i = 0;
  for (const measure of COUNT_MEASURES)
    for (const area of areas)
      for (const b of BREAKDOWNS) {
        if (cells[i]) exact.set(cellKey(measure, area, b), cells[i]);
        i++;
      }
  return exact;
}

/** Exact figures as cells by place (cellIndex's counts): what exactOfCells reads back. */
export function cellsOfExact(exact: ExactFigures, register: Geography): Int32Array {
  const index = cellIndex(register);
  const cells = new Int32Array(index.counts);
  for (const [key, n] of exact) {
    const at = key.indexOf('@');
    const hash = key.indexOf('#');
    const i = index.count(key.slice(0, at), key.slice(at + 1, hash), key.slice(hash + 1));
    if (i < 0) throw new Error(`no published cell for ${key}`);
    cells[i] = n;
  }
  return cells;
}

/** A publication's figures as published, by place (cellIndex): plain data a worker thread can send. */
export interface PublishedFigures {
  counts: Published[];
  rates: Published[];
  audit: { secondary: number; rounds: number };
}

/** The publication that reads `figures` (of `register`'s cells). */
export function publicationOf(figures: PublishedFigures, register: Geography): Publication {
  const index = cellIndex(register);
  const { counts, rates, audit } = figures;
  const countOf = (measure: string, area: string, breakdown: string) => {
    const i = index.count(measure, area, breakdown);
    return i < 0 ? null : counts[i];
  };
  return {
    count: (measure, area, breakdown = 'all') => countOf(measure, area, breakdown),
    rate: (id, area, breakdown = 'all') => {
      const i = index.rate(id, area, breakdown);
      return i < 0 ? null : rates[i];
    },
    hidden: (measure, area, breakdown = 'all') => typeof countOf(measure, area, breakdown) === 'string',
    audit,
    geography: register,
  };
}

/** The figures of publishCohort: the primary rules, the secondary suppression, the rates. */
export function publishedFigures(exact: ExactFigures, register: Geography): PublishedFigures {
  const value = (key: CellKey) => exact.get(key) ?? 0;
  const { geography, mergedAway } = emptyAreasMerged(register, (area) => value(cellKey('first_contact', area, 'all')) > 0);
  const areas = areasOfGeography(geography);
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
  const { system, relations, byCell, adjustedRates } = layoutOf(geography, keys);
  const isNational = keys.map((k) => national.has(k));
  const exactOf = keys.map((k) => value(k));
  const pub: Published[] = keys.map((k) => counts.get(k)!);
  const { lo, hi } = system;
  // Probed, as the attacker does: every hidden count of an area and breakdown with courses (the
  // covers too: a cover pinned down pins what it covers) and of the merged empty areas (their room
  // is what hides the others). An empty breakdown of an area with courses is left to propagation:
  // probing it could only lower its upper bound (0, its true value, always holds), and there are
  // thousands of them in a national half-year (the small age groups of the small municipalities).
  const probed = keys
    .map((_k, i) => i)
    .filter((i) => !isNational[i] && (keys[i].includes('@~') || value(`first_contact${keys[i].slice(keys[i].indexOf('@'))}`) > 0));
  const tables = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const t = tableOf(k);
    const members = tables.get(t);
    if (members) members.push(i);
    else tables.set(t, [i]);
  });
  let secondary = 0;
  let rounds = 0;
  // Rounds of propagation alone first (cheap); once they find nothing more, rounds with probing,
  // until one of those finds nothing either.
  let probing = false;
  const coveredBefore = new Set<number>();
  for (let changed = true; changed || !probing;) {
    if (!changed) probing = true;
    changed = false;
    rounds++;
    for (let i = 0; i < keys.length; i++) [lo[i], hi[i]] = boundsOf(pub[i], isNational[i]);
    // A published adjusted rate tells its denominator as rounded (the quotient of published counts).
    for (const r of adjustedRates) {
      const num = pub[r.numerator];
      const den = r.denominator.some((c) => typeof pub[c] === 'string')
        ? null
        : suppressCount(
            r.denominator.reduce((sum, c) => sum + exactOf[c], 0),
            'municipality',
          );
      const published =
        typeof num === 'number' &&
        num >= SMALL_NUMBER_THRESHOLD &&
        den !== null &&
        !den.suppressed &&
        (den.value ?? 0) >= SMALL_NUMBER_THRESHOLD;
      [r.constraint.lo, r.constraint.hi] = published ? boundsOf(den.value, false) : [-Infinity, Infinity];
    }
    // As the attacker does: bounds propagated through every relation, then each end value of each
    // hidden count tried (a value that contradicts the published figures is dropped).
    system.propagate();
    if (probing) system.probe(probed.filter((i) => typeof pub[i] === 'string'));
    for (let h = 0; h < keys.length; h++) {
      // The cells the rules protect are the small counts (1–4): a secondary cell whose value can be
      // worked out is no leak unless it is small itself, and covers are never small (1–4 are hidden already).
      if (isNational[h] || typeof pub[h] !== 'string' || lo[h] !== hi[h] || exactOf[h] < 1 || exactOf[h] >= SMALL_NUMBER_THRESHOLD)
        continue;
      // A cover with a value of its own (5 and over, so rounded): hidden, it leaves room either way.
      // Zeros make poor covers: their siblings' zeros give them back.
      // Found by probing: a cover in each relation of the cell (its smallest such member), so that
      // one round of probing (the costly part) frees it rather than one per cover.
      const covers: number[] = [];
      let cover = -1;
      const around = probing ? system.constraintsOf(h).map((c) => c.vs) : byCell[h].map((r) => relations[r]);
      for (const members of around) {
        let own = -1;
        for (const c of members) {
          if (isNational[c] || typeof pub[c] !== 'number' || exactOf[c] === 0) continue;
          if (own < 0 || exactOf[c] < exactOf[own] || (exactOf[c] === exactOf[own] && keys[c] < keys[own])) own = c;
        }
        if (own >= 0 && (cover < 0 || exactOf[own] < exactOf[cover] || (exactOf[own] === exactOf[cover] && keys[own] < keys[cover])))
          cover = own;
        if (own >= 0) covers.push(own);
      }
      if (cover >= 0) {
        for (const c of probing ? covers : [cover]) pub[c] = HIDDEN_MARKER;
        // Still found by probing after its covers of an earlier round: what pins it lies further
        // off (its hidden neighbours' bounds); its own `<5` goes too, rather than one cover a round.
        if (probing && coveredBefore.has(h) && pub[h] === SMALL_COUNT_MARKER) pub[h] = HIDDEN_MARKER;
        if (probing) coveredBefore.add(h);
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

  // By place in the register's cells; an empty area merged away reads `..` throughout, like every empty area.
  const registerAreas = areasOfGeography(register);
  const byPlace = (measures: readonly string[], of: (measure: string, area: string, b: string) => Published) =>
    measures.flatMap((measure) =>
      registerAreas.flatMap((area) => BREAKDOWNS.map((b) => (mergedAway.has(area) ? HIDDEN_MARKER : of(measure, area, b)))),
    );
  return {
    counts: byPlace(COUNT_MEASURES, (measure, area, b) => counts.get(cellKey(measure, area, b)) ?? null),
    rates: byPlace(
      RATE_MEASURES.map((r) => r.id),
      (id, area, b) => rates.get(cellKey(id, area, b)) ?? null,
    ),
    audit: { secondary, rounds },
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
