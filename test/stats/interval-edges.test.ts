import { describe, expect, it } from 'vitest';
import { meanPercent } from '../../src/leaderboard/groups.js';
import { lengthBias } from '../../src/stats/judge-bias.js';
import { winLossRatio } from '../../src/stats/win-rate-intervals.js';

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
