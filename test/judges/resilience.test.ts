import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, startCli, tempDir } from '../helpers/cli.js';

function outputs(dir: string, items: number, systems: string[]): string[] {
  return systems.map((name) => {
    const f = join(dir, `${name}.json`);
    writeFileSync(f, JSON.stringify(Array.from({ length: items }, (_, i) => ({ instruction: `Q${i}`, output: `${name} says ${name === 'good' ? 'good ' : ''}${i}`, generator: name }))));
    return f;
  });
}

function judgments(dir: string): { total: number; distinct: number; ok: number } {
  const d = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
  const r = d.prepare(`SELECT count(*) AS total, count(DISTINCT item_id || '/' || system_a || '/' || system_b || '/' || shown_first || '/' || sample) AS distinct_, sum(status = 'ok') AS ok FROM comparisons`).get() as { total: number; distinct_: number; ok: number };
  d.close();
  return { total: r.total, distinct: r.distinct_, ok: r.ok };
}

describe('resilience of judging runs', () => {
  it('survives three SIGKILLs: every judgment stored exactly once, at most concurrency × kills extra requests', async () => {
    const server = new FakeOpenAI();
    server.delayMs = 4;
    await server.start();
    const dir = tempDir();
    const files = outputs(dir, 250, ['base', 'good', 'other']); // 250 items × 2 systems × 2 orders = 1000 judgments
    const concurrency = 8;
    const args = ['judge', '--preset', 'arena_hard', '--model', 'j', '--base-url', server.url, '--baseline', 'base', '--concurrency', String(concurrency), '--outputs', ...files];
    let kills = 0;
    for (let k = 0; k < 3; k++) {
      const run = startCli(args, { cwd: dir });
      const startCount = server.requests.length;
      // let it get going (past start-up and import), then kill it mid-flight at a random moment
      while (server.requests.length < startCount + 20 + Math.floor(Math.random() * 150)) await new Promise((r) => setTimeout(r, 5));
      run.child.kill('SIGKILL');
      const res = await run.done;
      expect(res.signal).toBe('SIGKILL');
      kills++;
    }
    const partial = judgments(dir);
    expect(partial.total).toBeLessThan(1000);
    expect(partial.total).toBeGreaterThan(0);
    const final = await runCliAsync(args, { cwd: dir });
    expect(final.status, final.stderr).toBe(0);
    const j = judgments(dir);
    expect(j).toEqual({ total: 1000, distinct: 1000, ok: 1000 });
    expect(server.requests.length).toBeLessThanOrEqual(1000 + concurrency * kills);
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
    writeFileSync(join(dir, 'winrate.yaml'), `judge: { preset: mt_bench_pairwise, model: j, base_url: ${server.url}, concurrency: 8, timeout_ms: 400 }\nbaseline: base\nretries: 8\n`);
    const r = await runCliAsync(['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...outputs(dir, 50, ['base', 'good', 'other'])], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(judgments(dir)).toEqual({ total: 200, distinct: 200, ok: 200 });
    expect(seen).toBeGreaterThan(220); // the faults were really retried
    expect(r.stderr).toMatch(/200 verdicts, 0 unparsed/);
    await server.stop();
  });
});
