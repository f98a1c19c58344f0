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

describe('systems in groups that never met (three tournaments in one store)', () => {
  // group 1: the 3-cycle a, b, c; group 2: d beats e 16 games to 6; group 3: f and g draw 10 games.
  const rows: [number, number, number][] = [];
  for (let k = 0; k < 30; k++) rows.push([0, 1, k % 3 ? 1 : 0], [1, 2, k % 4 ? 1 : 0], [2, 0, k % 5 ? 0 : 1]);
  for (let k = 0; k < 22; k++) rows.push([3, 4, k < 16 ? 1 : 0]);
  for (let k = 0; k < 10; k++) rows.push([5, 6, 0.5]);
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

  it('finds the groups, says so instead of "never lost", ranks and centres each group on its own', async () => {
    const lb = await ratingLeaderboard(input(rows, names), { method: 'bt', bootstrap: 40, seed: 1 });
    expect(lb.notes.join(' ')).not.toMatch(/never lost/);
    expect(lb.notes.join(' ')).toMatch(/3 groups that never played each other \(1: a, b, c; 2: d, e; 3: f, g\)/);
    const row = (s: string) => lb.rows.find((r) => r.system === s)!;
    expect(['a', 'd', 'f'].map((s) => row(s).group)).toEqual([1, 2, 3]);
    // two players: the maximum-likelihood difference is ln(16/6) log-odds = 400·log10(16/6) Elo, centred on 1000
    expect(row('d').rating).toBeCloseTo(1000 + 200 * Math.log10(16 / 6), 3);
    expect(row('e').rating).toBeCloseTo(1000 - 200 * Math.log10(16 / 6), 3);
    expect(row('f').rating).toBeCloseTo(1000, 3);
    expect(row('d').rank).toBe(1);
    expect(row('e').rank).toBeGreaterThanOrEqual(1);
    expect(lb.rows.filter((r) => r.rank === 1).length).toBeGreaterThanOrEqual(3); // a rank 1 in every group
    const i = lb.rows.indexOf(row('d'));
    const j = lb.rows.indexOf(row('a'));
    expect(lb.matrix[i][j]).toBeNull();
    expect(lb.matrix[i][lb.rows.indexOf(row('e'))]).toBeCloseTo(16 / 22, 4);
    // ranks count only the systems of the row's own group whose interval lies above its own
    for (const r of lb.rows) {
      const above = lb.rows.filter((o) => o.group === r.group && o.ci_low! > r.ci_high!).length;
      expect(r.rank, r.system).toBe(1 + above);
    }
    // rows are ordered group by group
    expect(lb.rows.map((r) => r.group)).toEqual([1, 1, 1, 2, 2, 3, 3]);
  });

  it('a baseline scores only the systems of its own group; anchors in every group make one scale', async () => {
    const lb = await ratingLeaderboard(input(rows, names), { method: 'bt', baseline: 'e' });
    expect(lb.rows.find((r) => r.system === 'd')!.score).toBeCloseTo(100 * (16 / 22), 3);
    expect(lb.rows.find((r) => r.system === 'a')!.score).toBeNull();
    const anchored = await ratingLeaderboard(input(rows, names), {
      method: 'bt',
      anchor: [
        { system: 'a', rating: 1500 },
        { system: 'd', rating: 1200 },
        { system: 'f', rating: 900 },
      ],
    });
    expect(anchored.rows.every((r) => r.group === null)).toBe(true);
    expect(anchored.notes.join(' ')).not.toMatch(/groups/);
  });
});

describe('comparisons of a system against itself', () => {
  it('are not counted in its n (the baseline judged against itself)', async () => {
    const rows: [number, number, number][] = [];
    for (let k = 0; k < 12; k++) rows.push([0, 1, k % 3 ? 1 : 0], [1, 0, k % 4 ? 1 : 0]);
    for (let k = 0; k < 5; k++) rows.push([0, 0, 0.5]);
    const lb = await ratingLeaderboard(input(rows, ['base', 'm']), { method: 'bt', baseline: 'base' });
    expect(lb.rows.map((r) => [r.system, r.n_comparisons]).sort()).toEqual([
      ['base', 24],
      ['m', 24],
    ]);
  });
});

describe('the separation prior is shift invariant', () => {
  it('one win of two systems: σ(−d) = λd/2 (hand-solved), and every bootstrap round refits the same maximum', async () => {
    // maximise ln σ(d) − λ/2·Σ(θᵢ − θ̄)² with θ = (−d/2, d/2): the penalty is λd²/4, so σ(−d) = λd/2, λ = 1/2.5²
    let [lo, hi] = [0, 10];
    for (let k = 0; k < 200; k++) {
      const d = (lo + hi) / 2;
      if (1 / (1 + Math.exp(d)) > (0.16 * d) / 2) lo = d;
      else hi = d;
    }
    const elo = (lo * 400) / Math.LN10;
    const lb = await ratingLeaderboard(input([[0, 1, 0]], ['base', 's1']), { method: 'bt', bootstrap: 20, seed: 1 });
    const s1 = lb.rows.find((r) => r.system === 's1')!;
    expect(s1.rating).toBeCloseTo(1000 + elo / 2, 6);
    // One comparison: every resample is the data itself (the fit was 1114.6 and the rounds 1144.1 when the prior held
    // base's strength at 0 and the rounds started elsewhere). The rounds have no width, so the interval is the
    // Laplace one: Var(θ₁ − θ₀) = 1/(σ(d)σ(−d) + λ/2), and the centred θ₁ − θ̄ is half the difference.
    const p = 1 / (1 + Math.exp(-lo));
    const half = ((1.959963984540054 * 400) / Math.LN10) * Math.sqrt(1 / (p * (1 - p) + 0.08) / 4);
    expect(s1.ci_low!).toBeCloseTo(s1.rating - half, 6);
    expect(s1.ci_high!).toBeCloseTo(s1.rating + half, 6);
    // against base as baseline: the score's interval is the logistic of d ± 1.96·ELO·√Var(θ₁ − θ₀)
    const based = await ratingLeaderboard(input([[0, 1, 0]], ['base', 's1']), {
      method: 'bt',
      bootstrap: 20,
      seed: 1,
      baseline: 'base',
    });
    const row = based.rows.find((r) => r.system === 's1')!;
    const h = 2 * half; // the difference's sd is twice the centred rating's
    const winP = (e: number) => 100 / (1 + 10 ** (-e / 400));
    expect(row.score_ci_low!).toBeCloseTo(winP(elo - h), 6);
    expect(row.score_ci_high!).toBeCloseTo(winP(elo + h), 6);
    expect(based.rows.find((r) => r.system === 'base')!.score_ci_low).toBeCloseTo(50, 9);
  });
});
