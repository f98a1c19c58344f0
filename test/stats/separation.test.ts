import { describe, expect, it } from 'vitest';
import { ratingLeaderboard } from '../../src/leaderboard/rating-leaderboard.js';
import { pairCells, pairCounts } from '../../src/stats/pairwise-data.js';
import { separatedSystems } from '../../src/stats/separation.js';

/** Comparisons as [a, b, P(a wins)] over systems 0..k−1. */
function input(rows: [number, number, number][], names: string[]) {
  return {
    systems: names,
    a: Int32Array.from(rows, (r) => r[0]),
    b: Int32Array.from(rows, (r) => r[1]),
    pA: Float64Array.from(rows, (r) => r[2]),
    strong: new Uint8Array(rows.length),
    seq: Float64Array.from(rows, (_, i) => i),
  };
}

describe('Bradley–Terry on separated data (a system that wins every game)', () => {
  const cycle: [number, number, number][] = [];
  for (let k = 0; k < 30; k++) cycle.push([0, 1, k % 3 ? 1 : 0], [1, 2, k % 4 ? 1 : 0], [2, 0, k % 5 ? 0 : 1]);
  const champion: [number, number, number][] = [...cycle];
  for (let k = 0; k < 20; k++) champion.push([3, k % 3, 1]); // system 3 wins all 20 of its games

  it('finds the systems outside the strongly connected "has beaten" graph', () => {
    const used = [1, 1, 1, 1];
    const counts = (rows: [number, number, number][]) => {
      const d = {
        nSystems: 4,
        a: Int32Array.from(rows, (r) => r[0]),
        b: Int32Array.from(rows, (r) => r[1]),
        y: Float64Array.from(rows, (r) => r[2]),
        w: new Float64Array(rows.length).fill(1),
      };
      return pairCounts(d, pairCells(d));
    };
    expect(separatedSystems(counts(cycle), [1, 1, 1, 0])).toEqual([]);
    expect(separatedSystems(counts(champion), used)).toEqual([3]);
    // one tie against the field is enough to connect it
    expect(separatedSystems(counts([...champion, [3, 0, 0.5]]), used)).toEqual([]);
  });

  it('keeps every rating finite and inside its own bootstrap interval, and says why', async () => {
    const lb = await ratingLeaderboard(input(champion, ['a', 'b', 'c', 'champ']), {
      method: 'bt',
      bootstrap: 60,
      seed: 3,
    });
    const top = lb.rows[0];
    expect(top.system).toBe('champ');
    expect(Number.isFinite(top.rating)).toBe(true);
    expect(top.rating).toBeLessThan(3000);
    for (const r of lb.rows) {
      expect(r.ci_low!, r.system).toBeLessThanOrEqual(r.rating + 1e-6);
      expect(r.ci_high!, r.system).toBeGreaterThanOrEqual(r.rating - 1e-6);
    }
    expect(lb.notes.join(' ')).toMatch(/separated data: champ never lost/);
    // connected data: no note, and the plain maximum-likelihood fit
    const plain = await ratingLeaderboard(input(cycle, ['a', 'b', 'c']), { method: 'bt', bootstrap: 0 });
    expect(plain.notes).toEqual([]);
  });
});
