/**
 * Control limits of a funnel plot for a proportion (a municipality's compliance rate against its
 * number of courses judged), after Spiegelhalter, "Funnel plots for comparing institutional
 * performance", Statistics in Medicine 24 (2005) 1185–1202, appendix A.1.1: exact binomial limits
 * around the target (here the national rate), made continuous by interpolation.
 *
 * For a target θ and a denominator n, the p-limit is found from R ~ Binomial(n, θ): r_p is the
 * smallest r with P(R ≤ r) ≥ p, and
 *
 *   α = (P(R ≤ r_p) − p) / (P(R ≤ r_p) − P(R ≤ r_p − 1)),   limit = (r_p − α) / n.
 *
 * The 95 % limits are the 0.025 and 0.975 limits (about two standard errors), the 99.8 % limits
 * the 0.001 and 0.999 limits (about three). A point outside the 99.8 % limits is unlikely to be
 * chance alone (the paper's "alarm"); a small municipality is not flagged by noise because its
 * limits are wide. Plain functions over numbers.
 */
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import binomialQuantile from '@stdlib/stats-base-dists-binomial-quantile';

export interface ControlLimits {
  lower: number;
  upper: number;
}

export interface FunnelLimits {
  /** The 95 % limits (p = 0.025 and 0.975). */
  limits95: ControlLimits;
  /** The 99.8 % limits (p = 0.001 and 0.999). */
  limits998: ControlLimits;
}

/** The interpolated binomial p-limit of a proportion with target `theta` over `n` (Spiegelhalter 2005, A.1.1). */
export function binomialLimit(p: number, theta: number, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`The denominator must be a whole number ≥ 1, got ${n}`);
  if (!(theta >= 0 && theta <= 1)) throw new RangeError(`The target must be a proportion 0–1, got ${theta}`);
  if (!(p > 0 && p < 1)) throw new RangeError(`The limit's probability must be inside (0, 1), got ${p}`);
  // A target of 0 or 1 leaves no room either side: every limit is the target.
  if (theta === 0 || theta === 1) return theta;
  const r = binomialQuantile(p, n, theta);
  const atR = binomialCdf(r, n, theta);
  const belowR = r > 0 ? binomialCdf(r - 1, n, theta) : 0;
  const alpha = (atR - p) / (atR - belowR);
  return Math.min(1, Math.max(0, (r - alpha) / n));
}

/** The 95 % and 99.8 % control limits around `theta` for a denominator `n`. */
export function funnelLimits(theta: number, n: number): FunnelLimits {
  return {
    limits95: { lower: binomialLimit(0.025, theta, n), upper: binomialLimit(0.975, theta, n) },
    limits998: { lower: binomialLimit(0.001, theta, n), upper: binomialLimit(0.999, theta, n) },
  };
}
