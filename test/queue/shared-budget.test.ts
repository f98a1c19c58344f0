import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, startCli, tempDir } from '../helpers/cli.js';
import { startPostgres, type TestPostgres } from '../helpers/postgres.js';

let server: TestPostgres;
beforeAll(async () => {
  server = await startPostgres();
});
afterAll(() => server?.stop());

/** 150 questions, a baseline and three systems, judged in both orders by arena_hard: 900 judgments. */
function writeOutputs(dir: string): string[] {
  return ['base', 'one', 'two', 'three'].map((name, k) => {
    const f = join(dir, `${name}.json`);
    const rows = Array.from({ length: 150 }, (_, i) => ({
      instruction: `Question ${i}: ${'explain the matter in some detail. '.repeat(1 + (i % 5))}`,
      output: `${name} answers ${i}${k === 1 ? ' with a good point' : ''}. ${'More words here. '.repeat(1 + ((i * k) % 7))}`,
      generator: name,
    }));
    writeFileSync(f, JSON.stringify(rows));
    return f;
  });
}

const PRICE = { input: 3, output: 6 }; // USD per 1M tokens: the 900 calls cost about $1.4 in all

describe('a max_cost shared by queue workers', () => {
  it('three workers stop within one call of $0.50 (exit 4); a raised cap enqueued again finishes the rest', async () => {
    const fake = new FakeOpenAI();
    fake.delayMs = 20;
    await fake.start();
    const url = await server.createDatabase();
    const dir = tempDir();
    const env = { WINRATE_QUEUE_MAINTENANCE_S: '1', WINRATE_PROGRESS_MS: '500' };
    const cfg = (cap: number): string => {
      const f = join(dir, `winrate-${cap}.yaml`);
      writeFileSync(
        f,
        `judge: { preset: arena_hard, model: priced, base_url: "${fake.url}", concurrency: 16 }\nbaseline: base\n` +
          `max_cost: ${cap}\nprices: { priced: { input: ${PRICE.input}, output: ${PRICE.output} } }\n`,
      );
      return f;
    };
    const files = writeOutputs(dir);
    const enq = await runCliAsync(['--db', url, 'judge', '-c', cfg(0.5), '--outputs', ...files, '--enqueue'], { env });
    expect(enq.stderr).toMatch(/900 judgments queued/);
    const workers = () =>
      Promise.all(
        [0, 1, 2].map(() => startCli(['--db', url, 'worker', '--until-empty', '--concurrency', '24'], { env }).done),
      );
    for (const w of await workers()) expect(w.status, w.stderr.slice(-1500)).toBe(0);
    const waited = await runCliAsync(['--db', url, 'judge', '-c', cfg(0.5), '--wait'], { env });
    expect(waited.status, waited.stderr).toBe(4);
    expect(waited.stderr).toMatch(/stopped by max_cost; raise it and enqueue again/);

    const costs = fake.billed.map((u) => (u.promptTokens * PRICE.input + u.completionTokens * PRICE.output) / 1e6);
    const biggest = Math.max(...costs);
    const bill = fake.bill(PRICE);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const spent = async () =>
      Number((await c.query<{ s: number }>('SELECT sum(cost)::float8 AS s FROM judge_cache')).rows[0].s);
    try {
      console.log(`budget $0.50: billed $${bill.toFixed(4)} over ${costs.length} calls (one call ≤ $${biggest})`);
      expect(bill).toBeLessThanOrEqual(0.5 + biggest); // the report: stopped at $0.2526, half the cap
      expect(bill).toBeGreaterThan(0.5 - 3 * biggest);
      expect(costs.length).toBeLessThan(900);
      expect(await spent()).toBeCloseTo(bill, 9); // the store's spend is the provider's bill
      const live = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM judge_reservations r
        WHERE NOT EXISTS (SELECT 1 FROM judge_cache c WHERE c.key = r.cache_key)`);
      expect(live.rows[0].n).toBe(0); // every hold ended: its cost stored under its cache key, or released

      // raise the cap: the budget-stopped jobs are queued again and the workers finish them
      const again = await runCliAsync(['--db', url, 'judge', '-c', cfg(5), '--enqueue'], { env });
      const m =
        /(\d+) judgments queued on winrate-judge, 0 already queued, (\d+) already stored \(of 900\); (\d+) of them/.exec(
          again.stderr,
        );
      expect(m, again.stderr).not.toBeNull();
      expect(Number(m![1]) + Number(m![2])).toBe(900);
      expect(Number(m![3])).toBe(Number(m![1]));
      for (const w of await workers()) expect(w.status, w.stderr.slice(-1500)).toBe(0);
      const done = await runCliAsync(['--db', url, 'judge', '-c', cfg(5), '--wait'], { env });
      expect(done.status, done.stderr).toBe(0);
      const rows = await c.query<{ n: number; once: boolean }>(
        `SELECT count(*)::int AS n, bool_and(k = 1) AS once FROM (SELECT count(*) AS k FROM comparisons
        GROUP BY item_id, system_b, shown_first) x`,
      );
      expect(rows.rows[0]).toEqual({ n: 900, once: true });
      expect(fake.generated.length).toBe(900); // each judgment paid once over both rounds
      expect(await spent()).toBeCloseTo(fake.bill(PRICE), 9);
    } finally {
      await c.end();
      await fake.stop();
    }
  }, 240_000);

  it('a worker whose key is refused (401) exits 9 and gives its jobs back; a worker with access finishes them', async () => {
    const fake = new FakeOpenAI(() => ({
      kind: 'status',
      status: 401,
      body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } },
    }));
    await fake.start();
    const url = await server.createDatabase();
    const dir = tempDir();
    const env = { WINRATE_QUEUE_MAINTENANCE_S: '1' };
    const cfg = join(dir, 'winrate.yaml');
    writeFileSync(
      cfg,
      `judge: { preset: arena_hard, model: m, base_url: "${fake.url}", concurrency: 4 }\nbaseline: base\n`,
    );
    const files = writeOutputs(dir).slice(0, 2);
    const enq = await runCliAsync(['--db', url, 'judge', '-c', cfg, '--outputs', ...files, '--enqueue'], { env });
    expect(enq.stderr).toMatch(/300 judgments queued/);
    const refused = await startCli(['--db', url, 'worker', '--until-empty', '--concurrency', '8'], { env }).done;
    expect(refused.status, refused.stderr.slice(-1500)).toBe(9);
    expect(refused.stderr).toMatch(/PROVIDER_REFUSED.*Incorrect API key provided.*its jobs were given back/);
    expect(fake.requests.length).toBeLessThanOrEqual(8);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const states = await c.query<{ state: string }>('SELECT DISTINCT state::text AS state FROM pgboss.job');
      expect(states.rows.map((r) => r.state).every((s) => s === 'created' || s === 'retry')).toBe(true);
      fake.behave = () => ({ kind: 'ok' });
      const ok = await startCli(['--db', url, 'worker', '--until-empty', '--concurrency', '8'], { env }).done;
      expect(ok.status, ok.stderr.slice(-1500)).toBe(0);
      const n = await c.query<{ n: number }>("SELECT count(*)::int AS n FROM comparisons WHERE status = 'ok'");
      expect(n.rows[0].n).toBe(300);
    } finally {
      await c.end();
      await fake.stop();
    }
  }, 120_000);
});
