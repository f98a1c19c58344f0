import { describe, expect, it } from 'vitest';
import { winRateLeaderboard } from '../../src/leaderboard/alpaca-eval-leaderboard.js';
import { meanProportionInterval, wilsonInterval } from '../../src/stats/intervals.js';
import { LC_MIN_ITEMS } from '../../src/stats/lc-interval.js';
import { Rng } from '../../src/stats/random.js';
import { rawWinRate } from '../../src/stats/win-rate.js';
import type { ComparisonTable } from '../../src/store/store.js';

/** A comparison table of `n` items, model "m" against baseline "b", P(m wins) and lengths from the callbacks. */
function table(n: number, pA: (i: number) => number, lenM: (i: number) => number): ComparisonTable {
  const f = (g: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => g(i));
  return {
    systems: ['b', 'm'],
    judges: ['j'],
    item: Int32Array.from({ length: n }, (_, i) => i),
    a: new Int32Array(n),
    b: new Int32Array(n).fill(1),
    judge: new Int32Array(n),
    pA: f((i) => 1 - pA(i)),
    seq: f((i) => i),
    lenA: f(() => 500),
    lenB: f(lenM),
    shownFirst: new Uint8Array(n),
    strong: new Uint8Array(n),
  };
}

describe('intervals a user can trust', () => {
  it('win-rate intervals stay in [0, 100] and are wide for small n (Wilson at the effective sample size)', () => {
    // 0 wins of 2: scipy.stats.binomtest(0, 2).proportion_ci(method="wilson") = (0, 0.6576198)
    expect(meanProportionInterval(0, 0, 2).high).toBeCloseTo(0.6576198, 6);
    expect(meanProportionInterval(1, 0, 2).low).toBeCloseTo(1 - 0.6576198, 6);
    // 0/1 outcomes: the effective sample size is n(n−1)/n-ish, so the interval is Wilson's to within a hair
    const x = Float64Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const r = rawWinRate(x);
    const ours = meanProportionInterval(r.win_rate / 100, r.standard_error / 100, 40);
    const wilson = wilsonInterval(10, 40);
    expect(Math.abs(ours.low - wilson.low)).toBeLessThan(0.01);
    expect(Math.abs(ours.high - wilson.high)).toBeLessThan(0.01);
    // large n: close to the normal interval
    const big = meanProportionInterval(0.3, 0.01, 2100);
    expect(big.low).toBeCloseTo(0.3 - 1.959964 * 0.01, 3);
    const rng = new Rng(5);
    for (let t = 0; t < 200; t++) {
      const n = 1 + rng.int(12);
      const xs = Float64Array.from({ length: n }, () => [0, 0.5, 1, rng.next()][rng.int(4)]);
      const w = rawWinRate(xs);
      const ci = meanProportionInterval(w.win_rate / 100, w.standard_error / 100, n);
      expect(ci.low).toBeGreaterThanOrEqual(0);
      expect(ci.high).toBeLessThanOrEqual(1);
      expect(ci.low).toBeLessThanOrEqual(w.win_rate / 100 + 1e-12);
      expect(ci.high).toBeGreaterThanOrEqual(w.win_rate / 100 - 1e-12);
    }
  });

  it('the leaderboard: a 2-item system gets [0, 65.8] and a note, never [−48, 148]', () => {
    const notes: string[] = [];
    const rows = winRateLeaderboard(
      table(
        2,
        () => 0,
        () => 400,
      ),
      { baseline: 'b', notes },
    );
    const m = rows.find((r) => r.system === 'm')!;
    expect([m.win_rate, m.ci_low]).toEqual([0, 0]);
    expect(m.ci_high).toBeCloseTo(65.76198, 4);
    expect(notes).toContain('m: 2 items only — its interval is wide and approximate (n < 30)');
  });

  it('declines LC on too few items, with the reason, rather than print a number that contradicts the raw rate', () => {
    const notes: string[] = [];
    const rows = winRateLeaderboard(
      table(
        4,
        (i) => (i === 0 ? 1 : i === 1 ? 0.25 : 0),
        (i) => 300 + i,
      ),
      { baseline: 'b', alpacaEvalLc: false, notes },
    );
    const m = rows.find((r) => r.system === 'm')!;
    expect(m.win_rate).toBeCloseTo(31.25, 10);
    expect([m.lc_win_rate, m.lc_ci_low, m.lc_method]).toEqual([null, null, null]);
    expect(notes.join('\n')).toMatch(
      new RegExp(`m: LC not reported — 4 items against b, fewer than the ${LC_MIN_ITEMS}`),
    );
  });

  it('a length-only LC (other data than AlpacaEval) has a real interval, which shrinks with n', () => {
    const rng = new Rng(11);
    const width = (n: number) => {
      const lens = Array.from({ length: n }, () => 200 + rng.int(800));
      const rows = winRateLeaderboard(
        table(
          n,
          (i) => (rng.next() < 0.3 + lens[i] / 2000 ? 1 : 0),
          (i) => lens[i],
        ),
        { baseline: 'b', alpacaEvalLc: false },
      );
      const m = rows.find((r) => r.system === 'm')!;
      expect(m.lc_method).toBe('length_only');
      expect(m.lc_standard_error!).toBeGreaterThan(0.5);
      expect(m.lc_ci_low!).toBeLessThan(m.lc_win_rate!);
      expect(m.lc_ci_high!).toBeGreaterThan(m.lc_win_rate!);
      expect(m.lc_ci_low!).toBeGreaterThanOrEqual(0);
      return m.lc_ci_high! - m.lc_ci_low!;
    };
    const small = width(60);
    const large = width(2000);
    expect(small).toBeGreaterThan(2 * large);
    expect(large).toBeGreaterThan(1);
  });
});
