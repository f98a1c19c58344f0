import { describe, expect, it } from 'vitest';
import { meanPercent } from '../../src/leaderboard/groups.js';
import { lengthBias } from '../../src/stats/judge-bias.js';
import {
  bootstrapOrAnalytic,
  meanProportionInterval,
  normalInterval,
  wilsonInterval,
} from '../../src/stats/intervals.js';
import { scoreEstimate } from '../../src/stats/score-interval.js';
import { normalQuantile } from '../../src/stats/descriptive.js';
import { percentWithWilson, winLossRatio } from '../../src/stats/win-rate-intervals.js';

const Z = 1.959963984540054;
/** Wilson's interval of k of n, written out (Wilson 1927), at the quantile z. */
const wilson = (k: number, n: number, z = Z): [number, number] => {
  const p = k / n;
  const c = p + (z * z) / (2 * n);
  const h = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - h) / (1 + (z * z) / n), (c + h) / (1 + (z * z) / n)];
};

describe('intervals at the edges: inside the range, containing the point', () => {
  it('W/L ratio: 0 wins gives [0, z²/L], no losses reach ∞; the ratio of the Wilson ends otherwise', () => {
    const none = winLossRatio(0, 5);
    expect(none.value).toBe(0);
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo((Z * Z) / 5, 8); // Wilson high z²/(n + z²) → ratio z²/n
    const all = winLossRatio(4, 0);
    expect([all.value, all.high]).toEqual([Infinity, Infinity]);
    expect(all.low).toBeCloseTo(4 / (Z * Z), 8);
    const mid = winLossRatio(6, 3);
    const [lo, hi] = wilson(6, 9);
    expect(mid.value).toBe(2);
    expect(mid.low).toBeCloseTo(lo / (1 - lo), 6);
    expect(mid.high).toBeCloseTo(hi / (1 - hi), 6);
  });

  it('group win rates (variants, groups): 0 of 2 is [0, 65.8], not [0, 0]; 2 of 2 is [34.2, 100]', () => {
    const z = meanPercent([0, 0]);
    expect(z.ci_low).toBe(0);
    expect(z.ci_high).toBeCloseTo(100 * wilson(0, 2)[1], 6);
    const a = meanPercent([1, 1]);
    expect(a.ci_low).toBeCloseTo(100 * wilson(2, 2)[0], 6);
    expect(a.ci_high).toBe(100);
  });

  it('P(longer wins) of 4 in 5 stays in [0, 1] (was 0.408–1.192)', () => {
    const r = lengthBias([100, 200, 300, 400, 500], [1, 1, 1, 1, 0])!;
    expect(r.p_longer_wins).toBeCloseTo(0.8, 12);
    // se = √(0.2/5) = 0.2, n* = 0.8·0.2/0.04 = 4: Wilson at 3.2 of 4, quantile scipy.stats.t.ppf(0.975, 4)
    const [lo, hi] = wilson(3.2, 4, 2.7764451051977934);
    expect(r.p_longer_ci_low).toBeCloseTo(lo, 8);
    expect(r.p_longer_ci_high).toBeCloseTo(hi, 8);
    expect(r.p_longer_ci_high).toBeLessThan(1);
  });
});

describe('interval helpers at their edges (hand computations)', () => {
  it('Wilson and the effective-n interval: no sample gives NaN; no variance gives the binomial Wilson at n', () => {
    for (const ci of [wilsonInterval(0, 0), wilsonInterval(1, -1), meanProportionInterval(0.5, 0.1, 0)])
      expect([ci.low, ci.high]).toEqual([NaN, NaN]);
    expect(meanProportionInterval(NaN, 0.1, 10).low).toBeNaN();
    // p = 0 with a (stray) positive se: p(1 − p) = 0, so the binomial interval, not Wilson at n* = 0
    expect(meanProportionInterval(0, 0.1, 10)).toEqual(wilsonInterval(0, 10));
    // one observation: z, not Student's t with 0 degrees of freedom
    const one = meanProportionInterval(0.5, 0.2, 1);
    const n1 = 0.25 / 0.04;
    expect(one.high).toBeCloseTo(wilson(0.5 * n1, n1)[1], 9);
    // n = ∞ (LC's standard error): Wilson at n* = p(1 − p)/se² with z
    const inf = meanProportionInterval(0.3, 0.01, Infinity);
    expect(inf.low).toBeCloseTo(wilson(0.3 * 2100, 2100)[0], 9);
    // se > 0, n = 10: Student's t₉ (scipy.stats.t.ppf(0.975, 9) = 2.2621571627409915) at n* = 0.21/0.15² = 9.33
    const ten = meanProportionInterval(0.3, 0.15, 10);
    expect(ten.high).toBeCloseTo(wilson(0.3 * (0.21 / 0.0225), 0.21 / 0.0225, 2.2621571627409915)[1], 9);
  });

  it('normal interval, percent with Wilson and the W/L ratio of no games', () => {
    // scipy.stats.norm.ppf(0.975) = 1.959963984540054, norm.ppf(0.95) = 1.6448536269514722
    const n95 = normalInterval(10, 2);
    expect(n95.low).toBeCloseTo(10 - 2 * Z, 8);
    expect(n95.high).toBeCloseTo(10 + 2 * Z, 8);
    const ninety = normalInterval(10, 2, 0.9);
    expect(ninety.low).toBeCloseTo(10 - 2 * 1.6448536269514722, 8);
    expect(ninety.high).toBeCloseTo(10 + 2 * 1.6448536269514722, 8);
    const pw = percentWithWilson(3, 10);
    expect(pw.value).toBe(30);
    expect(pw.low).toBeCloseTo(100 * wilson(3, 10)[0], 9);
    expect(pw.high).toBeCloseTo(100 * wilson(3, 10)[1], 9);
    expect(percentWithWilson(0, 0).value).toBeNaN();
    expect(winLossRatio(0, 0).value).toBeNaN();
  });

  it('a bootstrap interval is kept unless it has no width (relative to its size)', () => {
    const analytic = { low: -1, high: 1 };
    expect(bootstrapOrAnalytic({ low: 0, high: 0.5 }, () => analytic)).toEqual({ low: 0, high: 0.5 });
    expect(bootstrapOrAnalytic({ low: 0.5, high: 0.5 }, () => analytic)).toBe(analytic);
    expect(bootstrapOrAnalytic({ low: 0, high: 1e-12 }, () => analytic)).toBe(analytic); // exactly the tolerance
    expect(bootstrapOrAnalytic({ low: 1e6, high: 1e6 + 1e-7 }, () => analytic)).toBe(analytic); // 1e-12 relative
    expect(bootstrapOrAnalytic({ low: 1e6, high: 1e6 + 1e-5 }, () => analytic).low).toBe(1e6);
  });

  it('the Elo interval of a score is the logistic transform of its ends', () => {
    const e = scoreEstimate([1, 0, 0, 1, 1]);
    const elo = (s: number) => -400 * Math.log10(1 / s - 1);
    expect(e.elo_ci_low).toBeCloseTo(elo(e.ci_low), 9);
    expect(e.elo_ci_high).toBeCloseTo(elo(e.ci_high), 9);
    expect(e.elo_ci_low).toBeLessThan(e.elo);
  });
});

describe('the normal quantile', () => {
  it('equals scipy.stats.norm.ppf to double precision (Acklam refined by one Halley step)', () => {
    const scipy: [number, number][] = [
      [0.975, 1.959963984540054],
      [0.95, 1.6448536269514722],
      [0.001, -3.090232306167813],
      [1e-10, -6.361340902404056],
      [0.3, -0.5244005127080409],
    ];
    for (const [p, x] of scipy) expect(Math.abs(normalQuantile(p) - x), String(p)).toBeLessThan(2e-15 * Math.abs(x));
    expect(normalQuantile(0.5)).toBe(0);
    expect([normalQuantile(0), normalQuantile(1)]).toEqual([-Infinity, Infinity]);
  });
});
