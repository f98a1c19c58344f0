import { describe, expect, it } from 'vitest';
import { pairCells, pairCounts } from '../../src/stats/pairwise-data.js';
import { playedGroups, SEPARATION_RIDGE, separatedSystems } from '../../src/stats/separation.js';

/** Pair counts of comparisons [a, b, P(a wins)] among n systems. */
function counts(n: number, rows: [number, number, number][]) {
  const d = {
    nSystems: n,
    a: Int32Array.from(rows, (r) => r[0]),
    b: Int32Array.from(rows, (r) => r[1]),
    y: Float64Array.from(rows, (r) => r[2]),
    w: new Float64Array(rows.length).fill(1),
  };
  return pairCounts(d, pairCells(d));
}

describe('groups of systems that played each other, and separation within them', () => {
  it('numbers groups by size, ties by their lowest system; unused systems are −1', () => {
    // {0, 1, 2} (a chain), {3, 4}, {6, 7}; 5 and 8 never played
    const a = [0, 1, 3, 7];
    const b = [1, 2, 4, 6];
    const used = [1, 1, 1, 1, 1, 0, 1, 1, 0];
    const g = playedGroups(9, a, b, used);
    expect(g.count).toBe(3);
    expect(Array.from(g.group)).toEqual([0, 0, 0, 1, 1, -1, 2, 2, -1]);
    // the same graph listed in another order gives the same numbering
    expect(Array.from(playedGroups(9, [...a].reverse(), [...b].reverse(), used).group)).toEqual(Array.from(g.group));
  });

  it('reports the system outside its own group’s largest strongly connected component', () => {
    const cycle: [number, number, number][] = [
      [0, 1, 1],
      [1, 2, 1],
      [2, 0, 1],
    ];
    // group 1: the cycle 0→1→2→0 and system 3 that beat all three; group 2: 4 and 5 drew
    const rows: [number, number, number][] = [...cycle, [3, 0, 1], [3, 1, 1], [3, 2, 1], [4, 5, 0.5]];
    expect(separatedSystems(counts(6, rows), [1, 1, 1, 1, 1, 1])).toEqual([3]);
    // one win between two systems: the winner never lost
    expect(separatedSystems(counts(2, [[0, 1, 1]]), [1, 1])).toEqual([0]);
    expect(separatedSystems(counts(2, [[0, 1, 0]]), [1, 1])).toEqual([1]);
    // a draw connects both ways
    expect(separatedSystems(counts(2, [[0, 1, 0.5]]), [1, 1])).toEqual([]);
    // a pair that played 0 weighted games says nothing: here only 0–1 played
    expect(separatedSystems(counts(3, [[0, 1, 0.5]]), [1, 1, 0])).toEqual([]);
  });

  it('the separation prior is N(0, 2.5²) on the log-odds strengths', () => {
    expect(SEPARATION_RIDGE).toBe(1 / 6.25);
  });
});
