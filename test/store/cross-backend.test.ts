import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles, type ImportFormat } from '../../src/io/import-files.js';
import { LEADERBOARD_METHODS } from '../../src/leaderboard/methods/index.js';
import { runLeaderboard } from '../../src/leaderboard/run.js';
import { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const sampleDir = new URL('../../data/alpacaeval/sample/', import.meta.url).pathname;
const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url).pathname;
const datasets: [string, ImportFormat, string[]][] = [
  ['AlpacaEval annotations', 'alpaca-eval', readdirSync(sampleDir).map((f) => join(sampleDir, f))],
  ['Arena-Hard battles', 'battles', [fixture('arenahard/battles_a573485.jsonl.gz')]],
  ['Arena-Hard judgments', 'arena-hard', [fixture('arenahard/judgments_gpt-4o-mini.jsonl')]],
];

/** Every method's leaderboard as JSON, or its error code and message (both backends must fail the same way). */
async function everyLeaderboard(store: Store): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const method of Object.keys(LEADERBOARD_METHODS)) {
    for (const styleControl of method === 'bt' ? [false, true] : [false]) {
      out[`${method}${styleControl ? '+style' : ''}`] = await runLeaderboard(store, method, {
        seed: 42,
        bootstrap: 20,
        styleControl,
      }).then(
        (lb) => JSON.stringify(lb),
        (e: Error & { code?: string }) => `error ${e.code}: ${e.message}`,
      );
    }
  }
  return out;
}

describe('SQLite and PostgreSQL give identical leaderboards for the same data', () => {
  it.each(datasets)('%s: every method, to the last bit of the JSON', async (_name, format, files) => {
    const lite = new SqliteStore(join(tempDir(), 'w.db'));
    const url = await server.createDatabase();
    const post = new PostgresStore(url);
    const [a, b] = [await importFiles(lite, format, files), await importFiles(post, format, files)];
    expect(b).toEqual(a);
    expect(a.inserted.comparisons).toBeGreaterThan(100);
    expect(await post.stats()).toEqual(await lite.stats());
    expect(await post.comparisonTable({ withStyle: true, includeFailed: true })).toEqual(
      await lite.comparisonTable({ withStyle: true, includeFailed: true }),
    );
    expect(await post.outcomeCounts()).toEqual(await lite.outcomeCounts());
    const [boardsLite, boardsPost] = [await everyLeaderboard(lite), await everyLeaderboard(post)];
    expect(Object.values(boardsLite).filter((v) => !v.startsWith('error')).length).toBeGreaterThanOrEqual(2);
    expect(boardsPost).toEqual(boardsLite);
    // the rows are really in PostgreSQL
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const n = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM comparisons');
    await c.end();
    expect(n.rows[0].n).toBe(a.inserted.comparisons);
    // importing again changes nothing on either
    expect((await importFiles(post, format, files)).inserted.comparisons).toBe(0);
    await Promise.all([lite.close(), post.close()]);
  });

  it('a file with a bad row leaves each store exactly as it was', async () => {
    const bad = join(tempDir(), 'bad.jsonl');
    writeFileSync(
      bad,
      ['{"model_a":"x","model_b":"y","winner":"model_a"}', '{"model_a":"x","model_b":"y","winner":"nobody"}'].join(
        '\n',
      ),
    );
    const stores = [new SqliteStore(join(tempDir(), 'w.db')), new PostgresStore(await server.createDatabase())];
    for (const s of stores) {
      await importFiles(s, 'alpaca-eval', [join(sampleDir, 'claude-2.json.gz')]);
      const [stats, version, table] = [await s.stats(), await s.version(), await s.comparisonTable()];
      await expect(importFiles(s, 'battles', [fixture('arenahard/battles_a573485.jsonl.gz'), bad])).rejects.toThrow(
        /bad\.jsonl.*row 2/s,
      );
      expect([await s.stats(), await s.version(), await s.comparisonTable()]).toEqual([stats, version, table]);
      await s.close();
    }
  });
});
