import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

const TOKEN = 'secret-admin-token';
type Json = Record<string, unknown>;
type AnyStore = SqliteStore | PostgresStore;

let pgServer: TestPostgres | undefined;
afterAll(() => pgServer?.stop());

/** Every store backend runs the same HTTP tests (one suite per implementation, as hono's routers do). */
const BACKENDS: [string, () => Promise<AnyStore>][] = [
  ['SQLite', () => Promise.resolve(new SqliteStore(join(tempDir(), 'w.db')))],
  [
    'PostgreSQL',
    async () => {
      pgServer ??= await startPostgres();
      return new PostgresStore(await pgServer.createDatabase());
    },
  ],
];

describe.each(BACKENDS)('HTTP API on %s', (_backend, open) => {
  let store: AnyStore;
  let app: ReturnType<typeof createApp>;
  const post = (body: unknown, token = TOKEN) =>
    app.request('/api/comparisons', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    store = await open();
    app = createApp(store, { adminToken: TOKEN, maxBody: 20_000 });
    const rows = Array.from({ length: 30 }, (_, i) => ({
      item: `q${i}`,
      system_a: 'base',
      system_b: i % 2 ? 'x' : 'y',
      outcome: i % 3 === 0 ? 'a' : 'b',
      judge: 'human',
      output_a: `base ${i}`,
      output_b: `answer ${i}`,
      category: i < 15 ? 'math' : 'code',
    }));
    const r = await post({ comparisons: rows });
    expect(r.status).toBe(201);
  }, 60_000);
  afterAll(() => store?.close());

  it('lists methods and systems, and serves the OpenAPI description', async () => {
    expect(
      ((await (await app.request('/api/methods')).json()) as { methods: { name: string }[] }).methods.map(
        (m) => m.name,
      ),
    ).toContain('arena-hard');
    expect(((await (await app.request('/api/systems')).json()) as { systems: string[] }).systems.sort()).toEqual([
      'base',
      'x',
      'y',
    ]);
    const spec = (await (await app.request('/openapi.json')).json()) as { paths: Json };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/leaderboard', '/api/comparisons', '/api/comparisons/{id}', '/api/judges']),
    );
  });

  it('serves every leaderboard method that applies, and a clear 400 for bad parameters', async () => {
    const lb = (await (await app.request('/api/leaderboard?method=winrate&baseline=base')).json()) as { rows: Json[] };
    expect(lb.rows.find((r) => r.system === 'x')!.n_total).toBe(15);
    const bt = await app.request('/api/leaderboard?method=bt&bootstrap=20&seed=1');
    expect(bt.status).toBe(200);
    const bad = await app.request('/api/leaderboard?method=nope');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'BAD_REQUEST',
      error: expect.stringMatching(/unknown method "nope"/) as unknown,
    });
    const badNum = await app.request('/api/leaderboard?method=bt&bootstrap=lots');
    expect(badNum.status).toBe(400);
    const unknownBaseline = await app.request('/api/leaderboard?method=winrate&baseline=ghost');
    expect(unknownBaseline.status).toBe(400);
    expect(await unknownBaseline.json()).toMatchObject({ code: 'UNKNOWN_SYSTEM' });
  });

  it('breaks win rates down by item category', async () => {
    const lb = (await (await app.request('/api/leaderboard?method=winrate&baseline=base')).json()) as {
      extra: { categories: { rows: Json[] } };
    };
    // x plays the odd items; in "math" (items 0–14) those are 1,3,…,13, of which 3 and 9 went to the baseline
    expect(lb.extra.categories.rows.find((r) => r.system === 'x' && r.category === 'math')).toMatchObject({ n: 7 });
    expect(lb.extra.categories.rows.find((r) => r.system === 'x' && r.category === 'math')!.win_rate).toBeCloseTo(
      (100 * 5) / 7,
      9,
    );
    const page = await (await app.request('/?method=winrate&baseline=base')).text();
    expect(page).toContain('Win rate by category');
  });

  it('lists and filters comparisons, and returns one with both responses', async () => {
    const all = (await (await app.request('/api/comparisons?limit=5')).json()) as { total: number; rows: Json[] };
    expect(all.total).toBe(30);
    expect(all.rows).toHaveLength(5);
    const x = (await (await app.request('/api/comparisons?system=x&limit=100')).json()) as { total: number };
    expect(x.total).toBe(15);
    const d = (await (await app.request(`/api/comparisons/${all.rows[0].id as number}`)).json()) as Json;
    expect(d.outputA).toMatch(/^base /);
    expect((await app.request('/api/comparisons?limit=0')).status).toBe(400);
    expect((await app.request('/api/comparisons/999999')).status).toBe(404);
  });

  it('refuses writes without the admin token, and bad rows with their row and field, storing nothing', async () => {
    expect(
      (await post({ comparisons: [{ item: 'z', system_a: 'a', system_b: 'b', outcome: 'a' }] }, 'wrong')).status,
    ).toBe(401);
    const before = ((await (await app.request('/api/comparisons?limit=1')).json()) as { total: number }).total;
    const bad = await post({
      comparisons: [
        { item: 'z1', system_a: 'a', system_b: 'b', outcome: 'a' },
        { item: 'z2', system_a: 'a', system_b: 'b', outcome: 'maybe' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).error).toMatch(/request, row 2, field "outcome"/);
    expect((await post({ nothing: true })).status).toBe(400);
    const big = await post({
      comparisons: Array.from({ length: 400 }, (_, i) => ({
        item: `big${i}`,
        system_a: 'a',
        system_b: 'b',
        outcome: 'a',
        instruction: 'x'.repeat(100),
      })),
    });
    expect(big.status).toBe(413);
    expect(((await (await app.request('/api/comparisons?limit=1')).json()) as { total: number }).total).toBe(before);
  });

  it('answers unknown routes with JSON 404, sets a strict CSP, and never leaks a stack trace', async () => {
    const r = await app.request('/api/nothing');
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: 'not found', code: 'NOT_FOUND' });
    const pageRes = await app.request('/');
    expect(pageRes.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const text = await (await app.request('/api/comparisons/abc')).text();
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rate-limits clients', async () => {
    const limited = createApp(store, { adminToken: TOKEN, apiRateLimit: 3 });
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.request('/api/methods')).status);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
  });

  it('reports judges', async () => {
    const r = (await (await app.request('/api/judges')).json()) as { judges: Json[] };
    expect(r.judges[0]).toMatchObject({ judge: 'human', games: 30, failed: 0 });
  });

  it('refuses an empty or short admin token, in the library and in winrate serve', async () => {
    for (const token of ['', 'short'])
      expect(() => createApp(store, { adminToken: token })).toThrow(/at least 16 characters/);
    for (const args of [
      ['--admin-token', ''],
      ['--admin-token', 'abc'],
    ]) {
      const r = await runCliAsync(['serve', '--port', '0', ...args], { cwd: tempDir() });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/at least 16 characters/);
    }
    const env = await runCliAsync(['serve', '--port', '0'], { cwd: tempDir(), env: { WINRATE_ADMIN_TOKEN: '' } });
    expect(env.status).toBe(1);
  });

  it('answers malformed or oversized requests with a 4xx and a message, never a 500', async () => {
    const cases: [string, RequestInit | undefined, number][] = [
      ['/api/leaderboard?method=constructor', undefined, 400],
      ['/?method=constructor', undefined, 400],
      ['/?method=bt&bootstrap=1000000000', undefined, 400],
      ['/api/leaderboard?method=bt&bootstrap=100000000', undefined, 400],
      ['/api/leaderboard?method=bt&seed=-1', undefined, 400],
      ['/comparisons?offset=1.5', undefined, 400],
      ['/api/comparisons?offset=1e20', undefined, 400],
      ['/api/comparisons?limit=0', undefined, 400],
      ['/api/comparisons/abc', undefined, 404],
      ['/api/comparisons/99999999999999', undefined, 404],
      ['/comparisons/1e3', undefined, 404],
      [
        '/api/comparisons',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: 'null',
        },
        400,
      ],
      [
        '/api/comparisons',
        {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: '[1]',
        },
        400,
      ],
      [
        '/vote/s',
        {
          method: 'POST',
          headers: { origin: 'foo', 'content-type': 'application/x-www-form-urlencoded' },
          body: 'token=x',
        },
        403,
      ],
    ];
    for (const [path, init, status] of cases) {
      const r = await app.request(path, init);
      expect(r.status, path).toBe(status);
      expect((await r.text()).length, path).toBeGreaterThan(0);
    }
    const r = await app.request('/api/leaderboard?method=bt&bootstrap=100000000');
    expect(await r.json()).toMatchObject({
      error: expect.stringMatching(/bootstrap must be an integer in 0\.\.2000/) as unknown,
    });
  });
});
