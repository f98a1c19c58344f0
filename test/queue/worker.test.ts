import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueStatus } from '../../src/queue/queue-status.js';
import { createApp } from '../../src/server/app.js';
import { PostgresStore } from '../../src/store/postgres/pg-store.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, startCli, tempDir } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

const ITEMS = 300;
/** A baseline and three systems; the fake judge prefers "good", then the longer answer. */
const SYSTEMS: Record<string, { out: (i: number) => string; wins: boolean }> = {
  base: { out: (i) => `Baseline answer ${i}, with a few more words than the terse one.`, wins: false },
  'good-model': { out: (i) => `A good answer ${i}.`, wins: true },
  'terse-model': { out: (i) => `Ok ${i}.`, wins: false },
  'long-model': {
    out: (i) => `A much longer answer ${i} that goes on and on with many more words than the baseline has.`,
    wins: true,
  },
};
function writeOutputs(dir: string): string[] {
  return Object.entries(SYSTEMS).map(([name, s]) => {
    const f = join(dir, `${name}.json`);
    writeFileSync(
      f,
      JSON.stringify(
        Array.from({ length: ITEMS }, (_, i) => ({ instruction: `Question ${i}?`, output: s.out(i), generator: name })),
      ),
    );
    return f;
  });
}

const hash = (n: number): number => (n * 2654435761) % 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('distributed judging: pg-boss queue in the store, winrate worker processes', () => {
  it('1,800 judgments, three workers, 5% faults; one worker SIGKILLed, PostgreSQL restarted, a fourth joins: all stored once', async () => {
    // 5% faults: 2% 500s, 2% malformed bodies, 1% hangs past the 1.5 s deadline
    const fake = new FakeOpenAI((n) => {
      const h = hash(n);
      return h < 20
        ? { kind: 'server_error' }
        : h < 40
          ? { kind: 'malformed' }
          : h < 50
            ? { kind: 'stall', ms: 4000 }
            : { kind: 'ok' };
    });
    fake.delayMs = 60;
    await fake.start();
    const url = await server.createDatabase();
    const dir = tempDir();
    const env = { WINRATE_QUEUE_MAINTENANCE_S: '1', WINRATE_PROGRESS_MS: '1000' };
    const cfg = join(dir, 'winrate.yaml');
    writeFileSync(
      cfg,
      `judge: { preset: arena_hard, model: judge-1, base_url: "${fake.url}", concurrency: 16, timeout_ms: 1500 }\nbaseline: base\nretries: 8\n`,
    );
    const enq = await runCliAsync(
      ['--db', url, 'judge', '-c', cfg, '--outputs', ...writeOutputs(dir), '--enqueue', '--lease', '15'],
      { env },
    );
    expect(enq.status, enq.stderr).toBe(0);
    expect(enq.stderr).toMatch(/1800 judgments queued on winrate-judge, 0 already queued, 0 already stored/);
    const again = await runCliAsync(['--db', url, 'judge', '-c', cfg, '--enqueue'], { env });
    expect(again.stderr).toMatch(/0 judgments queued on winrate-judge, 1800 already queued/);

    const worker = () => startCli(['--db', url, 'worker', '--until-empty', '--concurrency', '24'], { env });
    const workers = [worker(), worker(), worker()];
    await sleep(2500);
    workers[0].child.kill('SIGKILL');
    await sleep(1500);
    server.restart('immediate');
    await sleep(1000);
    workers.push(worker());
    const results = await Promise.all(workers.slice(1).map((w) => w.done));
    await fake.stop();
    for (const r of results) expect(r.status, r.stderr.slice(-2000)).toBe(0);
    expect((await workers[0].done).signal).toBe('SIGKILL');

    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = (
      await c.query<{ system: string; item: string; shown: string; status: string; pa: number; n: number }>(`
      SELECT sb.name AS system, i.key AS item, c.shown_first AS shown, c.status, c.p_a AS pa, count(*) OVER (PARTITION BY c.item_id, c.system_b, c.shown_first)::int AS n
      FROM comparisons c JOIN items i ON i.id = c.item_id JOIN systems sb ON sb.id = c.system_b`)
    ).rows;
    const states = (
      await c.query<{ state: string; n: number }>('SELECT state::text, count(*)::int AS n FROM pgboss.job GROUP BY 1')
    ).rows;
    await c.end();
    expect(rows).toHaveLength(1800);
    expect(rows.every((r) => r.n === 1 && r.status === 'ok')).toBe(true);
    for (const r of rows) expect(r.pa < 0.5, `${r.system} ${r.item} ${r.shown}`).toBe(SYSTEMS[r.system].wins);
    expect(states).toEqual([{ state: 'completed', n: 1800 }]);
    // paid twice: a judgment whose answer was generated more than once (the killed worker's requests in flight)
    const seen = new Map<string, number>();
    for (const g of fake.generated) seen.set(g, (seen.get(g) ?? 0) + 1);
    const paidTwice = [...seen.values()].reduce((n, k) => n + k - 1, 0);
    expect(seen.size).toBe(1800);
    console.log(`paid twice: ${paidTwice}; peak in flight ${fake.peak}`);
    // Only the killed worker's jobs are paid twice: at most one paid answer each for the jobs it held when it died (its
    // requests in flight, at most the 16 request slots, and answers received but not yet stored: a slot is freed when
    // the answer arrives, before the store's commit), so at most its --concurrency, 24. A job that outlived its lease
    // used to be paid by two live workers too; jobs are now held to their lease (queue/worker.ts, lease.test.ts).
    expect(paidTwice).toBeLessThanOrEqual(24);
    // the judge's concurrency (16) held across the workers
    // (+1: a request the client aborted at its deadline is seen closed by the server a moment after its slot was freed)
    expect(fake.peak).toBeLessThanOrEqual(17);
    expect(fake.peak).toBeGreaterThanOrEqual(8);

    // the dashboard's judges page shows the queue
    const q = await queueStatus(url, 'winrate-judge');
    expect(q?.judges).toMatchObject([
      { judge: 'arena_hard:judge-1', completed: 1800, created: 0, active: 0, failed: 0 },
    ]);
    const store = new PostgresStore(url);
    const page = await (
      await createApp(store, {
        adminToken: 'queue-test-admin-token',
        queue: () => queueStatus(url, 'winrate-judge'),
      }).request('/judges')
    ).text();
    await store.close();
    expect(page).toMatch(
      /Judging jobs \(queue winrate-judge\)[\s\S]*arena_hard:judge-1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1800<\/td>/,
    );
    const status = await runCliAsync(['--db', url, 'status']);
    expect(status.stdout).toMatch(/arena_hard:judge-1: 0 queued, 0 to retry, 0 active, 1800 done, 0 failed/);
  }, 180_000);
});
