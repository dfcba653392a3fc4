/**
 * An attacker's reading of everything an evaluator can get for one cohort: each published figure
 * becomes bounds on a true count (a count rounded to 5 is within ±2 of it, `<5` is 1–4, a national
 * figure is exact, `..` says nothing), each relation the definitions give (docs/metrics.md) a
 * constraint, and each published rate a constraint on its counts. The integer constraint solver
 * (bounds propagation, then trying each end value of each hidden count) then says which hidden
 * counts are determined: those are recovered, a leak.
 *
 * The relations are written here from the definitions, on their own, not taken from the
 * mechanism under test: a relation the mechanism forgot is still one the attacker uses.
 *
 * What the attacker knows besides the figures is public: the register (every municipality and its
 * region, `GET /api/v1/municipalities`), and that a group an output leaves out had no course
 * (`empty`). It does not know which areas had no course where an output does not say so.
 */
import { ConstraintSystem } from '../../src/statistics/disclosure/constraints.js';

export type Figure = number | string | null;
/** A cell is `measure@area#breakdown`: area a municipality or region code, or DK; breakdown all, age_group:5-9, sex:female. */
export const cell = (measure: string, area: string, breakdown = 'all') => `${measure}@${area}#${breakdown}`;

export interface Observation {
  cell: string;
  value: Figure;
  /** Published at national level: exact. */
  exact: boolean;
  /** Which output showed it. */
  source: string;
}

export interface RateObservation {
  numerator: string[];
  denominator: string[];
  value: Figure;
  exact: boolean;
  source: string;
}

export interface Leak {
  cell: string;
  value: number;
  shownAs: Figure[];
}

export interface Region {
  code: string;
  municipalities: string[];
}

const TARGETS = ['pre_conversation_14d', 'screening_30d'];
const STATES = ['met', 'breached', 'overdue', 'pending', 'not_applicable'];
const REASONS = ['completed', 'dropped_out', 'not_in_target_group', 'referred_elsewhere', 'family_declined', 'moved_away', 'other'];
const AGES = ['5-9', '10-13', '14-17', 'outside_range', 'unknown'];
const SEXES = ['female', 'male', 'unknown'];

export class Attacker {
  readonly observations: Observation[] = [];
  readonly rates: RateObservation[] = [];
  /** Groups an output left out: `area#breakdown`, every count of them 0. */
  readonly absent = new Set<string>();

  /** `regions`: the register, every region with every one of its municipalities. */
  constructor(private readonly regions: Region[]) {}

  see(o: Observation): void {
    this.observations.push(o);
  }

  /** An output that lists its groups left this one out: it had no course, every count of it is 0. */
  empty(area: string, breakdown = 'all'): void {
    this.absent.add(`${area}#${breakdown}`);
  }

  seeRate(o: RateObservation): void {
    this.rates.push(o);
  }

  /**
   * Cells shown two ways by different outputs (one mechanism shows one figure one way): two
   * different figures, or a figure beside `<5`. One output hiding more (`..`) shows nothing new.
   */
  inconsistencies(): { cell: string; shown: string[] }[] {
    const byCell = new Map<string, Map<string, string>>();
    for (const o of this.observations) {
      if (o.exact) continue;
      const seen = byCell.get(o.cell) ?? new Map<string, string>();
      if (!seen.has(JSON.stringify(o.value))) seen.set(JSON.stringify(o.value), o.source);
      byCell.set(o.cell, seen);
    }
    return (
      [...byCell]
        // One output hiding more (`..`) shows nothing new; two figures, or a figure and `<5`, are two ways.
        .filter(([, v]) => [...v.keys()].filter((value) => value !== JSON.stringify('..')).length > 1)
        .map(([c, v]) => ({ cell: c, shown: [...v].map(([value, source]) => `${value} in ${source}`) }))
    );
  }

  /**
   * Every hidden small count (1–4, the counts the rules protect) whose true value the published
   * figures determine. A hidden secondary cell (`..`) worked out to be 0 or 5 and over is not a
   * leak: it was never small.
   */
  leaks(): Leak[] {
    const { alias, regions } = this.blankAreasMerged();
    const rename = (c: string) => {
      const at = c.indexOf('@');
      const hash = c.indexOf('#');
      return `${c.slice(0, at + 1)}${alias(c.slice(at + 1, hash))}${c.slice(hash)}`;
    };
    const observations = this.observations.map((o) => ({ ...o, cell: rename(o.cell) }));
    const rateObservations = this.rates.map((r) => ({ ...r, numerator: r.numerator.map(rename), denominator: r.denominator.map(rename) }));
    const system = new ConstraintSystem();
    const vars = new Map<string, number>();
    const v = (c: string) => {
      if (!vars.has(c)) vars.set(c, system.variable(0, Infinity));
      return vars.get(c)!;
    };
    const hidden = new Map<string, Figure[]>();
    for (const o of observations) {
      const x = v(o.cell);
      if (o.value === '<5') {
        system.bound(x, 1, 4);
        hidden.set(o.cell, [...(hidden.get(o.cell) ?? []), o.value]);
      } else if (typeof o.value === 'number') {
        if (o.exact || o.value === 0) system.bound(x, o.value, o.value);
        else if (o.value === 5) system.bound(x, 5, 7);
        else system.bound(x, o.value - 2, o.value + 2);
      } else if (o.value === '..') {
        hidden.set(o.cell, [...(hidden.get(o.cell) ?? []), o.value]);
      }
    }
    // Rates. National: the exact quotient of the true counts. Below national level the rate is the
    // quotient of the published (rounded) counts (docs/metrics.md): with the published numerator
    // it gives the denominator's published value, so bounds on the denominator's true sum.
    const publishedValue = (c: string) =>
      observations.find((o) => o.cell === c && typeof o.value === 'number')?.value as number | undefined;
    for (const r of rateObservations) {
      if (typeof r.value !== 'number') continue;
      const num = r.numerator.map(v);
      const den = r.denominator.map(v);
      if (r.exact) {
        system.rate(num, den, r.value, 3);
        continue;
      }
      const p = r.numerator.length === 1 ? publishedValue(r.numerator[0]) : undefined;
      if (p === undefined || r.value === 0) continue;
      const candidates: number[] = [];
      for (let d = 5; d <= 100_000; d += 5) if (Math.abs(p / d - r.value) <= 0.0005 + 1e-9) candidates.push(d);
      if (candidates.length === 0) throw new Error(`rate ${r.value} cannot be ${p} over a published count (${r.source})`);
      const lo = candidates[0] === 5 ? 5 : candidates[0] - 2;
      const hi = candidates[candidates.length - 1] === 5 ? 7 : candidates[candidates.length - 1] + 2;
      system.add(
        den.map((x) => ({ v: x, a: 1 })),
        lo,
        hi,
      );
    }
    // The relations the definitions give, over every cell anyone has shown.
    const known = new Set(observations.map((o) => o.cell));
    const areas = new Set([...known].map((c) => c.slice(c.indexOf('@') + 1, c.indexOf('#'))));
    const breakdowns = new Set([...known].map((c) => c.slice(c.indexOf('#') + 1)));
    const measures = new Set([...known].map((c) => c.slice(0, c.indexOf('@'))));
    const sum = (total: string, parts: string[]) => system.sum(v(total), parts.map(v));
    for (const m of measures) {
      for (const b of breakdowns) {
        sum(
          cell(m, 'DK', b),
          regions.map((r) => cell(m, r.code, b)),
        );
        for (const r of regions)
          sum(
            cell(m, r.code, b),
            r.municipalities.map((x) => cell(m, x, b)),
          );
      }
      for (const a of areas) {
        sum(
          cell(m, a),
          AGES.map((g) => cell(m, a, `age_group:${g}`)),
        );
        sum(
          cell(m, a),
          SEXES.map((s) => cell(m, a, `sex:${s}`)),
        );
      }
    }
    for (const a of areas) {
      for (const b of breakdowns) {
        const c = (m: string) => cell(m, a, b);
        for (const t of TARGETS) {
          const s = (x: string) => c(`${t}.${x}`);
          // Every course of the cohort has one result for each national target.
          sum(c('first_contact'), STATES.map(s));
          sum(s('completed_n'), [s('met'), s('breached')]);
          sum(s('open_n'), [s('pending'), s('overdue')]);
          sum(s('judged_n'), [s('met'), s('breached'), s('overdue')]);
          // The adjusted twins: the same held steps, judged on fewer days.
          sum(s('adjusted_completed_n'), [s('adjusted_met'), s('adjusted_breached')]);
          sum(s('completed_n'), [s('adjusted_met'), s('adjusted_breached')]);
          system.add(
            [
              { v: v(s('adjusted_overdue')), a: 1 },
              { v: v(s('overdue')), a: -1 },
            ],
            -Infinity,
            0,
          );
          system.add(
            [
              { v: v(s('met')), a: 1 },
              { v: v(s('adjusted_met')), a: -1 },
            ],
            -Infinity,
            0,
          );
        }
        sum(
          c('closed'),
          REASONS.map((r) => c(`closure_${r}`)),
        );
        sum(c('reached_completed'), [c('closure_completed')]);
        sum(c('wait_firstContactToPreConversation_n'), [c('reached_pre_conversation')]);
        sum(c('wait_firstContactToScreening_n'), [c('reached_screening')]);
        sum(c('wait_firstContactToFirstTreatment_n'), [c('reached_treatment')]);
        sum(c('wait_firstTreatmentToLastTreatment_n'), [c('reached_treatment')]);
        sum(c('wait_firstContactToClosure_n'), [c('closed')]);
      }
    }
    for (const group of this.absent) {
      const [area, breakdown] = group.split('#');
      for (const m of measures) system.bound(v(cell(m, alias(area), breakdown)), 0, 0);
    }
    if (!system.propagate()) throw new Error('the published figures contradict each other');
    const hiddenVars = [...hidden.keys()].map(v);
    system.probe(hiddenVars);
    return (
      [...hidden]
        // A merged cell (`~`, two areas or more) is no cell of any output, and its members are not determined.
        .filter(([c]) => !c.includes('@~') && system.determined(v(c)) && system.lo[v(c)] >= 1 && system.lo[v(c)] <= 4)
        .map(([c, shownAs]) => ({ cell: c, value: system.lo[v(c)], shownAs }))
        .sort((a, b) => a.cell.localeCompare(b.cell))
    );
  }

  /**
   * The areas every output showed as `..` throughout ("blank": nothing published, no group left
   * out), merged: in each region its blank municipalities become one, and the blank regions whose
   * municipalities are all blank become one region of one municipality. This loses nothing: every
   * relation is homogeneous (a sum, an ordering) and a blank area's cells have no bounds, so any
   * whole-number solution of the merged figures is one of the real figures (the merged area's
   * counts in one of its members, 0 in the others) and any real solution sums to a merged one.
   * A merged cell of two or more areas can only be determined at 0 for its members (each could
   * hold all of it), never at 1–4; so only a merge of one area is named as itself. It keeps the
   * attacker's system as small as the areas with figures, whatever the size of the register.
   */
  private blankAreasMerged(): { alias: (area: string) => string; regions: Region[] } {
    const shown = new Set<string>();
    for (const o of this.observations) {
      if (typeof o.value === 'number' || o.value === '<5') shown.add(o.cell.slice(o.cell.indexOf('@') + 1, o.cell.indexOf('#')));
    }
    for (const g of this.absent) shown.add(g.slice(0, g.indexOf('#')));
    const names = new Map<string, string>();
    const merge = (areas: string[], into: string) => {
      if (areas.length > 1) for (const a of areas) names.set(a, into);
      return areas.length > 1 ? into : areas[0];
    };
    const regions: Region[] = [];
    const blankRegions = this.regions.filter((r) => !shown.has(r.code) && r.municipalities.every((m) => !shown.has(m)));
    for (const r of this.regions.filter((x) => !blankRegions.includes(x))) {
      const blank = r.municipalities.filter((m) => !shown.has(m));
      const municipalities = r.municipalities.filter((m) => shown.has(m));
      if (blank.length) municipalities.push(merge(blank, `~${r.code}`));
      regions.push({ code: r.code, municipalities });
    }
    if (blankRegions.length) {
      const region = merge(
        blankRegions.map((r) => r.code),
        '~',
      );
      regions.push({
        code: region,
        municipalities: [
          merge(
            blankRegions.flatMap((r) => r.municipalities),
            `~${region}`,
          ),
        ],
      });
    }
    return { alias: (area) => names.get(area) ?? area, regions };
  }
}
