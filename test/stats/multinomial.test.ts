import { describe, expect, it } from 'vitest';
import { binomial, multinomialInto } from '../../src/stats/multinomial.js';
import { Rng } from '../../src/stats/random.js';

describe('exact binomial and multinomial draws', () => {
  it('binomial draws have the binomial mean and variance on both branches (inversion and BTPE) and at the edges', () => {
    const rng = new Rng(7);
    const rand = rng;
    for (const [n, p] of [
      [20, 0.1],
      [1_000_000, 3e-6],
      [200, 0.3],
      [1_000_000, 0.02],
      [50, 0.9],
      [2_000, 0.5],
      [400, 0.1],
      [3, 0.5],
    ] as const) {
      const draws = 40_000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < draws; i++) {
        const x = binomial(rand, n, p);
        expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
        s += x;
        s2 += x * x;
      }
      const mean = s / draws;
      const variance = s2 / draws - mean * mean;
      const v = n * p * (1 - p);
      expect(Math.abs(mean - n * p), `${n}, ${p}`).toBeLessThan(5 * Math.sqrt(v / draws));
      expect(Math.abs(variance / v - 1), `${n}, ${p}`).toBeLessThan(0.05);
    }
    expect([binomial(rand, 10, 0), binomial(rand, 10, 1), binomial(rand, 0, 0.5)]).toEqual([0, 10, 0]);
  });

  it('a multinomial draw puts exactly the total into the cells, each cell binomial with its share, zero-weight cells empty', () => {
    const weights = Float64Array.from([5, 0, 1, 300, 2, 0.5, 91.5]);
    const total = 1_000_000;
    const rounds = 400;
    const sum = new Float64Array(weights.length);
    const sq = new Float64Array(weights.length);
    const out = new Float64Array(weights.length);
    for (let r = 0; r < rounds; r++) {
      multinomialInto(new Rng(r + 1), total, weights, out);
      expect(out.reduce((a, b) => a + b, 0)).toBe(total);
      expect(out[1]).toBe(0);
      out.forEach((x, k) => ((sum[k] += x), (sq[k] += x * x)));
    }
    const mass = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, k) => {
      const p = w / mass;
      const mean = sum[k] / rounds;
      const sd = Math.sqrt(total * p * (1 - p));
      expect(Math.abs(mean - total * p)).toBeLessThanOrEqual((5 * sd) / Math.sqrt(rounds) + 1e-9);
      if (p > 0) expect(Math.abs(Math.sqrt(sq[k] / rounds - mean * mean) / sd - 1)).toBeLessThan(0.2);
    });
  });
});

describe('BTPE', () => {
  it('draws follow the exact binomial distribution (Kolmogorov distance), in the body and in both tails', () => {
    const rng = new Rng(11);
    const rand = rng;
    for (const [n, p] of [
      [1_000, 0.05],
      [60, 0.5],
      [1_000_000, 2e-4],
      [100_000, 0.3],
      [5_000, 0.45],
    ] as const) {
      const draws = 100_000;
      const mean = n * p;
      const sd = Math.sqrt(mean * (1 - p));
      const lo = Math.max(0, Math.floor(mean - 12 * sd));
      const hi = Math.min(n, Math.ceil(mean + 12 * sd));
      const hist = new Float64Array(hi - lo + 1);
      for (let i = 0; i < draws; i++) {
        const x = binomial(rand, n, p);
        expect(x >= lo && x <= hi, `${x} of Binomial(${n}, ${p})`).toBe(true);
        hist[x - lo]++;
      }
      // exact pmf from ln C(n, k) summed term by term from the mode
      const m = Math.floor((n + 1) * p);
      const logPmf = new Float64Array(hi - lo + 1);
      let lnC = 0;
      for (let k = 1; k <= m; k++) lnC += Math.log((n - k + 1) / k);
      const at = (k: number, c: number): number => c + k * Math.log(p) + (n - k) * Math.log1p(-p);
      logPmf[m - lo] = at(m, lnC);
      for (let k = m + 1, c = lnC; k <= hi; k++) logPmf[k - lo] = at(k, (c += Math.log((n - k + 1) / k)));
      for (let k = m - 1, c = lnC; k >= lo; k--) logPmf[k - lo] = at(k, (c -= Math.log((n - k) / (k + 1))));
      let cdf = 0;
      let empirical = 0;
      let distance = 0;
      for (let k = lo; k <= hi; k++) {
        cdf += Math.exp(logPmf[k - lo]);
        empirical += hist[k - lo] / draws;
        distance = Math.max(distance, Math.abs(cdf - empirical));
      }
      expect(Math.abs(cdf - 1), `pmf of ${n}, ${p}`).toBeLessThan(1e-9);
      expect(distance, `${n}, ${p}`).toBeLessThan(1.95 / Math.sqrt(draws)); // Kolmogorov's 0.1% point
    }
  });
});
