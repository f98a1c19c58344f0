import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

type Row = Record<string, number | string | null>;

describe('win-rate variants and group breakdowns', () => {
  it('variants equal hand-worked counts and scipy Wilson intervals; the worst category is found', () => {
    const dir = tempDir();
    // 10 items: 5 wins, 2 ties, 3 losses for "new" against "base"; categories: 6 items "easy", 4 items "hard" (all
    // losses/ties)
    const outcomes = ['b', 'b', 'b', 'b', 'b', 'tie', 'tie', 'a', 'a', 'a'];
    const rows = outcomes.map((o, i) => ({
      item: `q${i}`,
      system_a: 'base',
      system_b: 'new',
      outcome: o,
      category: i < 6 ? 'easy' : 'hard',
    }));
    const f = join(dir, 'c.jsonl');
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(runCli(['import', 'comparisons', f], { cwd: dir }).status).toBe(0);
    const r = runCli(['leaderboard', '--method', 'variants', '--baseline', 'base', '--format', 'json'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const v = (JSON.parse(r.stdout) as Row[])[0];
    expect(v).toMatchObject({
      system: 'new',
      n: 10,
      wins: 5,
      ties: 2,
      losses: 3,
      worst_group: 'easy',
      worst_group_n: 6,
    });
    expect(v.win_rate).toBeCloseTo(60, 12);
    expect(v.tie_or_win).toBeCloseTo(70, 12);
    expect(v.win_only).toBeCloseTo(50, 12);
    expect(v.excluding_ties).toBeCloseTo(62.5, 12);
    expect(v.win_loss_ratio).toBeCloseTo(5 / 3, 12);
    // scipy.stats.binomtest(k, n).proportion_ci(method='wilson'); the W/L interval is binomtest(5, 8)'s Wilson ends
    // mapped by p/(1 − p) (W given W + L is binomial with p = ρ/(1 + ρ))
    expect(v.tie_or_win_ci_low).toBeCloseTo(39.67781474611453, 6);
    expect(v.tie_or_win_ci_high).toBeCloseTo(89.22087325936991, 6);
    expect(v.win_only_ci_low).toBeCloseTo(23.6593090512564, 6);
    expect(v.excluding_ties_ci_high).toBeCloseTo(86.31557141764027, 6);
    expect(v.win_loss_ratio_ci_low).toBeCloseTo(0.4403875337132668, 6);
    expect(v.win_loss_ratio_ci_high).toBeCloseTo(6.307575862459292, 6);
    // groups: per category with n and CI; the worst group needs ≥ 5 items, so only "easy" (6 items) qualifies here
    const g = JSON.parse(
      runCli(['leaderboard', '--method', 'groups', '--baseline', 'base', '--format', 'json'], { cwd: dir }).stdout,
    ) as Row[];
    expect(g.map((x) => [x.group, x.n])).toEqual([
      ['easy', 6],
      ['hard', 4],
    ]);
    expect(g[0].win_rate).toBeCloseTo((100 * 5.5) / 6, 12);
    expect(g[1].win_rate).toBeCloseTo((100 * 0.5) / 4, 12);
  });

  it('breaks win rates down by annotator (judge) and reports the worst group', () => {
    const dir = tempDir();
    const rows = [];
    for (let i = 0; i < 12; i++) {
      rows.push({ item: `q${i}`, system_a: 'base', system_b: 'new', outcome: i < 9 ? 'b' : 'a', judge: 'human:ann' });
      rows.push({ item: `q${i}`, system_a: 'base', system_b: 'new', outcome: i < 3 ? 'b' : 'a', judge: 'human:bob' });
    }
    const f = join(dir, 'c.jsonl');
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(runCli(['import', 'comparisons', f], { cwd: dir }).status).toBe(0);
    const g = JSON.parse(
      runCli(['leaderboard', '--method', 'groups', '--group-by', 'judge', '--baseline', 'base', '--format', 'json'], {
        cwd: dir,
      }).stdout,
    ) as Row[];
    expect(g.map((x) => [x.group, x.n, x.win_rate])).toEqual([
      ['human:ann', 12, 75],
      ['human:bob', 12, 25],
    ]);
    const v = (
      JSON.parse(
        runCli(
          ['leaderboard', '--method', 'variants', '--group-by', 'judge', '--baseline', 'base', '--format', 'json'],
          { cwd: dir },
        ).stdout,
      ) as Row[]
    )[0];
    expect(v).toMatchObject({ worst_group: 'human:bob', worst_group_win_rate: 25, worst_group_n: 12 });
  });
});
