import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MatchResult } from '../../src/core/model.js';
import { gamesReport } from '../../src/games/report.js';
import { scoreEstimate } from '../../src/stats/score-interval.js';
import { runCli, tempDir } from '../helpers/cli.js';

const Z = 1.959963984540054;
const match = (a: string, b: string, s: number, extra: Partial<MatchResult> = {}): MatchResult => ({
  game: 'g',
  matchId: `${a}-${b}-${Math.random()}`,
  playerA: a,
  playerB: b,
  scoreA: s,
  ...extra,
});

describe('score intervals of games: in [0, 1], containing the score, never of zero width', () => {
  it('0 of 2, 2 of 2 and one game give Wilson intervals (hand computation)', () => {
    // Wilson at k = 0: [0, z²/(n + z²)]; at k = n: [n/(n + z²), 1].
    const none = scoreEstimate([0, 0]);
    expect(none.ci_low).toBe(0);
    expect(none.ci_high).toBeCloseTo((Z * Z) / (2 + Z * Z), 8);
    const all = scoreEstimate([1, 1]);
    expect(all.ci_low).toBeCloseTo(2 / (2 + Z * Z), 8);
    expect(all.ci_high).toBe(1);
    const one = scoreEstimate([1]);
    expect(one.ci_low).toBeCloseTo(1 / (1 + Z * Z), 8);
    // Elo: the logistic transform of the ends, clamped at ±1199.8 (scores 0.001 and 0.999)
    expect(none.elo).toBeCloseTo(-400 * Math.log10(999), 9);
    expect(none.elo_ci_high).toBeCloseTo(-400 * Math.log10(1 / none.ci_high - 1), 9);
    expect(none.elo_ci_high - none.elo_ci_low).toBeGreaterThan(1000);
    expect(Object.is(scoreEstimate([1, 0]).elo, -0)).toBe(false);
  });

  it('mixed scores: Wilson at the effective n = p(1−p)/se² with Student’s t on n − 1 df, inside [0, 1]', () => {
    // 3 wins, 2 draws, 3 losses: mean ½; Σ(x−½)² = 6·¼ = 1.5, se² = 1.5/7/8, n* = p(1−p)/se² = 9.33 (draws carry
    // less variance than wins and losses). 3 wins in 8 without draws: se² = (3/8)(5/8)·(8/7)/8, so n* = 7.
    // T = scipy.stats.t.ppf(0.975, 7).
    const T = 2.364624251592784;
    const xs = [1, 1, 1, 0.5, 0.5, 0, 0, 0];
    const nEff = 0.25 / (1.5 / 7 / 8);
    const half = (T * Math.sqrt(0.25 / nEff + (T * T) / (4 * nEff * nEff))) / (1 + (T * T) / nEff);
    const e = scoreEstimate(xs);
    expect(e.ci_low).toBeCloseTo(0.5 - half, 8);
    expect(e.ci_high).toBeCloseTo(0.5 + half, 8);
    expect(e.elo).toBe(0);
    const d = scoreEstimate([1, 1, 1, 0, 0, 0, 0, 0]);
    const [p, n2] = [3 / 8, 7];
    const c = p + (T * T) / (2 * n2);
    const h2 = T * Math.sqrt((p * (1 - p)) / n2 + (T * T) / (4 * n2 * n2));
    expect(d.ci_low).toBeCloseTo((c - h2) / (1 + (T * T) / n2), 8);
    expect(d.ci_high).toBeCloseTo((c + h2) / (1 + (T * T) / n2), 8);
  });
});

describe('winrate games report', () => {
  it('prints each pair once, from the side that scored at least half, with intervals in range', () => {
    const ms = [match('a', 'b', 1), match('b', 'a', 0), match('a', 'b', 1), match('c', 'a', 0.5)];
    const r = gamesReport(ms);
    expect(r.head_to_head.map((h) => [h.player, h.opponent, h.games, h.wins, h.losses])).toEqual([
      ['a', 'b', 3, 3, 0],
      ['a', 'c', 1, 0, 0],
    ]);
    const ab = r.head_to_head[0];
    expect(ab.score).toBe(100);
    expect(ab.score_ci_low).toBeCloseTo((100 * 3) / (3 + Z * Z), 6);
    expect(ab.score_ci_high).toBe(100);
    for (const h of r.head_to_head) {
      expect(h.score_ci_low).toBeGreaterThanOrEqual(0);
      expect(h.score_ci_high).toBeLessThanOrEqual(100);
      expect(h.score_ci_low).toBeLessThan(h.score_ci_high);
      expect(h.elo_ci_low).toBeLessThanOrEqual(h.elo);
      expect(h.elo_ci_high).toBeGreaterThanOrEqual(h.elo);
    }
    expect(gamesReport(ms, 'b').head_to_head).toMatchObject([{ player: 'b', opponent: 'a', wins: 0, losses: 3 }]);
  });

  it('the level at 50% reads the games on both sides: opponent_level is B’s level, level_a A’s', () => {
    // As A against level-1 bots: 3 wins in 4; as B against level-3 bots: 1 win in 4. The logistic fit through the two
    // levels' mean scores ¾ and ¼ crosses ½ at level 2 by symmetry; A's games alone have one level (no fit).
    const ms = [
      ...[1, 1, 1, 0].map((s) => match('human', 'bot1', s, { opponentLevel: 1 })),
      ...[1, 1, 1, 0].map((s) => match('bot3', 'human', s, { levelA: 3 })),
    ];
    const human = gamesReport(ms, 'human').players[0];
    expect(human.games).toBe(8);
    expect(human.level_50).toBeCloseTo(2, 9);
    expect(human.level_50_ci_low!).toBeLessThan(2);
  });

  it('a team game counts once per member (CLI, through the store)', () => {
    const dir = tempDir();
    const f = join(dir, 'teams.jsonl');
    // 100 games of a 2-player team against a 3-player team: the pair wins 71, loses 29.
    const rows = Array.from({ length: 100 }, (_, i) =>
      JSON.stringify({ id: `t${i}`, team_a: 'a+b', team_b: 'c+d+e', result: i < 71 ? '1-0' : '0-1' }),
    );
    writeFileSync(f, `${rows.join('\n')}\n`);
    expect(runCli(['import', 'matches', f], { cwd: dir }).status).toBe(0);
    const r = JSON.parse(runCli(['games', '--format', 'json'], { cwd: dir }).stdout) as ReturnType<typeof gamesReport>;
    const a = r.players.find((p) => p.player === 'a')!;
    const c = r.players.find((p) => p.player === 'c')!;
    expect([a.games, a.wins, a.losses]).toEqual([100, 71, 29]);
    expect(a.score).toBeCloseTo(71, 9);
    expect([c.games, c.wins, c.losses]).toEqual([100, 29, 71]);
    expect(c.score).toBeCloseTo(29, 9);
    const ac = r.head_to_head.find((h) => h.player === 'a' && h.opponent === 'c')!;
    expect([ac.games, ac.wins]).toEqual([100, 71]);
    const table = runCli(['games'], { cwd: dir }).stdout;
    expect(table).not.toMatch(/−?-0\.0\b/);
    expect(table.split('\n').filter((l) => /^ {2}\S+ vs /.test(l))).toHaveLength(6); // 2 × 3 cross-team pairs, once each
  });

  it('points per 100 games, fractional scores as W/D/L, and a ranking counted once per player (hand computation)', () => {
    const r = gamesReport([
      match('a', 'b', 0.7, { pointsA: 10 }),
      match('a', 'b', 0.5, { pointsA: -4 }),
      match('b', 'a', 0.7, { pointsA: -6 }),
    ]);
    const a = r.players.find((p) => p.player === 'a')!;
    // a's points: 10, −4, 6 → mean 4, sd √52, se √52/√3; per 100 games
    expect(a.points_per_100).toBeCloseTo(400, 9);
    expect(a.points_per_100_se).toBeCloseTo((100 * Math.sqrt(52)) / Math.sqrt(3), 9);
    expect(r.players.find((p) => p.player === 'b')!.points_per_100).toBeCloseTo(-400, 9);
    // 0.7 is a win, 0.5 a draw, 0.3 (a's side of b's 0.7) a loss; the mean score is (0.7 + 0.5 + 0.3)/3
    expect([a.wins, a.draws, a.losses, a.games]).toEqual([1, 1, 1, 3]);
    expect(a.score).toBeCloseTo(50, 9);
    // a ranking "x > y = z" is one game for each: x beat both (1), y and z lost one and drew one (¼ each)
    const rank = gamesReport([
      match('x', 'y', 1, { contest: 'r1' }),
      match('x', 'z', 1, { contest: 'r1' }),
      match('y', 'z', 0.5, { contest: 'r1' }),
    ]);
    expect(rank.players.map((p) => [p.player, p.games, p.score])).toEqual([
      ['x', 1, 100],
      ['y', 1, 25],
      ['z', 1, 25],
    ]);
    // without a contest the same outcomes are three games of two players each
    expect(gamesReport([match('x', 'y', 1), match('x', 'z', 1)]).players[0].games).toBe(2);
  });
});
