import { describe, expect, it } from 'vitest';
import { fitBradleyTerry } from '../../src/stats/bradley-terry.js';
import { bradleyTerryFactor, refitBradleyTerry } from '../../src/stats/bradley-terry-refit.js';
import { multinomialInto } from '../../src/stats/multinomial.js';
import { pairCells, pairCounts, type PairwiseData } from '../../src/stats/pairwise-data.js';
import { Rng } from '../../src/stats/random.js';

/** Random outcomes among S systems of spread strengths, one row per (pair, outcome) with its count. */
function outcomes(S: number, perPair: number, seed: number): { data: PairwiseData; counts: Float64Array } {
  const rng = new Rng(seed);
  const a: number[] = [];
  const b: number[] = [];
  const y: number[] = [];
  const c: number[] = [];
  for (let i = 0; i < S; i++) {
    for (let j = i + 1; j < S; j++) {
      const p = 1 / (1 + Math.exp(-(i - j) * 0.15));
      let wins = 0;
      for (let k = 0; k < perPair; k++) wins += rng.next() < p ? 1 : 0;
      a.push(i, i);
      b.push(j, j);
      y.push(1, 0);
      c.push(wins, perPair - wins);
    }
  }
  const data = {
    nSystems: S,
    a: Int32Array.from(a),
    b: Int32Array.from(b),
    y: Float64Array.from(y),
    w: new Float64Array(a.length).fill(1),
  };
  return { data, counts: Float64Array.from(c) };
}

describe('Bradley–Terry refit with the full-data Hessian (bootstrap rounds)', () => {
  it('reaches the same maximum as the full Newton fit, on large and on small resamples, with and without anchors', () => {
    for (const [S, perPair] of [
      [30, 200],
      [8, 3],
    ] as const) {
      const { data, counts } = outcomes(S, perPair, S);
      const cells = pairCells(data);
      const total = counts.reduce((s, x) => s + x, 0);
      for (const fixed of [undefined, { index: Int32Array.from([2]), theta: Float64Array.from([0.3]) }]) {
        const ridge = perPair < 5 ? 0.16 : undefined;
        const theta = fitBradleyTerry(pairCounts(data, cells, counts), { fixed, ridge });
        const factor = bradleyTerryFactor(pairCounts(data, cells, counts), theta, { fixed, ridge });
        const mult = new Float64Array(counts.length);
        for (let r = 0; r < 20; r++) {
          multinomialInto(new Rng(100 + r), total, counts, mult);
          const pc = pairCounts(data, cells, mult);
          // a round starts where the full fit ended
          const exact = fitBradleyTerry(pc, { start: theta, fixed, ridge, tolerance: 1e-12 });
          const refit = refitBradleyTerry(pc, factor, 1e-10);
          for (let i = 0; i < S; i++)
            expect(Math.abs(refit[i] - exact[i]), `${S} systems, round ${r}`).toBeLessThan(1e-7);
        }
      }
    }
  });
});
