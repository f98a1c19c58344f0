import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

/** A database with `standard_conforming_strings` off: a legal setting under which `\'` inside '…' is a quote. */
async function nonConforming(): Promise<string> {
  const url = await server.createDatabase();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`ALTER DATABASE ${new URL(url).pathname.slice(1)} SET standard_conforming_strings = off`);
  await c.end();
  return url;
}

async function exists(url: string, table: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [table])).rows[0].ok;
  } finally {
    await c.end();
  }
}

describe('PostgreSQL: no text reaches SQL as code', () => {
  it('with standard_conforming_strings off, a filter value cannot end its literal', async () => {
    const url = await nonConforming();
    const store = new PostgresStore(url);
    try {
      const judge = "odd\\'judge";
      await store.importBatch({
        items: [{ dataset: "d\\'x", key: 'q', instruction: 'q' }],
        responses: [],
        comparisons: [
          {
            dataset: "d\\'x",
            itemKey: 'q',
            systemA: 'a',
            systemB: 'b',
            judge,
            shownFirst: null,
            sample: 0,
            status: 'ok',
            pA: 1,
            label: 'A',
          },
        ],
      });
      const attack = "x\\'; CREATE TABLE pwned (); --";
      expect((await store.comparisonTable({ dataset: attack })).a.length).toBe(0);
      expect((await store.comparisonTable({ judge: attack })).a.length).toBe(0);
      expect((await store.comparisonTable({ judges: [attack] })).a.length).toBe(0);
      expect(await exists(url, 'pwned')).toBe(false);
      // names with backslashes and quotes are matched exactly
      expect((await store.comparisonTable({ judge })).a.length).toBe(1);
      expect((await store.comparisonTable({ dataset: "d\\'x" })).a.length).toBe(1);
      // through the HTTP API too
      const app = createApp(store, { adminToken: 'literal-test-admin-token' });
      const r = await app.request(`/api/leaderboard?method=winrate&baseline=a&dataset=${encodeURIComponent(attack)}`);
      expect(r.status).toBeLessThan(500);
      expect(await exists(url, 'pwned')).toBe(false);
      // a NUL, which no PostgreSQL text can hold, matches nothing instead of failing
      expect((await store.comparisonTable({ judge: 'odd\u0000' })).a.length).toBe(0);
      expect((await app.request('/api/comparisons?system=%00')).status).toBe(200);
      expect((await app.request('/api/comparisons?judge=%00')).status).toBe(200);
      // the write path's lock takes no text either: a judgment whose identity holds quotes and backslashes is stored
      await store.recordJudgment({
        cacheKey: 'k',
        provider: 'p',
        model: 'm',
        response: '{}',
        judge,
        cost: 0,
        comparison: {
          dataset: "d\\'x",
          itemKey: 'q',
          systemA: "a\\'",
          systemB: 'b',
          judge,
          shownFirst: 'a',
          sample: 0,
          status: 'ok',
          pA: 0,
          label: 'B',
        },
      });
      expect((await store.comparisonTable({ judge })).a.length).toBe(2);
    } finally {
      await store.close();
    }
  }, 60_000);
});
