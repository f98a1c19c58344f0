import { request } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, startCli, tempDir, servePort } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const env = { WINRATE_DB_RETRY_MS: '60000', WINRATE_PROGRESS_MS: '500' };

function outputs(dir: string, items: number): string[] {
  return ['base', 'sys'].map((name) => {
    const f = join(dir, `${name}.json`);
    const rows = Array.from({ length: items }, (_, i) => ({
      instruction: `Question ${i}?`,
      output: `${name} answers ${i}${name === 'sys' ? ' with a good idea' : ''}.`,
      generator: name,
    }));
    writeFileSync(f, JSON.stringify(rows));
    return f;
  });
}

async function count(url: string, sql: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<{ n: number }>(sql)).rows[0].n;
  } finally {
    await c.end();
  }
}

describe('a PostgreSQL store restarted under a running command', () => {
  it('judge waits for the database and stores every paid answer once', async () => {
    const fake = new FakeOpenAI();
    fake.delayMs = 40;
    await fake.start();
    const url = await server.createDatabase();
    const dir = tempDir();
    const cfg = join(dir, 'winrate.yaml');
    writeFileSync(
      cfg,
      `judge: { preset: arena_hard, model: m, base_url: "${fake.url}", concurrency: 8 }\nbaseline: base\n`,
    );
    const run = startCli(['--db', url, 'judge', '-c', cfg, '--outputs', ...outputs(dir, 150)], { env });
    // wait until judging is under way, then restart the database under it
    for (let i = 0; i < 100 && fake.requests.length < 40; i++) await sleep(50);
    server.restart('immediate');
    const r = await run.done;
    await fake.stop();
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect(fake.requests.length).toBeGreaterThan(40);
    expect(await count(url, "SELECT count(*)::int AS n FROM comparisons WHERE status = 'ok'")).toBe(300);
    // each judgment paid once: a request in flight at the restart was stored when the database came back
    expect(fake.generated.length).toBe(300);
  }, 120_000);

  it('serve answers again after the restart (its pooled connections were lost), and an import goes through', async () => {
    const url = await server.createDatabase();
    const dir = tempDir();
    const files = outputs(dir, 30);
    const imp = await runCliAsync(['--db', url, 'import', 'alpaca-eval', ...files], { env });
    expect(imp.status, imp.stderr).toBe(0);
    const srv = startCli(['--db', url, 'serve', '--port', '0'], { env });
    const port = await servePort(srv);
    const get = (path: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path }, (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    try {
      const before = await get('/api/systems');
      expect(before.status, before.body).toBe(200);
      server.restart('immediate');
      const after = await get('/api/systems');
      expect(after.status, after.body).toBe(200);
      expect(after.body).toBe(before.body);
      // an import whose connection is lost in the middle of its transaction: it starts again and completes
      const big = outputs(tempDir(), 20_000);
      const imp2 = startCli(['--db', url, 'import', 'alpaca-eval', ...big], { env });
      let seen = 0;
      for (let i = 0; i < 400 && seen === 0; i++) {
        await sleep(25);
        seen = await count(
          url,
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'winrate' AND state LIKE 'idle in%'" +
            " OR (application_name = 'winrate' AND query LIKE 'COPY%')",
        ).catch(() => 0);
      }
      expect(seen).toBeGreaterThan(0); // the import was inside its transaction when the database went down
      server.restart('immediate');
      const done = await imp2.done;
      expect(done.status, done.stderr.slice(-1500)).toBe(0);
      expect(await count(url, 'SELECT count(*)::int AS n FROM items')).toBe(20_000);
      expect(await count(url, 'SELECT count(*)::int AS n FROM responses')).toBe(40_000);
    } finally {
      srv.child.kill('SIGTERM');
      await srv.done;
    }
  }, 120_000);
});
