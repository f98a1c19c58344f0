import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, startCli, tempDir } from '../helpers/cli.js';

function outputs(dir: string, items: number, systems: string[]): string[] {
  return systems.map((name) => {
    const f = join(dir, `${name}.json`);
    writeFileSync(
      f,
      JSON.stringify(
        Array.from({ length: items }, (_, i) => ({
          instruction: `Q${i}`,
          output: `${name} says ${name === 'good' ? 'good ' : ''}${i}`,
          generator: name,
        })),
      ),
    );
    return f;
  });
}

function judgments(dir: string): { total: number; distinct: number; ok: number } {
  const d = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
  const r = d
    .prepare(
      `SELECT count(*) AS total, count(DISTINCT item_id || '/' || system_a || '/' || system_b || '/' || shown_first || '/' || sample) AS distinct_, sum(status = 'ok') AS ok FROM comparisons`,
    )
    .get() as { total: number; distinct_: number; ok: number };
  d.close();
  return { total: r.total, distinct: r.distinct_, ok: r.ok };
}

describe('resilience of judging runs', () => {
  it('survives three SIGKILLs of an 1,800-judgment run with 10% faults (429, 500, 30 s hangs): each judgment stored and paid once', async () => {
    const server = new FakeOpenAI((n) => {
      const r = (n * 2654435761) % 1000; // deterministic spread of faults
      if (r < 34) return { kind: 'rate_limit', retryAfterSeconds: 0.2 };
      if (r < 67) return { kind: 'server_error' };
      if (r < 100) return { kind: 'stall', ms: 30_000 };
      return { kind: 'ok' };
    });
    server.delayMs = 4;
    await server.start();
    const dir = tempDir();
    const files = outputs(dir, 450, ['base', 'good', 'other']); // 450 items × 2 systems × 2 orders = 1800 judgments
    const concurrency = 16;
    writeFileSync(
      join(dir, 'winrate.yaml'),
      `judge: { preset: arena_hard, model: j, base_url: ${server.url}, concurrency: ${concurrency}, timeout_ms: 1000 }\nbaseline: base\nretries: 8\n`,
    );
    const args = ['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...files];
    for (let k = 0; k < 3; k++) {
      const run = startCli(args, { cwd: dir });
      const startCount = server.requests.length;
      // let it get going (past start-up and import), then kill it mid-flight at a random moment
      while (server.requests.length < startCount + 40 + Math.floor(Math.random() * 200))
        await new Promise((r) => setTimeout(r, 5));
      run.child.kill('SIGKILL');
      const res = await run.done;
      expect(res.signal).toBe('SIGKILL');
    }
    const partial = judgments(dir);
    expect(partial.total).toBeLessThan(1800);
    expect(partial.total).toBeGreaterThan(0);
    const t0 = Date.now();
    const final = await runCliAsync(args, { cwd: dir });
    expect(final.status, final.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(120_000); // generous: a hang costs one timeout, never the run
    expect(judgments(dir)).toEqual({ total: 1800, distinct: 1800, ok: 1800 });
    // paid calls: every answer the endpoint delivered; beyond one per judgment, only what was in flight at a kill
    expect(server.billed.length).toBeGreaterThanOrEqual(1800);
    expect(server.billed.length).toBeLessThanOrEqual(1800 + 3 * concurrency);
    await server.stop();
  });

  it('configured at 64 against an endpoint that allows 12 in flight: converges below the limit, stores everything', async () => {
    const server = new FakeOpenAI((n) => ((n * 2654435761) % 100 < 3 ? { kind: 'server_error' } : { kind: 'ok' }));
    server.delayMs = 40;
    server.maxInFlight = 12;
    server.limitRetryAfter = 0.2;
    await server.start();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'winrate.yaml'),
      `judge: { preset: arena_hard, model: j, base_url: ${server.url}, concurrency: 64, timeout_ms: 3000 }\nbaseline: base\n`,
    );
    const r = await runCliAsync(
      ['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...outputs(dir, 150, ['base', 'good', 'other'])],
      { cwd: dir, env: { WINRATE_PROGRESS_MS: '100' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(judgments(dir)).toEqual({ total: 600, distinct: 600, ok: 600 });
    // Only what the endpoint saw is asserted (the limiter's own number, printed in the progress lines, moves with the
    // machine's load and is not what a provider bills or refuses).
    // 429s are a small share of the traffic once converged (not one per judgment)
    const rejected = server.requests.length - server.billed.length;
    expect(rejected).toBeLessThan(0.35 * 600);
    // what the endpoint saw: it was used near its capacity (a run collapsing to 1 in flight fails here) and every
    // judgment was paid exactly once (an uninterrupted run pays nothing twice)
    expect(server.peak).toBeGreaterThanOrEqual(10);
    expect(server.billed.length).toBe(600);
    // the load it was offered, refused requests included: the client probes up from a few and never offers much more
    // than the limit (measured: at most 13 in flight); a client that does not back off climbs towards its 64 (the
    // endpoint's own peak cannot show that, as it refuses everything above 12)
    expect(Math.max(...server.offered)).toBeLessThanOrEqual(20);
    await server.stop();
  });

  it('completes with 20% of requests failing (429 with Retry-After, 500, stalls past the timeout, malformed bodies), losing nothing', async () => {
    let seen = 0;
    const server = new FakeOpenAI((n) => {
      seen = n;
      const r = (n * 2654435761) % 100; // deterministic spread of faults
      if (r < 5) return { kind: 'rate_limit', retryAfterSeconds: 0.05 };
      if (r < 10) return { kind: 'server_error' };
      if (r < 15) return { kind: 'stall', ms: 1500 };
      if (r < 20) return { kind: 'malformed' };
      return { kind: 'ok' };
    });
    await server.start();
    const dir = tempDir();
    writeFileSync(
      join(dir, 'winrate.yaml'),
      `judge: { preset: mt_bench_pairwise, model: j, base_url: ${server.url}, concurrency: 8, timeout_ms: 400 }\nbaseline: base\nretries: 8\n`,
    );
    const r = await runCliAsync(
      ['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...outputs(dir, 50, ['base', 'good', 'other'])],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(judgments(dir)).toEqual({ total: 200, distinct: 200, ok: 200 });
    expect(seen).toBeGreaterThan(220); // the faults were really retried
    expect(r.stderr).toMatch(/200 verdicts, 0 unparsed/);
    await server.stop();
  });
});
