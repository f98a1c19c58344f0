import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { WinrateError } from '../../src/core/errors.js';
import { openStore } from '../../src/store/open.js';
import { PostgresStore, redactUrl } from '../../src/store/postgres/pg-store.js';
import { createApp } from '../../src/server/app.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/pg-migrations.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';
import { storeConformance, studyConformance } from './conformance.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

describe('PostgreSQL store: conformance', () => {
  storeConformance(async () => new PostgresStore(await server.createDatabase()));
  studyConformance(async () => new PostgresStore(await server.createDatabase()));
});

describe('PostgreSQL store: server specifics', () => {
  it('openStore takes postgres:// and postgresql:// URLs; the schema version is recorded once', async () => {
    const url = await server.createDatabase();
    const s1 = openStore(url.replace(/^postgresql:/, 'postgres:'));
    expect(s1).toBeInstanceOf(PostgresStore);
    await s1.importBatch({ items: [{ dataset: 'd', key: 'k', instruction: 'i' }], responses: [], comparisons: [] });
    await s1.close();
    const s2 = openStore(url);
    expect((await s2.stats()).items).toBe(1);
    await s2.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const v = await c.query('SELECT version FROM winrate_schema');
    expect(v.rows).toEqual([{ version: PG_MIGRATIONS.length }]);
    await c.query('UPDATE winrate_schema SET version = 99');
    await c.end();
    const s3 = openStore(url);
    const err = await s3.stats().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WinrateError);
    expect((err as WinrateError).code).toBe('STORE_VERSION');
    await s3.close();
  });

  it('names the store (password masked) when the server cannot be reached', async () => {
    const s = openStore(`postgresql://me:secret@127.0.0.1:1/none`);
    const err = await s.stats().catch((e: unknown) => e);
    expect((err as WinrateError).code).toBe('STORE_OPEN');
    expect((err as Error).message).toContain('postgresql://me:***@127.0.0.1:1/none');
    expect((err as Error).message).not.toContain('secret');
    expect(redactUrl('postgres://u:p@h/db')).toBe('postgres://u:***@h/db');
    // what a regular expression missed: an @ in the password, no user name, the password as a query parameter
    expect(redactUrl('postgres://u:p@ss@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(redactUrl('postgres://:hunter2@h/db')).toBe('postgres://:***@h/db');
    expect(redactUrl('postgres://u@h/db?password=hunter2&sslmode=require')).toBe(
      'postgres://u@h/db?password=***&sslmode=require',
    );
    expect(redactUrl('postgres://u@h/db?sslpassword=hunter2')).toBe('postgres://u@h/db?sslpassword=***');
    expect(redactUrl('postgresql://u:a/b@h/db')).toBe('postgresql://***'); // not parseable: nothing shown
    // a server on an unreachable store tells its client only that the store is unavailable
    const leaky = openStore('postgres://me:hunter2@127.0.0.1:1/none?password=hunter3');
    const app = createApp(leaky, { adminToken: 'unreachable-admin-token' });
    const r = await app.request('/api/systems');
    const body = await r.text();
    expect(r.status).toBe(503);
    expect(JSON.parse(body)).toEqual({ error: 'the store is unavailable', code: 'STORE_UNAVAILABLE' });
    await leaky.close();
    await s.close();
  });
});
