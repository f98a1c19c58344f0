import { describe, expect, it } from 'vitest';
import { judgeBias, modelFamily } from '../../src/leaderboard/judge-bias.js';
import { lengthBias } from '../../src/stats/judge-bias.js';
import { Rng } from '../../src/stats/random.js';
import type { ComparisonTable } from '../../src/store/store.js';

/** A comparison table from rows [item, a, b, judge, pA, shownFirst (1 = A), lenA, lenB]. */
function table(
  systems: string[],
  judges: string[],
  rows: [number, number, number, number, number, number, number, number][],
): ComparisonTable {
  const col = (k: number) => Float64Array.from(rows, (r) => r[k]);
  return {
    systems,
    judges,
    item: Int32Array.from(rows, (r) => r[0]),
    a: Int32Array.from(rows, (r) => r[1]),
    b: Int32Array.from(rows, (r) => r[2]),
    judge: Int32Array.from(rows, (r) => r[3]),
    pA: col(4),
    seq: Float64Array.from(rows, (_, i) => i),
    lenA: col(6),
    lenB: col(7),
    shownFirst: Uint8Array.from(rows, (r) => r[5]),
    strong: new Uint8Array(rows.length),
  };
}

describe('judge bias diagnostics', () => {
  it('recovers a known length slope (logistic in the length difference) and P(longer wins) with CIs that cover it', () => {
    const rng = new Rng(11);
    const beta = 0.8;
    const d: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const delta = (rng.next() - 0.5) * 3000;
      d.push(delta);
      y.push(rng.next() < 1 / (1 + Math.exp((-beta * delta) / 1000)) ? 1 : 0);
    }
    const r = lengthBias(d, y)!;
    expect(r.slope_ci_low).toBeLessThan(beta);
    expect(r.slope_ci_high).toBeGreaterThan(beta);
    expect(r.slope_ci_high - r.slope_ci_low).toBeLessThan(0.3);
    expect(r.p_longer_wins).toBeGreaterThan(0.6);
    // no length effect: the slope CI covers 0
    const flat = lengthBias(
      d,
      d.map(() => (rng.next() < 0.5 ? 1 : 0)),
    )!;
    expect(flat.slope_ci_low).toBeLessThan(0);
    expect(flat.slope_ci_high).toBeGreaterThan(0);
    expect(lengthBias([0, 0], [1, 0])).toBeNull();
  });

  it('measures self-preference against other judges on the same comparisons, and order flips per system', () => {
    const systems = ['gpt-4o-mini', 'llama-3-8b', 'claude-3-haiku'];
    const judges = ['arena_hard:gpt-4o', 'arena_hard:claude-3-opus'];
    const rows: [number, number, number, number, number, number, number, number][] = [];
    for (let item = 0; item < 40; item++) {
      // gpt-4o judge: gpt system wins both orders; claude judge: half and half
      rows.push([item, 0, 1, 0, 1, 1, 100, 100], [item, 0, 1, 0, 1, 2, 100, 100]);
      rows.push([item, 0, 1, 1, item % 2, 1, 100, 100], [item, 0, 1, 1, item % 2, 2, 100, 100]);
      // claude judge flips with the order on the claude system vs llama: A shown first always wins
      rows.push([item, 2, 1, 1, 1, 1, 100, 100], [item, 2, 1, 1, 0, 2, 100, 100]);
    }
    const r = judgeBias(table(systems, judges, rows));
    const gpt = r.find((b) => b.judge === 'arena_hard:gpt-4o')!;
    expect(gpt.self_preference).toEqual({ family: 'gpt', own: 100, others: 50, difference: 50, units: 40 });
    const claude = r.find((b) => b.judge === 'arena_hard:claude-3-opus')!;
    expect(claude.self_preference).toBeNull(); // no other judge rated its own family's comparisons
    expect(claude.flips.find((f) => f.system === 'claude-3-haiku')).toEqual({
      system: 'claude-3-haiku',
      flip_rate: 1,
      units: 40,
    });
    expect(gpt.flips.find((f) => f.system === 'gpt-4o-mini')!.flip_rate).toBe(0);
    expect(modelFamily('weighted_alpaca_eval_gpt4_turbo')).toBe('gpt');
    expect(modelFamily('human:alice')).toBeNull();
  });
});
