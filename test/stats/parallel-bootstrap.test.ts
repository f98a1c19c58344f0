import { describe, expect, it } from 'vitest';
import type { BootstrapTask } from '../../src/stats/bootstrap-task.js';
import type * as Parallel from '../../src/stats/parallel-bootstrap.js';
import { fitBradleyTerry } from '../../src/stats/bradley-terry.js';
import { pairCells, pairCounts } from '../../src/stats/pairwise-data.js';
import { Rng } from '../../src/stats/random.js';

// The worker threads run compiled JavaScript: exercise the built module (the test command builds first).
const { bootstrapThetas } = (await import(new URL('../../dist/stats/parallel-bootstrap.js', import.meta.url).href)) as typeof Parallel;

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
