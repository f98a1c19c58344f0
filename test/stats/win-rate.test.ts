import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from '../../src/stats/bootstrap.js';
import { mean, normalQuantile, quantileSorted, sd } from '../../src/stats/descriptive.js';
import { wilsonInterval } from '../../src/stats/intervals.js';
import { pairedDifference } from '../../src/stats/paired.js';
import { Rng } from '../../src/stats/random.js';
import { countOutcomes, rawWinRate, winRateVariants } from '../../src/stats/win-rate.js';

describe('descriptive statistics', () => {
  it('mean, sd with ddof, numpy-style quantiles, normal quantile', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sd([1, 2, 3, 4])).toBeCloseTo(1.2909944487, 9);
    expect(sd([1, 2, 3, 4], 0)).toBeCloseTo(1.1180339887, 9);
    expect(quantileSorted([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
  });
});

describe('win-rate variants', () => {
  const x = Float64Array.from([1, 1, 1, 0.5, 0, 0.8, 0.2, 0.5, 1, 0]);
  it('raw metrics count wins, losses and exact draws', () => {
    const r = rawWinRate(x);
    expect([r.n_wins, r.n_draws, r.n_wins_base, r.n_total]).toEqual([5, 2, 3, 10]);
    expect(r.win_rate).toBeCloseTo(60, 10);
    expect(r.discrete_win_rate).toBeCloseTo(60, 10);
    expect(r.standard_error).toBeCloseTo((100 * sd(x)) / Math.sqrt(10), 10);
  });
  it('ties as half, win only, tie-or-win, excluding ties, win/loss ratio', () => {
    const v = winRateVariants(countOutcomes(x));
    expect(v.tiesHalf).toBeCloseTo(0.6, 12);
    expect(v.winOnly).toBeCloseTo(0.5, 12);
    expect(v.tieOrWin).toBeCloseTo(0.7, 12);
    expect(v.excludingTies).toBeCloseTo(5 / 8, 12);
    expect(v.winLossRatio).toBeCloseTo(5 / 3, 12);
    expect(winRateVariants({ wins: 3, ties: 0, losses: 0 }).winLossRatio).toBe(Infinity);
  });
});

describe('intervals', () => {
  it('Wilson interval matches the textbook value for 5/10 and 0/20', () => {
    const w = wilsonInterval(5, 10);
    expect(w.low).toBeCloseTo(0.2365931, 6);
    expect(w.high).toBeCloseTo(0.7634069, 6);
    const z = wilsonInterval(0, 20);
    expect(z.low).toBe(0);
    expect(z.high).toBeCloseTo(0.1611251, 6);
  });

  it('seeded bootstrap is reproducible, seed-dependent, and brackets the mean', () => {
    const rng = new Rng(7);
    const x = Float64Array.from({ length: 400 }, () => (rng.next() < 0.62 ? 1 : 0));
    const a = bootstrapMeanInterval(x, { rounds: 500, seed: 1 });
    const b = bootstrapMeanInterval(x, { rounds: 500, seed: 1 });
    const c = bootstrapMeanInterval(x, { rounds: 500, seed: 2 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    const m = mean(x);
    expect(a.low).toBeLessThan(m);
    expect(a.high).toBeGreaterThan(m);
    // Close to the normal-theory half-width 1.96·sd/√n.
    const half = (1.96 * sd(x)) / Math.sqrt(x.length);
    expect(Math.abs((a.high - a.low) / 2 - half)).toBeLessThan(0.2 * half);
  });

  it('the bootstrap covers the true rate about 95% of the time', () => {
    const rng = new Rng(11);
    let covered = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      const x = Float64Array.from({ length: 200 }, () => (rng.next() < 0.3 ? 1 : 0));
      const ci = bootstrapMeanInterval(x, { rounds: 400, seed: t });
      if (ci.low <= 0.3 && 0.3 <= ci.high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.99);
  });
});

describe('paired difference', () => {
  it('pairing removes shared item variance', () => {
    const rng = new Rng(3);
    const difficulty = Float64Array.from({ length: 300 }, () => rng.next());
    const a = difficulty.map((d) => Math.min(1, d + 0.1));
    const b = difficulty.map((d) => d);
    const r = pairedDifference(a, b, { rounds: 300, seed: 5 });
    expect(r.difference).toBeCloseTo(mean(a) - mean(b), 12);
    expect(r.standardError).toBeLessThan(sd(a) / Math.sqrt(300));
    expect(r.normal.low).toBeLessThan(r.difference);
    expect(r.bootstrap.high).toBeGreaterThan(r.difference);
    expect(() => pairedDifference([1], [1, 2])).toThrow(RangeError);
  });
});
