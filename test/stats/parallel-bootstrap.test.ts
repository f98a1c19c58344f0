import { describe, expect, it } from 'vitest';
import { STYLE_ROUND_TOLERANCE, type BootstrapTask } from '../../src/stats/bootstrap-task.js';
import type * as Parallel from '../../src/stats/parallel-bootstrap.js';
import { fitBradleyTerry } from '../../src/stats/bradley-terry.js';
import { pairCells, pairCounts } from '../../src/stats/pairwise-data.js';
import { Rng } from '../../src/stats/random.js';
import { MultinomialSampler } from '../../src/stats/resample.js';
import { fitStyleBradleyTerry, styleFeatures } from '../../src/stats/style-control.js';
import { rowTerms } from '../../src/stats/style-control-pass.js';
import { styleRuns } from '../../src/stats/style-runs.js';

// The worker threads run compiled JavaScript: exercise the built module (the test command builds first).
const { bootstrapThetas, prestartBootstrapWorkers } = (await import(
  new URL('../../dist/stats/parallel-bootstrap.js', import.meta.url).href
)) as typeof Parallel;

describe('parallel bootstrap', () => {
  it('gives the same rounds with worker threads as in one thread', async () => {
    const rng = new Rng(2);
    const n = 40000;
    const a = Int32Array.from({ length: n }, () => rng.int(8));
    const b = Int32Array.from(a, (x) => (x + 1 + rng.int(7)) % 8);
    const y = Float64Array.from(a, (x, i) => (rng.next() < 1 / (1 + Math.exp((b[i] - x) / 4)) ? 1 : 0));
    const data = { nSystems: 8, a, b, y, w: new Float64Array(n).fill(1) };
    const cells = pairCells(data);
    const task: BootstrapTask = { kind: 'bt', data, cells, start: fitBradleyTerry(pairCounts(data, cells)) };
    const one = await bootstrapThetas(task, { rounds: 60, seed: 7, threads: 1 });
    const two = await bootstrapThetas(task, { rounds: 60, seed: 7, threads: 2 });
    expect(two).toHaveLength(60);
    two.forEach((t, r) => t.forEach((v, s) => expect(v).toBeCloseTo(one[r][s], 12)));
    expect(Array.from(one[0])).not.toEqual(Array.from(one[1]));
  });
});

describe('bootstrap of aggregated outcomes', () => {
  it('gives the same rounds on pre-started workers, with the orientations merged once, as in one thread', async () => {
    // outcome counts per ordered pair, both orientations present, fractional verdicts and strong weights
    const rng = new Rng(4);
    const rows = 3000;
    const a = Int32Array.from({ length: rows }, () => rng.int(12));
    const b = Int32Array.from(a, (x) => (x + 1 + rng.int(11)) % 12);
    const y = Float64Array.from(a, () => [0, 0.5, 1, 0.25][rng.int(4)]);
    const w = Float64Array.from(a, () => (rng.next() < 0.2 ? 3 : 1));
    const counts = Float64Array.from(a, () => 1 + rng.int(2000));
    const data = { nSystems: 12, a, b, y, w };
    const cells = pairCells(data);
    const task: BootstrapTask = {
      kind: 'bt',
      data,
      cells,
      counts,
      start: fitBradleyTerry(pairCounts(data, cells, counts)),
    };
    // rows × rounds above the threshold of threads
    const one = await bootstrapThetas(task, { rounds: 700, seed: 9, threads: 1 });
    prestartBootstrapWorkers(2);
    const two = await bootstrapThetas(task, { rounds: 700, seed: 9, threads: 2 });
    expect(two.map((t) => Array.from(t))).toEqual(one.map((t) => Array.from(t))); // bit for bit
    expect(Array.from(one[0])).not.toEqual(Array.from(one[1]));
  });
});

describe('style-controlled bootstrap rounds', () => {
  const rng = new Rng(5);
  const n = 30000;
  const a = Int32Array.from({ length: n }, () => rng.int(6));
  const b = Int32Array.from(a, (x) => (x + 1 + rng.int(5)) % 6);
  const raw = () => Array.from({ length: 4 }, () => Float64Array.from({ length: n }, () => rng.int(50)));
  const fa = raw();
  const fb = raw();
  const features = styleFeatures(fa, fb).features;
  const y = Float64Array.from(a, (x, i) =>
    rng.next() < 1 / (1 + Math.exp((b[i] - x) / 3 - 0.4 * features[0][i])) ? 1 : rng.next() < 0.1 ? 0.5 : 0,
  );
  const data = { nSystems: 6, a, b, y, w: new Float64Array(n).fill(1), features };
  const cells = pairCells(data);
  const start = fitStyleBradleyTerry(data, cells);

  it('are the same with worker threads as in one thread, and differ from round to round', async () => {
    const task: BootstrapTask = { kind: 'style', data, cells, start };
    const one = await bootstrapThetas(task, { rounds: 12, seed: 3, threads: 1 });
    const two = await bootstrapThetas(task, { rounds: 12, seed: 3, threads: 2 });
    two.forEach((t, r) => t.forEach((v, s) => expect(v).toBeCloseTo(one[r][s], 12)));
    expect(Array.from(one[0])).not.toEqual(Array.from(one[1]));
  });

  it('stop at the optimum of the resampled data: the same as a full fit of that resample to 1e-7', () => {
    const runs = styleRuns(data, cells);
    const mult = new Float64Array(runs.order.length);
    new MultinomialSampler(new Float64Array(runs.order.length).fill(1)).draw(new Rng(11), mult);
    const terms = rowTerms(runs, new Float64Array([...start.theta, ...start.gamma]), 6);
    const quick = fitStyleBradleyTerry(data, cells, {
      runsMult: mult,
      start,
      startTerms: terms,
      tolerance: STYLE_ROUND_TOLERANCE,
      runs,
    });
    const plain = fitStyleBradleyTerry(data, cells, { runsMult: mult, start, tolerance: STYLE_ROUND_TOLERANCE, runs });
    // the same multiplicities in the original order, fitted from scratch to full precision
    const original = new Float64Array(n);
    runs.order.forEach((k, p) => (original[k] = mult[p]));
    const full = fitStyleBradleyTerry(data, cells, { mult: original });
    quick.theta.forEach((t, s) => expect(t).toBe(plain.theta[s]));
    quick.theta.forEach((t, s) => expect(Math.abs(t - full.theta[s])).toBeLessThan(1e-7));
    quick.gamma.forEach((g, k) => expect(Math.abs(g - full.gamma[k])).toBeLessThan(1e-7));
  });

  it('group each ordered pair into one run, in the order of the data within it', () => {
    const runs = styleRuns(data, cells);
    expect(runs.order.length).toBe(n);
    for (let q = 0; q + 1 < runs.start.length; q++) {
      for (let p = runs.start[q]; p < runs.start[q + 1]; p++) {
        expect([a[runs.order[p]], b[runs.order[p]]]).toEqual([runs.runA[q], runs.runB[q]]);
        if (p > runs.start[q]) expect(runs.order[p]).toBeGreaterThan(runs.order[p - 1]);
      }
    }
  });
});
