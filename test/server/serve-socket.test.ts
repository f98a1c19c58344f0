import { request } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, tempDir, servePort } from '../helpers/cli.js';
import { writeFileSync } from 'node:fs';

/** `winrate serve` itself, over real sockets: what an attacker on the network meets. */
const dir = tempDir();
const db = join(dir, 'w.db');
const ADMIN = 'socket-test-admin-token-0123';
let port = 0;
let server: ReturnType<typeof startCli>;
let serverErr = '';

/** One HTTP request from a given local (source) address, with any Host header. */
function get(
  path: string,
  o: { from?: string; host?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        localAddress: o.from ?? '127.0.0.1',
        headers: { host: o.host ?? `127.0.0.1:${port}`, ...o.headers },
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const rows = Array.from({ length: 6 }, (_, i) => ({
    item: `q${i}`,
    system_a: 'a',
    system_b: 'b',
    outcome: i % 3 ? 'a' : 'b',
    judge: 'j',
  }));
  writeFileSync(join(dir, 'c.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
  const imp = startCli(['--db', db, 'import', 'comparisons', join(dir, 'c.jsonl')]);
  expect((await imp.done).status).toBe(0);
  server = startCli([
    '--db',
    db,
    'serve',
    '--port',
    '0',
    '--admin-token',
    ADMIN,
    '--api-rate-limit',
    '5',
    '--vote-rate-limit',
    '3',
  ]);
  server.child.stderr.on('data', (d: Buffer) => (serverErr += d.toString()));
  port = await servePort(server);
});

afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.done;
});

describe('winrate serve over real sockets', () => {
  it('limits each client address on its own: one client over its limit does not lock out another', async () => {
    const a = [];
    for (let i = 0; i < 7; i++) a.push((await get('/api/methods', { from: '127.0.0.2' })).status);
    expect(a).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const b = await get('/api/methods', { from: '127.0.0.3' });
    expect(b.status).toBe(200);
    expect((JSON.parse(b.body) as { methods: unknown[] }).methods.length).toBeGreaterThan(5);
  });

  it('limits the dashboard pages with the API (one bucket per client), not the voting pages', async () => {
    const codes = [];
    for (const path of ['/', '/judges', '/comparisons', '/api/methods', '/', '/judges'])
      codes.push((await get(path, { from: '127.0.0.11' })).status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    expect((await get('/judges', { from: '127.0.0.12' })).status).toBe(200);
  });

  it('limits voting requests per address too', async () => {
    const codes = [];
    for (let i = 0; i < 4; i++)
      codes.push((await get('/vote/none?token=not-a-valid-token-at-all', { from: '127.0.0.7' })).status);
    expect(codes).toEqual([401, 401, 401, 429]);
    expect((await get('/vote/none?token=not-a-valid-token-at-all', { from: '127.0.0.8' })).status).toBe(401);
  });

  it('answers only its own host names (DNS rebinding) with a 421 naming the host', async () => {
    const r = await get('/api/systems', { from: '127.0.0.4', host: 'rebind.attacker.example' });
    expect(r.status).toBe(421);
    expect(r.body).toMatch(/rebind\.attacker\.example/);
    expect((await get('/api/systems', { from: '127.0.0.4', host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses a write without the admin token, and a store fault is a 500 without a stack trace; the server lives on', async () => {
    const denied = await new Promise<number>((resolve) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/comparisons',
          method: 'POST',
          localAddress: '127.0.0.5',
          headers: { 'content-type': 'application/json' },
        },
        (res) => resolve(res.statusCode ?? 0),
      );
      req.end(JSON.stringify({ comparisons: [{ item: 'x', system_a: 'a', system_b: 'b', outcome: 'a' }] }));
    });
    expect(denied).toBe(401);
    // another process breaks the store under the server's feet
    const other = new Database(db);
    other.exec('DROP TABLE findings');
    other.close();
    const r = await get('/api/findings', { from: '127.0.0.6' });
    expect(r.status).toBe(500);
    expect(JSON.parse(r.body)).toEqual({ error: 'internal error', code: 'INTERNAL' });
    expect(r.body).not.toMatch(/at |\.ts|\.js|findings/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(serverErr).toMatch(/no such table: findings/); // the operator sees the cause; the client does not
    expect((await get('/api/systems', { from: '127.0.0.6' })).status).toBe(200);
  });
});
