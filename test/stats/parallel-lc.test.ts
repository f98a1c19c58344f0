import { describe, expect, it } from 'vitest';
import { lengthControlledWinRate, type LcInput } from '../../src/stats/length-controlled.js';
import type * as Parallel from '../../src/stats/parallel-lc.js';
import { Rng } from '../../src/stats/random.js';

// The worker threads run compiled JavaScript: exercise the built module (the test command builds first).
const { lengthControlledWinRates, prestartLcWorkers } = (await import(
  new URL('../../dist/stats/parallel-lc.js', import.meta.url).href
)) as typeof Parallel;

/** LC inputs of `models` systems against one baseline on `n` instructions, each system with its own strength. */
function inputs(models: number, n: number): Map<string, LcInput> {
  const rng = new Rng(11);
  const difficulty = Float64Array.from({ length: n }, () => rng.next() * 2 - 1);
  const lenBaseline = Float64Array.from({ length: n }, () => 200 + rng.int(800));
  return new Map(
    Array.from({ length: models }, (_, m) => {
      const lenModel = Float64Array.from({ length: n }, () => 100 + rng.int(1500));
      const x = Float64Array.from(
        { length: n },
        (_, i) => 1 / (1 + Math.exp(-(m / models - 0.5 + (lenModel[i] - lenBaseline[i]) / 2000 - difficulty[i]))),
      );
      return [`m${m}`, { x, lenModel, lenBaseline, difficulty }];
    }),
  );
}

describe('length-controlled fits on worker threads', () => {
  it('are those of fitting each system on its own, bit for bit, with and without pre-started workers', async () => {
    const all = inputs(12, 150);
    const alone = new Map([...all].map(([k, input]) => [k, lengthControlledWinRate(input)]));
    const onThreads = await lengthControlledWinRates(all, 2);
    prestartLcWorkers(2);
    const prestarted = await lengthControlledWinRates(all, 2);
    for (const got of [onThreads, prestarted]) {
      expect([...got.keys()]).toEqual([...all.keys()]);
      for (const [k, r] of alone) {
        const g = got.get(k)!;
        expect([g.lcWinRate, g.lcStandardError, g.C, g.weights]).toEqual([
          r.lcWinRate,
          r.lcStandardError,
          r.C,
          r.weights,
        ]);
        expect(Array.from(g.predictions)).toEqual(Array.from(r.predictions));
      }
    }
    // the systems differ (a test of something): their LC win rates rise with their strength
    const lc = [...alone.values()].map((r) => r.lcWinRate);
    expect(lc[11]).toBeGreaterThan(lc[0] + 10);
  });
});
