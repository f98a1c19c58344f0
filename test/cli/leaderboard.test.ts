import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { WinRateRow } from '../../src/leaderboard/alpaca-eval-leaderboard.js';
import { loadCompact } from '../helpers/alpaca-compact.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { writeAnnotationFile, writeModelOutputsFile } from '../helpers/synth-alpaca.js';

const models = loadCompact();

describe('winrate leaderboard reproduces the published AlpacaEval 2.0 leaderboard end to end', () => {
  const dir = tempDir();
  let rows: WinRateRow[] = [];

  beforeAll(() => {
    const files = models.map((m) => writeAnnotationFile(dir, m));
    const imp = runCli(['import', 'alpaca-eval', ...files], { cwd: dir });
    expect(imp.stderr).toMatch(/imported 15 file\(s\)/);
    expect(imp.status).toBe(0);
    // The two models whose annotations lack rows: their model outputs, empty where the annotations have no row.
    const short = models.filter((m) => m.rows.length < 805).map((m) => writeModelOutputsFile(dir, m));
    expect(short).toHaveLength(2);
    const outs = runCli(['import', 'alpaca-eval', ...short], { cwd: dir });
    expect(outs.status, outs.stderr).toBe(0);
    const out = runCli(['leaderboard', '--format', 'json'], { cwd: dir });
    expect(out.status, out.stderr).toBe(0);
    rows = JSON.parse(out.stdout) as WinRateRow[];
  });

  it('recognises AlpacaEval items and uses its LC model', () => {
    expect(rows.filter((r) => r.system !== 'gpt4_1106_preview').every((r) => r.lc_method === 'alpaca_eval')).toBe(true);
  });

  it('lists every model against gpt4_1106_preview, sorted by LC', () => {
    expect(rows.map((r) => r.system).sort()).toEqual(models.map((m) => m.model).sort());
    expect(rows.every((r) => r.baseline === 'gpt4_1106_preview')).toBe(true);
    const lc = rows.map((r) => r.lc_win_rate ?? 0);
    expect(lc).toEqual([...lc].sort((a, b) => b - a));
  });

  it.each(models.map((m) => [m.model, m] as const))(
    '%s: counts identical, rates within 1e-6, LC within 0.15',
    (name, m) => {
      const r = rows.find((x) => x.system === name)!;
      const p = m.published;
      expect([r.n_wins, r.n_wins_base, r.n_draws, r.n_total]).toEqual([p.n_wins, p.n_wins_base, p.n_draws, p.n_total]);
      expect(Math.abs(r.win_rate! - (p.win_rate as number))).toBeLessThan(1e-6);
      expect(Math.abs(r.standard_error! - (p.standard_error as number))).toBeLessThan(1e-6);
      expect(Math.abs(r.discrete_win_rate! - (p.discrete_win_rate as number))).toBeLessThan(1e-6);
      expect(Math.abs(r.lc_win_rate! - (p.length_controlled_winrate as number))).toBeLessThan(0.15);
      expect(r.ci_low!).toBeLessThanOrEqual(r.win_rate!);
      expect(r.ci_high!).toBeGreaterThanOrEqual(r.win_rate!);
      // the mean over the model's outputs, empty ones included (AlpacaEval's int(str.len().mean()))
      expect(r.avg_length).toBe(p.avg_length);
    },
  );

  it('style control on LLM-judged comparisons: the features come from the stored responses', () => {
    const r = runCli(['leaderboard', '--method', 'bt', '--style-control', '--format', 'json', '--bootstrap', '0'], {
      cwd: dir,
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { system: string; rating: number }[];
    expect(rows).toHaveLength(models.length);
    expect(rows.every((x) => Number.isFinite(x.rating))).toBe(true);
  });

  it('prints a terminal table with bars, CSV and Markdown', () => {
    const table = runCli(['leaderboard'], { cwd: dir });
    expect(table.stdout).toMatch(/^Length-controlled win rate — baseline: gpt4_1106_preview/);
    expect(table.stdout.split('\n')[3]).toMatch(/^FuseChat-Qwen-2.5-7B-Instruct +63\.58 +\[62\.4, 64\.8\] +64\.64/);
    expect(table.stdout).toMatch(/█/);
    const csv = runCli(['leaderboard', '--format', 'csv'], { cwd: dir }).stdout.trim().split('\n');
    expect(csv[0].split(',').slice(0, 3)).toEqual(['system', 'lc_win_rate', 'lc_ci_low']);
    expect(csv[0].split(',')).toContain('baseline');
    expect(csv).toHaveLength(16);
    const md = runCli(['leaderboard', '--format', 'md'], { cwd: dir }).stdout.trim().split('\n');
    expect(md[0]).toMatch(/^\| system \| LC win rate \|/);
    expect(md).toHaveLength(17);
  });

  it('LC against another baseline goes through the shared reference (AlpacaEval formula)', () => {
    const out = runCli(['leaderboard', '--format', 'json', '--baseline', 'claude-2'], { cwd: dir });
    expect(out.status, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout) as WinRateRow[];
    const self = r.find((x) => x.system === 'claude-2')!;
    expect(self.lc_win_rate).toBeCloseTo(50, 10);
    const gpt4 = r.find((x) => x.system === 'gpt4_1106_preview')!;
    const claudeVsGpt4 = rows.find((x) => x.system === 'claude-2')!.lc_win_rate!;
    // Raw counts come from direct comparisons; LC of the reference against claude mirrors claude's LC against it.
    expect(gpt4.n_total).toBe(805);
    expect(gpt4.lc_win_rate! + claudeVsGpt4).toBeGreaterThan(97);
    expect(gpt4.lc_win_rate! + claudeVsGpt4).toBeLessThan(103);
    const vicuna = r.find((x) => x.system === 'vicuna-7b-v1.5')!;
    expect(vicuna.lc_method).toBe('via_reference');
    expect(vicuna.n_total).toBe(0);
    expect(vicuna.lc_win_rate!).toBeLessThan(50);
  });

  it('bootstrap CIs are reproducible with a seed', () => {
    const a = runCli(['leaderboard', '--format', 'json', '--bootstrap', '200', '--seed', '3'], { cwd: dir }).stdout;
    const b = runCli(['leaderboard', '--format', 'json', '--bootstrap', '200', '--seed', '3'], { cwd: dir }).stdout;
    expect(a).toBe(b);
    const claude = (JSON.parse(a) as WinRateRow[]).find((x) => x.system === 'claude-2')!;
    expect(claude.ci_low!).toBeGreaterThan(13);
    expect(claude.ci_high!).toBeLessThan(21.5);
  });

  it('gives clear errors for an empty store and an unknown baseline', () => {
    const empty = runCli(['leaderboard'], { cwd: tempDir() });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/EMPTY_STORE.*no comparisons/);
    const unknown = runCli(['leaderboard', '--baseline', 'gpt-5'], { cwd: dir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown baseline "gpt-5".*claude-2/);
  });

  it('a store that is not SQLite, a directory or a mistyped --db directory: exit 1 naming the path, nothing created', () => {
    const dir = tempDir();
    const bogus = join(dir, 'notes.db');
    writeFileSync(
      bogus,
      'this is not a database, just text that is long enough to have a header of its own\n'.repeat(20),
    );
    const a = runCli(['--db', bogus, 'status']);
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/STORE_OPEN.*notes\.db.*not a winrate store/);
    const b = runCli(['--db', dir, 'status']);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/is a directory/);
    const typo = join(dir, 'stroes', 'w.db');
    const c = runCli(['--db', typo, 'import', 'alpaca-eval', writeAnnotationFile(tempDir(), models[0])]);
    expect(c.status).toBe(1);
    expect(c.stderr).toMatch(/directory .*stroes does not exist/);
    expect(existsSync(join(dir, 'stroes'))).toBe(false);
  });

  it('honours --db and WINRATE_DB', () => {
    const other = join(tempDir(), 'x.db');
    const file = writeAnnotationFile(tempDir(), models[0]);
    expect(runCli(['--db', other, 'import', 'alpaca-eval', file]).status).toBe(0);
    expect(runCli(['leaderboard', '--format', 'json'], { env: { WINRATE_DB: other }, cwd: tempDir() }).stdout).toMatch(
      models[0].model,
    );
  });
});

describe('avg_length on a partial run', () => {
  it('is the mean over the responses stored, whatever share of the 805 items was judged', () => {
    const dir = tempDir();
    const m = models.find((x) => x.model === 'claude-2')!;
    const part = { ...m, rows: m.rows.slice(0, 150) };
    expect(runCli(['import', 'alpaca-eval', writeAnnotationFile(dir, part)], { cwd: dir }).status).toBe(0);
    const rows = JSON.parse(runCli(['leaderboard', '--format', 'json'], { cwd: dir }).stdout) as WinRateRow[];
    // Hand computation over the fixture's real code-point lengths of those 150 rows.
    const mean = (k: 1 | 2): number => Math.trunc(part.rows.reduce((s, r) => s + r[k], 0) / part.rows.length);
    expect(mean(1)).toBeGreaterThan(1500); // the baseline's outputs are long: dividing by 805 would print ~1/5 of it
    expect(rows.find((r) => r.system === 'claude-2')!.avg_length).toBe(mean(2));
    expect(rows.find((r) => r.system === 'gpt4_1106_preview')!.avg_length).toBe(mean(1));
  });
});
