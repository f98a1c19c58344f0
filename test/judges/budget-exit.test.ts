import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, runCliAsync, startCli, tempDir } from '../helpers/cli.js';

/** model_outputs files: a baseline and two systems, `items` instructions each. */
function outputs(dir: string, items: number): string[] {
  return ['base', 'good', 'other'].map((name) => {
    const f = join(dir, `${name}.json`);
    const text = (i: number) =>
      `${name} answers question ${i} ${name === 'good' ? 'with a good explanation' : 'briefly'}. `.repeat(3);
    writeFileSync(
      f,
      JSON.stringify(
        Array.from({ length: items }, (_, i) => ({
          instruction: `Question ${i}: explain it.`,
          output: text(i),
          generator: name,
        })),
      ),
    );
    return f;
  });
}

const count = (dir: string, sql: string): number => {
  const d = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
  try {
    return d.prepare(sql).pluck().get() as number;
  } finally {
    d.close();
  }
};

describe('judging budget and exit codes', () => {
  const server = new FakeOpenAI();
  beforeAll(async () => {
    server.delayMs = 5;
    await server.start();
  });
  afterAll(() => server.stop());

  it('max_cost is a hard cap across a run and a rerun: the provider bills at most 5% + one call over it', async () => {
    const dir = tempDir();
    const price = { input: 30, output: 60 };
    writeFileSync(
      join(dir, 'winrate.yaml'),
      `judge: { preset: arena_hard, model: priced, base_url: ${server.url}, concurrency: 16 }
baseline: base\nmax_cost: 0.5\nprices: { priced: { input: ${price.input}, output: ${price.output} } }\n`,
    );
    const n0 = server.billed.length;
    const args = ['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...outputs(dir, 200)];
    const first = await runCliAsync(args, { cwd: dir });
    expect(first.status, first.stderr).toBe(4);
    expect(first.stderr).toMatch(/\[BUDGET_EXHAUSTED\]: max_cost reached for arena_hard:priced \(\$0\.\d+ of \$0\.5/);
    const afterFirst = server.billed.length - n0;
    const rerun = await runCliAsync(args, { cwd: dir });
    expect(rerun.status, rerun.stderr).toBe(4);
    const calls = server.billed.slice(n0);
    const bill = calls.reduce(
      (s, u) => s + (u.promptTokens * price.input + u.completionTokens * price.output) / 1e6,
      0,
    );
    const biggest = Math.max(
      ...calls.map((u) => (u.promptTokens * price.input + u.completionTokens * price.output) / 1e6),
    );
    expect(afterFirst).toBeGreaterThan(20); // the budget was really used, not refused up front
    expect(calls.length - afterFirst).toBeLessThanOrEqual(1); // the rerun got no fresh budget
    expect(bill).toBeLessThanOrEqual(0.525 + biggest);
    expect(bill).toBeGreaterThan(0.45);
    // what the store says was spent is what the provider billed
    expect(count(dir, 'SELECT sum(cost) FROM judge_cache')).toBeCloseTo(bill, 9);
    expect(count(dir, 'SELECT count(*) FROM comparisons')).toBe(calls.length);
  });

  it('refuses max_cost for a model without a price before sending anything', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'winrate.yaml'),
      `judge: { preset: arena_hard, model: local-unpriced, base_url: ${server.url} }\nbaseline: base\nmax_cost: 1\n`,
    );
    const n0 = server.requests.length;
    const r = await runCliAsync(['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...outputs(dir, 5)], {
      cwd: dir,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /\[INVALID_ARGUMENT\]: max_cost is set but model "local-unpriced" has no known price: add it under `prices:`/,
    );
    expect(server.requests.length).toBe(n0);
  });

  it('shows an unknown price as unknown, not $0', async () => {
    const dir = tempDir();
    const r = await runCliAsync(
      [
        'judge',
        '--preset',
        'arena_hard',
        '--model',
        'local',
        '--base-url',
        server.url,
        '--baseline',
        'base',
        '--outputs',
        ...outputs(dir, 3),
      ],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/cost unknown \(no price/);
    expect(r.stderr).not.toMatch(/\$0\.0000/);
    expect(count(dir, "SELECT count(*) FROM judge_cache WHERE cost IS NULL AND judge = 'arena_hard:local'")).toBe(12);
    expect(runCli(['status'], { cwd: dir }).stdout).toMatch(
      / {2}arena_hard:local: 12 paid calls, cost unknown \(no price\)/,
    );
  });

  it('exits 5 with a hint when every verdict is unparsed, and 3 when judgments are still missing', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'winrate.yaml'),
      `judge: { preset: strict, model: m, base_url: ${server.url} }\nbaseline: base\n` +
        `templates: [{ name: strict, user: "Compare {first} and {second} for {instruction}", pattern: "VERDICT=(A|B)", labels: { A: 1, B: 0 } }]\n`,
    );
    const r = await runCliAsync(['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...outputs(dir, 3)], {
      cwd: dir,
    });
    expect(r.status, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/\[ALL_UNPARSED\]: every verdict of strict:m is unparsed: the preset does not fit/);
    expect(count(dir, "SELECT count(*) FROM comparisons WHERE status = 'parse_failed'")).toBe(12);
    const down = new FakeOpenAI(() => ({ kind: 'server_error' }));
    await down.start();
    const dir2 = tempDir();
    writeFileSync(
      join(dir2, 'winrate.yaml'),
      `judge: { preset: arena_hard, model: m, base_url: ${down.url} }\nbaseline: base\nretries: 1\n`,
    );
    const r2 = await runCliAsync(['judge', '-c', join(dir2, 'winrate.yaml'), '--outputs', ...outputs(dir2, 2)], {
      cwd: dir2,
    });
    await down.stop();
    expect(r2.status, r2.stderr).toBe(3);
    expect(r2.stderr).toMatch(
      /\[JUDGING_INCOMPLETE\]: 8 judgments could not be obtained.*resume with: winrate judge -c/,
    );
    expect(down.requests).toHaveLength(16); // one retry each
  });

  it('without a terminal prints progress lines; SIGINT stores what is in flight, prints the resume command and exits 130', async () => {
    const slow = new FakeOpenAI();
    slow.delayMs = 300;
    await slow.start();
    const dir = tempDir();
    const run = startCli(
      [
        'judge',
        '--preset',
        'arena_hard',
        '--model',
        'm',
        '--base-url',
        slow.url,
        '--baseline',
        'base',
        '--concurrency',
        '4',
        '--outputs',
        ...outputs(dir, 50),
      ],
      { cwd: dir, env: { WINRATE_PROGRESS_MS: '200' } },
    );
    while (slow.requests.length < 12) await new Promise((r) => setTimeout(r, 20));
    run.child.kill('SIGINT');
    const r = await run.done;
    await slow.stop();
    expect(r.status, r.stderr).toBe(130);
    expect(r.stderr).toMatch(
      /arena_hard:m: \d+\/200 \(\d+\.\d%\) \| \d+\.\d\/s \| ETA \S+ \| cost unknown \(no price\) \| ×4/,
    );
    expect(r.stderr).toMatch(
      /\[INTERRUPTED\]: interrupted; \d+ judgments not obtained.*resume with: winrate judge --preset arena_hard/,
    );
    const stored = count(dir, 'SELECT count(*) FROM comparisons');
    // everything the endpoint answered was stored (the in-flight answers were waited for)
    expect(stored).toBe(slow.billed.length);
    expect(stored).toBeGreaterThanOrEqual(12);
    expect(stored).toBeLessThan(200);
  });
});
