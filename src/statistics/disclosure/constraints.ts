/**
 * A small integer constraint solver: what an attacker can conclude about the true counts behind
 * published figures. Variables are whole numbers ≥ 0 with bounds; constraints are linear,
 * `lo ≤ Σ a·x ≤ hi`. Each published figure gives bounds (a count rounded to 5 lies within ±2 of
 * it; `<5` is 1–4), each known relation between figures gives a constraint (a total is the sum of
 * its parts; a rate is its numerator over its denominator, to the published decimals).
 *
 * `propagate` tightens every bound as far as the constraints allow (bounds consistency) and
 * `probe` then tries each remaining end value of a variable, dropping those that cannot hold
 * (singleton consistency). Both are sound: a value removed is impossible. A variable whose bounds
 * meet is determined: if it was published hidden, it has been recovered.
 */

/**
 * The globals the inner loops use, bound once: read through the global object on every use they
 * are many times slower where the code runs in a separate context (Jest's vm modules run the
 * disclosure attack some 20× slower with them).
 */
const { max: maxOf, min: minOf, ceil, floor, abs } = Math;
const INF = Infinity;

export interface Term {
  v: number;
  a: number;
}

export interface Constraint {
  terms: Term[];
  lo: number;
  hi: number;
  /** The terms' variables and coefficients as arrays, for the inner loop (no allocation there). */
  readonly vs: Int32Array;
  readonly as: Float64Array;
}

const EPS = 1e-9;

export class ConstraintSystem {
  readonly lo: number[] = [];
  readonly hi: number[] = [];
  readonly constraints: Constraint[] = [];
  private readonly byVar: number[][] = [];
  private queued = new Uint8Array(0);

  /** A new variable with bounds [lo, hi]; returns its index. */
  variable(lo = 0, hi = INF): number {
    this.lo.push(lo);
    this.hi.push(hi);
    this.byVar.push([]);
    return this.lo.length - 1;
  }

  /** The constraints a variable is in. */
  constraintsOf(v: number): Constraint[] {
    return this.byVar[v].map((c) => this.constraints[c]);
  }

  /** Narrows a variable's bounds. */
  bound(v: number, lo: number, hi: number): void {
    this.lo[v] = maxOf(this.lo[v], lo);
    this.hi[v] = minOf(this.hi[v], hi);
  }

  /** lo ≤ Σ a·x ≤ hi. */
  add(terms: Term[], lo: number, hi: number): void {
    const merged = new Map<number, number>();
    for (const t of terms) merged.set(t.v, (merged.get(t.v) ?? 0) + t.a);
    const clean = [...merged].filter(([, a]) => abs(a) > EPS).map(([v, a]) => ({ v, a }));
    const index = this.constraints.length;
    this.constraints.push({ terms: clean, lo, hi, vs: Int32Array.from(clean, (t) => t.v), as: Float64Array.from(clean, (t) => t.a) });
    for (const t of clean) this.byVar[t.v].push(index);
  }

  /** Σ parts = total. */
  sum(total: number, parts: number[]): void {
    this.add([{ v: total, a: -1 }, ...parts.map((v) => ({ v, a: 1 }))], 0, 0);
  }

  /**
   * A published rate `r` (rounded to `decimals`) of numerator over denominator (sums of variables):
   * (r − ½·10^−d)·den ≤ num ≤ (r + ½·10^−d)·den.
   */
  rate(numerator: number[], denominator: number[], r: number, decimals: number): void {
    const half = 0.5 * 10 ** -decimals + EPS;
    const terms = (k: number) => [...numerator.map((v) => ({ v, a: 1 })), ...denominator.map((v) => ({ v, a: -k }))];
    this.add(terms(r - half), 0, INF);
    this.add(terms(r + half), -INF, 0);
  }

  /**
   * Tightens bounds to a fixpoint; false when the constraints cannot all hold. With `trail`, every
   * bound changed is recorded (variable, old lo, old hi) so that `undo` can put it back.
   */
  propagate(lo = this.lo, hi = this.hi, start?: number[], trail?: number[]): boolean {
    // The queue's flags are kept between calls (all clear between them): a probe propagates from
    // one variable, and clearing a flag per constraint each time would cost more than the probe.
    if (this.queued.length !== this.constraints.length) this.queued = new Uint8Array(this.constraints.length);
    const queued = this.queued;
    const queue: number[] = [];
    for (const c of start ? start.flatMap((v) => this.byVar[v]) : this.constraints.keys()) {
      if (!queued[c]) {
        queued[c] = 1;
        queue.push(c);
      }
    }
    const fail = () => {
      for (const c of queue) queued[c] = 0;
      return false;
    };
    while (queue.length) {
      const ci = queue.pop()!;
      queued[ci] = 0;
      const c = this.constraints[ci];
      const { vs, as } = c;
      const n = vs.length;
      let min = 0;
      let max = 0;
      let minInf = 0;
      let maxInf = 0;
      for (let k = 0; k < n; k++) {
        const v = vs[k];
        const a = as[k];
        const l = a > 0 ? a * lo[v] : a * hi[v];
        const h = a > 0 ? a * hi[v] : a * lo[v];
        if (l === -INF) minInf++;
        else min += l;
        if (h === INF) maxInf++;
        else max += h;
      }
      if ((minInf === 0 && min > c.hi + EPS) || (maxInf === 0 && max < c.lo - EPS)) return fail();
      for (let k = 0; k < n; k++) {
        const v = vs[k];
        const a = as[k];
        const l = a > 0 ? a * lo[v] : a * hi[v];
        const h = a > 0 ? a * hi[v] : a * lo[v];
        // The others' range: the sum's range without this term.
        const othersMin = l === -INF ? (minInf > 1 ? -INF : min) : minInf ? -INF : min - l;
        const othersMax = h === INF ? (maxInf > 1 ? INF : max) : maxInf ? INF : max - h;
        // lo − othersMax ≤ a·x ≤ hi − othersMin
        const axLo = c.lo - othersMax;
        const axHi = c.hi - othersMin;
        let newLo = lo[v];
        let newHi = hi[v];
        if (a > 0) {
          if (axLo > -INF) newLo = maxOf(newLo, ceil(axLo / a - EPS));
          if (axHi < INF) newHi = minOf(newHi, floor(axHi / a + EPS));
        } else {
          if (axHi < INF) newLo = maxOf(newLo, ceil(axHi / a - EPS));
          if (axLo > -INF) newHi = minOf(newHi, floor(axLo / a + EPS));
        }
        if (newLo > newHi) return fail();
        if (newLo !== lo[v] || newHi !== hi[v]) {
          trail?.push(v, lo[v], hi[v]);
          lo[v] = newLo;
          hi[v] = newHi;
          for (const other of this.byVar[v]) {
            if (!queued[other] && other !== ci) {
              queued[other] = 1;
              queue.push(other);
            }
          }
        }
      }
    }
    return true;
  }

  /**
   * Singleton consistency on `vars`: each end value of each variable is tried (with everything
   * propagated) and dropped when it cannot hold, until the ends can. Variables whose domain is
   * wider than `maxWidth` are left to propagation alone. Returns false when nothing can hold.
   */
  probe(vars: number[], maxWidth = 50): boolean {
    if (!this.propagate()) return false;
    let changed = true;
    while (changed) {
      changed = false;
      for (const v of vars) {
        if (this.hi[v] - this.lo[v] > maxWidth) continue;
        for (const end of ['lo', 'hi'] as const) {
          while (this.lo[v] < this.hi[v]) {
            const value = end === 'lo' ? this.lo[v] : this.hi[v];
            const trail: number[] = [v, this.lo[v], this.hi[v]];
            this.lo[v] = value;
            this.hi[v] = value;
            const holds = this.propagate(this.lo, this.hi, [v], trail);
            this.undo(trail);
            if (holds) break;
            if (end === 'lo') this.lo[v] = value + 1;
            else this.hi[v] = value - 1;
            if (!this.propagate(this.lo, this.hi, [v])) return false;
            changed = true;
          }
        }
      }
    }
    return true;
  }

  /** Puts back the bounds a trail recorded, latest first. */
  private undo(trail: number[]): void {
    for (let i = trail.length - 3; i >= 0; i -= 3) {
      this.lo[trail[i]] = trail[i + 1];
      this.hi[trail[i]] = trail[i + 2];
    }
  }

  determined(v: number): boolean {
    return this.lo[v] === this.hi[v];
  }
}
