import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';

const PRICE = { input: 3, output: 6 }; // USD per 1M tokens

/** model_outputs files of a baseline and the given systems over `items` questions; `same` systems answer alike. */
function outputs(dir: string, items: number, systems: string[], same = false): string[] {
  return ['base', ...systems].map((name) => {
    const f = join(dir, `${name}.json`);
    const rows = Array.from({ length: items }, (_, i) => ({
      instruction: `Question ${i}: ${'explain the matter. '.repeat(1 + (i % 4))}`,
      output: `${same && name !== 'base' ? 'a system' : name} answers ${i}. ${'Words. '.repeat(1 + (i % 6))}`,
      generator: name,
    }));
    writeFileSync(f, JSON.stringify(rows));
    return f;
  });
}

function config(dir: string, url: string, extra: string): string {
  const f = join(dir, 'winrate.yaml');
  writeFileSync(
    f,
    `judge: { preset: arena_hard, model: priced, base_url: "${url}", concurrency: 8, timeout_ms: 400 }\n` +
      `baseline: base\nprices: { priced: { input: ${PRICE.input}, output: ${PRICE.output} } }\n${extra}`,
  );
  return f;
}

const storeSpend = (dir: string): number => {
  const d = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
  try {
    return d.prepare('SELECT coalesce(sum(cost), 0) FROM judge_cache').pluck().get() as number;
  } finally {
    d.close();
  }
};

const callCost = (u: { promptTokens: number; completionTokens: number }): number =>
  (u.promptTokens * PRICE.input + u.completionTokens * PRICE.output) / 1e6;

let fake: FakeOpenAI;
afterEach(() => fake?.stop());

describe('a max_cost held in the store', () => {
  it('two judge processes at once on one SQLite store spend one cap between them, not one each', async () => {
    fake = new FakeOpenAI();
    fake.delayMs = 15;
    await fake.start();
    const dir = tempDir();
    const cfg = config(dir, fake.url, 'max_cost: 0.3\n');
    const files = outputs(dir, 150, ['one', 'two', 'three']);
    await runCliAsync(['import', 'alpaca-eval', ...files], { cwd: dir });
    const [a, b] = await Promise.all([
      runCliAsync(['judge', '-c', cfg, '--outputs', ...files], { cwd: dir }),
      runCliAsync(['judge', '-c', cfg, '--outputs', ...files], { cwd: dir }),
    ]);
    expect([a.status, b.status], a.stderr + b.stderr).toEqual([4, 4]);
    const bill = fake.bill(PRICE);
    const biggest = Math.max(...fake.billed.map(callCost));
    console.log(`two processes, cap $0.30: billed $${bill.toFixed(4)} over ${fake.billed.length} calls`);
    // each process may send its first, uncalibrated request alone: at most two calls over (each had a cap before)
    expect(bill).toBeLessThanOrEqual(0.3 + 2 * biggest);
    expect(bill).toBeGreaterThan(0.3 - 2 * biggest);
    expect(storeSpend(dir)).toBeCloseTo(bill, 9);
  }, 120_000);

  it('requests that time out are billed by the provider: the store counts them, the cap holds within one call', async () => {
    // a quarter of the requests stall past the 400 ms deadline; the fake bills each one its prompt + max_tokens
    fake = new FakeOpenAI((n) => (n % 4 === 0 ? { kind: 'stall', ms: 1500 } : { kind: 'ok' }));
    fake.billAborted = true;
    fake.delayMs = 10;
    await fake.start();
    const dir = tempDir();
    const cfg = config(dir, fake.url, 'max_cost: 0.3\nretries: 2\n');
    const r = await runCliAsync(['judge', '-c', cfg, '--outputs', ...outputs(dir, 150, ['one', 'two'])], { cwd: dir });
    expect(r.status, r.stderr).toBe(4);
    await new Promise((res) => setTimeout(res, 1600)); // the last stalls end (and are billed) on the provider's side
    const bill = fake.bill(PRICE);
    const biggest = Math.max(...fake.billed.map(callCost));
    console.log(`stalls billed, cap $0.30: billed $${bill.toFixed(4)}, store $${storeSpend(dir).toFixed(4)}`);
    expect(fake.billed.some((u) => u.completionTokens > 1000)).toBe(true); // aborted requests were billed
    // After the first stall, each request holds its worst case and room is kept for those in flight to stall too: the
    // cap holds within one call (before: $0.454 for this cap, aborted requests in flight counted at their estimate)
    expect(bill).toBeLessThanOrEqual(0.3 + biggest);
    expect(bill).toBeGreaterThan(0.3 - 3 * biggest); // and it is spent, not refused early
    // the store counts an aborted request at its worst case, so it never says less than the provider billed
    expect(storeSpend(dir)).toBeGreaterThanOrEqual(bill - 1e-9);
    expect(storeSpend(dir)).toBeLessThanOrEqual(0.3 + biggest);
  }, 120_000);

  it('sends a prompt in flight once: two systems with the same answers cost one request per prompt', async () => {
    fake = new FakeOpenAI();
    fake.delayMs = 80;
    await fake.start();
    const dir = tempDir();
    const cfg = config(dir, fake.url, '');
    const r = await runCliAsync(['judge', '-c', cfg, '--outputs', ...outputs(dir, 20, ['one', 'copy'], true)], {
      cwd: dir,
    });
    expect(r.status, r.stderr).toBe(0);
    // 20 questions × 2 systems × 2 orders = 80 judgments over 40 distinct prompts
    expect(fake.requests.length).toBe(40);
    const d = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
    try {
      expect(d.prepare('SELECT count(*) FROM comparisons').pluck().get()).toBe(80);
      expect(d.prepare('SELECT count(*) FROM judge_cache').pluck().get()).toBe(40);
    } finally {
      d.close();
    }
    expect(storeSpend(dir)).toBeCloseTo(fake.bill(PRICE), 9);
  }, 60_000);
});
