import { binomialLimit, funnelLimits } from '../../src/statistics/funnel.rules.js';

/**
 * Hand-computed from the binomial distribution (Spiegelhalter 2005, appendix A.1.1). For n = 10 and
 * θ = 0.5 the cumulative counts out of 1024 are P(R ≤ 0) = 1, ≤ 1 = 11, ≤ 2 = 56, ≤ 8 = 1013, ≤ 9 = 1023:
 * - p = 0.025 (25.6/1024): r = 2, α = (56 − 25.6)/(56 − 11) = 0.675556, limit (2 − α)/10 = 0.1324444;
 * - p = 0.975 (998.4/1024): ≤ 7 = 968 < 998.4 ≤ 1013, r = 8, α = (1013 − 998.4)/45 = 0.324444, limit 0.7675556;
 * - p = 0.001 (1.024/1024): r = 1, α = (11 − 1.024)/10 = 0.9976, limit 0.00024;
 * - p = 0.999 (1022.976/1024): r = 9, α = (1023 − 1022.976)/10 = 0.0024, limit 0.89976.
 * For n = 5, θ = 0.9, p = 0.001: P(R ≤ 1) = 0.00046, P(R ≤ 2) = 0.00856, r = 2,
 * α = (0.00856 − 0.001)/(0.00856 − 0.00046) = 0.933333, limit (2 − α)/5 = 0.2133333.
 */
describe(binomialLimit.name, () => {
  it.each([
    [0.025, 0.5, 10, 0.1324444],
    [0.975, 0.5, 10, 0.7675556],
    [0.001, 0.5, 10, 0.00024],
    [0.999, 0.5, 10, 0.89976],
    [0.001, 0.9, 5, 0.2133333],
  ])('the %s limit around %s over %i is %s', (p, theta, n, limit) => {
    expect(binomialLimit(p, theta, n)).toBeCloseTo(limit, 6);
  });

  it.each([0, 1])('a target of %i is its own limit', (theta) => {
    expect(binomialLimit(0.025, theta, 20)).toBe(theta);
    expect(binomialLimit(0.999, theta, 20)).toBe(theta);
  });

  it.each([
    [0.025, 0.5, 0],
    [0.025, 0.5, 2.5],
    [0.025, 1.2, 10],
    [0, 0.5, 10],
    [1, 0.5, 10],
  ])('refuses p %s, target %s, denominator %s', (p, theta, n) => {
    expect(() => binomialLimit(p, theta, n)).toThrow(RangeError);
  });
});

describe(funnelLimits.name, () => {
  it('gives the hand-computed 95 % and 99.8 % limits', () => {
    const limits = funnelLimits(0.5, 10);
    expect(limits.limits95.lower).toBeCloseTo(0.1324444, 6);
    expect(limits.limits95.upper).toBeCloseTo(0.7675556, 6);
    expect(limits.limits998.lower).toBeCloseTo(0.00024, 6);
    expect(limits.limits998.upper).toBeCloseTo(0.89976, 6);
  });

  // For large n the exact limits approach the normal ones, θ ± z·√(θ(1−θ)/n) (z = 1.959964 and
  // 3.090232), within the interpolation's half-count shift, the discreteness and the skew: 2/n.
  it.each([
    [0.8, 1000],
    [0.62, 5000],
    [0.3, 20000],
  ])('approaches the normal approximation around %s for %i courses', (theta, n) => {
    const se = Math.sqrt((theta * (1 - theta)) / n);
    const limits = funnelLimits(theta, n);
    for (const [got, want] of [
      [limits.limits95.lower, theta - 1.959964 * se],
      [limits.limits95.upper, theta + 1.959964 * se],
      [limits.limits998.lower, theta - 3.090232 * se],
      [limits.limits998.upper, theta + 3.090232 * se],
    ]) {
      expect(Math.abs(got - want)).toBeLessThan(2 / n);
    }
  });

  it('narrows as the denominator grows, and the 99.8 % limits lie outside the 95 % ones', () => {
    let previous = funnelLimits(0.7, 5);
    for (const n of [10, 20, 50, 100, 500, 1000]) {
      const limits = funnelLimits(0.7, n);
      expect(limits.limits998.lower).toBeLessThanOrEqual(limits.limits95.lower);
      expect(limits.limits998.upper).toBeGreaterThanOrEqual(limits.limits95.upper);
      expect(limits.limits95.upper - limits.limits95.lower).toBeLessThan(previous.limits95.upper - previous.limits95.lower);
      previous = limits;
    }
  });
});
