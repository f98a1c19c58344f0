import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const dir = new URL('../fixtures/arenahard/ko-ensemble/', import.meta.url).pathname;
type Compact = { question_ids: string[]; judge: string; files: Record<string, [number, ...(string | null)[]][]> };

/** The 76 judgment files written back as Arena-Hard-Auto wrote them (no baseline field). */
function judgmentFiles(to: string): string[] {
  const c = JSON.parse(gunzipSync(readFileSync(join(dir, 'judgments.json.gz'))).toString('utf8')) as Compact;
  mkdirSync(to, { recursive: true });
  return Object.entries(c.files).map(([model, rows]) => {
    const file = join(to, `${model}.jsonl`);
    writeFileSync(
      file,
      rows
        .map(([q, ...games]) =>
          JSON.stringify({
            question_id: c.question_ids[q],
            model,
            judge: c.judge,
            games: games.map((score) => ({ score })),
          }),
        )
        .join('\n') + '\n',
    );
    return file;
  });
}

const published = new Map(
  readFileSync(join(dir, 'arena_hard_leaderboard_20250423_ensemble_no_control.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map((c) => [c[0], Number(c[1])]),
);

describe('an Arena-Hard-style repository: 76 judgment files against a baseline they do not name', () => {
  it('import in one command with --baseline; the leaderboard uses the recorded baseline; 75 of 76 scores equal the published two decimals', () => {
    const work = tempDir();
    const files = judgmentFiles(join(work, 'model_judgment', 'ensemble'));
    expect(files).toHaveLength(76);
    const imp = runCli(['import', 'arena-hard', ...files, '--baseline', 'claude-3.7-sonnet'], { cwd: work });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(
      /claude-3\.7-sonnet\.jsonl: skipped 500 judgment rows comparing the baseline with itself/,
    );
    expect(imp.stderr).toMatch(
      /74999 new comparisons, 0 new responses, 500 new items; 0 records already stored \(and 37000 repeated across the files\)/,
    );
    const out = runCli(['leaderboard', '--method', 'arena-hard', '--format', 'json'], { cwd: work });
    expect(out.status, out.stderr).toBe(0);
    const rows = JSON.parse(out.stdout) as { system: string; score: number; baseline: string }[];
    expect(rows.every((r) => r.baseline === 'claude-3.7-sonnet')).toBe(true);
    expect(rows).toHaveLength(76);
    const differ = rows.filter((r) => Math.round(r.score * 100) / 100 !== published.get(r.system)).map((r) => r.system);
    // o4-mini-high has one row with a single game, which Arena-Hard's script counts twice (reusing game 1 as game 2)
    expect(differ).toEqual(['o4-mini-high']);
    expect(rows.find((r) => r.system === 'claude-3.7-sonnet')!.score).toBe(50);
  });

  it('says which baseline it assumed when none was named', () => {
    const work = tempDir();
    const files = judgmentFiles(join(work, 'j')).filter((f) => /o3-high|gpt-4o-mini/.test(f));
    const imp = runCli(['import', 'arena-hard', ...files], { cwd: work });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(
      /note: judgment rows name no baseline: assumed gpt-4-0314 \(v0\.1's\); pass --baseline .* \(2 files\)/,
    );
  });

  it('v0.1 model answers carry style under conv_metadata: style control reads it and ranks', () => {
    const work = tempDir();
    const judged = judgmentFiles(join(work, 'j')).filter((f) => /\/(claude-3\.5-haiku|gpt-4o-mini)\.jsonl$/.test(f));
    const answers = ['claude-3.7-sonnet', 'claude-3.5-haiku', 'gpt-4o-mini'].map(
      (m) => new URL(`../fixtures/arenahard/ko-answers/${m}.jsonl.gz`, import.meta.url).pathname,
    );
    const imp = runCli(['import', 'arena-hard', ...answers, ...judged, '--baseline', 'claude-3.7-sonnet'], {
      cwd: work,
    });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(/1500 new responses/);
    // the token count is the file's own (conv_metadata.token_len), not an estimate from the (here shortened) text
    const db = new Database(join(work, '.winrate', 'winrate.db'), { readonly: true });
    const tokens = db
      .prepare(
        `SELECT r.tokens, r.lists FROM responses r JOIN systems s ON s.id = r.system_id JOIN items i ON i.id = r.item_id
      WHERE s.name = 'claude-3.5-haiku' AND i.key = '0122ab60646b4961bc39e9c03bdf6bcc'`,
      )
      .get() as { tokens: number; lists: number };
    db.close();
    expect(tokens).toEqual({ tokens: 1378, lists: 12 });
    const out = runCli(
      ['leaderboard', '--method', 'arena-hard', '--style-control', '--format', 'json', '--bootstrap', '20'],
      { cwd: work },
    );
    expect(out.status, out.stderr).toBe(0);
    const rows = JSON.parse(out.stdout) as { system: string; score: number }[];
    expect(rows.map((r) => r.system).sort()).toEqual(['claude-3.5-haiku', 'claude-3.7-sonnet', 'gpt-4o-mini']);
    const plain = JSON.parse(
      runCli(['leaderboard', '--method', 'arena-hard', '--format', 'json', '--bootstrap', '0'], { cwd: work }).stdout,
    ) as { system: string; score: number }[];
    // controlling for length and markdown moves the scores (the answers differ in style), but keeps them in range
    for (const r of rows) {
      const p = plain.find((x) => x.system === r.system)!;
      expect(r.score).toBeGreaterThan(0);
      expect(r.score).toBeLessThan(100);
      if (r.system !== 'claude-3.7-sonnet') expect(Math.abs(r.score - p.score)).toBeGreaterThan(0.01);
    }
  });

  it('answers and a battles file imported together share the questions: one item per question_id', () => {
    const work = tempDir();
    const answers = ['claude-3.5-haiku', 'gpt-4o-mini'].map(
      (m) => new URL(`../fixtures/arenahard/ko-answers/${m}.jsonl.gz`, import.meta.url).pathname,
    );
    const qids = gunzipSync(readFileSync(answers[0]))
      .toString('utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { question_id: string }).question_id);
    const battles = join(work, 'battles.jsonl');
    const winners = ['model_a', 'model_b', 'tie'];
    writeFileSync(
      battles,
      qids
        .map((q, i) =>
          JSON.stringify({
            question_id: q,
            model_a: 'claude-3.5-haiku',
            model_b: 'gpt-4o-mini',
            winner: winners[i % 3],
          }),
        )
        .join('\n'),
    );
    const imp = runCli(['import', 'arena-hard', ...answers, battles], { cwd: work });
    expect(imp.status, imp.stderr).toBe(0);
    const db = new Database(join(work, '.winrate', 'winrate.db'), { readonly: true });
    const items = db.prepare('SELECT count(*) AS n, count(DISTINCT dataset) AS d FROM items').get();
    db.close();
    expect(items).toEqual({ n: qids.length, d: 1 });
    const sc = runCli(['leaderboard', '--method', 'bt', '--style-control', '--bootstrap', '0', '--format', 'json'], {
      cwd: work,
    });
    expect(sc.status, sc.stderr).toBe(0);
    expect((JSON.parse(sc.stdout) as unknown[]).length).toBe(2);
  });
});
