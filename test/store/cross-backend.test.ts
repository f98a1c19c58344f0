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
import type { Comparison } from '../../src/core/model.js';
import { styleFromText } from '../../src/io/markdown-style.js';
import { Rng } from '../../src/stats/random.js';
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

  it('a store with every kind of data: every method returns rows, identically on both backends', async () => {
    const systems = ['base', 'm1', 'm2', 'm3'];
    const items = Array.from({ length: 30 }, (_, i) => `q${i}`);
    const rng = new Rng(11);
    const comparisons: Comparison[] = [];
    for (const item of items)
      for (const m of systems.slice(1))
        for (const shownFirst of ['a', 'b'] as const) {
          const pA = [0, 0.5, 1, 1][rng.int(4)];
          const label = pA === 1 ? 'A>B' : pA === 0 ? 'B>A' : 'A=B';
          comparisons.push({
            dataset: 'd',
            itemKey: item,
            systemA: 'base',
            systemB: m,
            judge: 'j',
            shownFirst,
            sample: 0,
            status: 'ok',
            pA,
            label,
          });
        }
    const batch = {
      items: items.map((key, i) => ({ dataset: 'd', key, instruction: `Question ${key}?`, category: `c${i % 3}` })),
      responses: items.flatMap((item) =>
        systems.map((system, k) => {
          const output = `# ${system}\n- ${'word '.repeat(5 + rng.int(60) + k)}`;
          return { dataset: 'd', itemKey: item, system, output, style: styleFromText(output) };
        }),
      ),
      comparisons,
      grades: items.flatMap((item) =>
        systems.flatMap((system) =>
          [1, 2].map((turn) => ({ dataset: 'd', itemKey: item, system, judge: 'g', turn, score: 1 + rng.int(10) })),
        ),
      ),
    };
    const lite = new SqliteStore(join(tempDir(), 'w.db'));
    const post = new PostgresStore(await server.createDatabase());
    await lite.importBatch(batch);
    await post.importBatch(batch);
    const boards = async (store: Store) => {
      const out: Record<string, string> = {};
      for (const [name, m] of Object.entries(LEADERBOARD_METHODS)) {
        const lb = await runLeaderboard(store, name, {
          judge: m.needs === 'grades' ? 'g' : 'j',
          baseline: 'base',
          seed: 42,
          bootstrap: 20,
          styleControl: name === 'bt',
        });
        expect(lb.rows.length, name).toBeGreaterThan(0);
        out[name] = JSON.stringify(lb);
      }
      return out;
    };
    const [a, b] = [await boards(lite), await boards(post)];
    expect(Object.keys(a)).toEqual(Object.keys(LEADERBOARD_METHODS));
    expect(b).toEqual(a);
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
