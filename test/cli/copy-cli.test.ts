import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync, tempDir } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url).pathname;
const sample = new URL('../../data/alpacaeval/sample/claude-2.json.gz', import.meta.url).pathname;

describe('winrate with --db postgres:// and winrate copy', () => {
  it('imports into PostgreSQL, copies SQLite → PostgreSQL → SQLite, and every copy prints the same leaderboards', async () => {
    const dir = tempDir();
    const lite = join(dir, 'a.db');
    const url = await server.createDatabase();
    const imp = await runCliAsync(['--db', lite, 'import', 'battles', fixture('arenahard/battles_67a821c.jsonl.gz')]);
    expect(imp.status, imp.stderr).toBe(0);
    expect((await runCliAsync(['--db', lite, 'import', 'alpaca-eval', sample])).status).toBe(0);

    const copy = await runCliAsync(['copy', '--from', lite, '--to', url]);
    expect(copy.status, copy.stderr).toBe(0);
    expect(copy.stderr).toMatch(/comparisons .*counts verified/);
    const back = join(dir, 'b.db');
    expect((await runCliAsync(['copy', '--from', url, '--to', back])).status).toBe(0);

    const boards = async (db: string) =>
      Promise.all([
        runCliAsync([
          '--db',
          db,
          'leaderboard',
          '--method',
          'arena-hard',
          '--judge',
          'battles',
          '--format',
          'json',
          '--seed',
          '7',
        ]),
        runCliAsync(
          ['leaderboard', '--method', 'lc', '--judge', 'weighted_alpaca_eval_gpt4_turbo', '--format', 'json'],
          { env: { WINRATE_DB: db } },
        ),
        runCliAsync(['--db', db, 'status']),
      ]);
    const [a, b, c] = [await boards(lite), await boards(url), await boards(back)];
    for (const out of [...a, ...b, ...c]) expect(out.status, out.stderr).toBe(0);
    expect(a[0].stdout.length).toBeGreaterThan(500);
    expect(b[0].stdout).toBe(a[0].stdout);
    expect(b[1].stdout).toBe(a[1].stdout);
    expect(c[0].stdout).toBe(a[0].stdout);
    expect(c[1].stdout).toBe(a[1].stdout);
    expect(b[2].stdout.split('\n').slice(1)).toEqual(a[2].stdout.split('\n').slice(1));
    expect(b[2].stdout).toMatch(/^store: postgresql:/);

    // a copy into a store that holds data is refused, and changes nothing
    const again = await runCliAsync(['copy', '--from', lite, '--to', url]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/destination store is not empty/);
  });

  it('several processes import and read one PostgreSQL store at once: every import lands once, readers never fail', async () => {
    const url = await server.createDatabase();
    const dir = new URL('../../data/alpacaeval/sample/', import.meta.url).pathname;
    const files = readdirSync(dir).map((f) => join(dir, f));
    const runs = await Promise.all([
      ...files.map((f) => runCliAsync(['--db', url, 'import', 'alpaca-eval', f])),
      ...files.map(() => runCliAsync(['--db', url, 'status'])),
    ]);
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const news = runs.slice(0, files.length).map((r) => Number(/(\d+) new comparisons/.exec(r.stderr)?.[1]));
    expect(news.every((n) => n > 700)).toBe(true);
    const status = await runCliAsync(['--db', url, 'status']);
    expect(status.stdout).toContain(`comparisons: ${news.reduce((a, b) => a + b, 0)} `);
    expect(status.stdout).toContain('items: 805');
  });
});
