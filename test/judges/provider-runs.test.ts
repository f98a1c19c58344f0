import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeOpenAI, type FakeBehaviour } from '../helpers/fake-openai.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';

/** A baseline and one system over `items` questions: 2 × items judgments with arena_hard (both orders). */
function setup(fake: FakeOpenAI, items: number, extra = ''): { dir: string; args: string[] } {
  const dir = tempDir();
  const files = ['base', 'sys'].map((name) => {
    const f = join(dir, `${name}.json`);
    const rows = Array.from({ length: items }, (_, i) => ({
      instruction: `Question ${i}?`,
      output: `${name} answer ${i}${name === 'sys' ? ', a good one' : ''}.`,
      generator: name,
    }));
    writeFileSync(f, JSON.stringify(rows));
    return f;
  });
  writeFileSync(
    join(dir, 'winrate.yaml'),
    `judge: { preset: arena_hard, model: judge-m, base_url: "${fake.url}", concurrency: 4 }\nbaseline: base\n${extra}`,
  );
  return { dir, args: ['judge', '-c', join(dir, 'winrate.yaml'), '--outputs', ...files] };
}

const rows = (dir: string, sql: string): unknown[] => {
  const d = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
  try {
    return d.prepare(sql).all();
  } finally {
    d.close();
  }
};

let fake: FakeOpenAI;
afterEach(() => fake?.stop());

describe('judging against real provider behaviour', () => {
  it('a bad key (401) stops the run at once with exit 9, naming the key variable', async () => {
    fake = new FakeOpenAI(() => ({
      kind: 'status',
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-x', type: 'invalid_request_error' } },
    }));
    await fake.start();
    const { dir, args } = setup(fake, 40);
    const r = await runCliAsync(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(9);
    expect(r.stderr).toMatch(/\[PROVIDER_REFUSED\].*401, bad API key: Incorrect API key provided.*\$OPENAI_API_KEY/);
    // the requests already in flight (concurrency 4), not 80, and not retried
    expect(fake.requests.length).toBeLessThanOrEqual(4);
    expect(rows(dir, 'SELECT * FROM comparisons')).toHaveLength(0);
  });

  it('too long, filtered and truncated answers are stored as failures with their reason; a rerun does not pay again', async () => {
    // question 1: context too long (vLLM), 2: Azure content filter, 3: cut at max_tokens
    const behave = (_n: number, body: { messages: { content: unknown }[] }): FakeBehaviour => {
      const text = JSON.stringify(body.messages);
      if (text.includes('Question 1?'))
        return {
          kind: 'status',
          status: 400,
          body: { object: 'error', message: "This model's maximum context length is 4096 tokens.", code: 400 },
        };
      if (text.includes('Question 2?'))
        return {
          kind: 'status',
          status: 400,
          body: { error: { message: 'The response was filtered (content management policy)', code: 'content_filter' } },
        };
      if (text.includes('Question 3?')) return { kind: 'finish', reason: 'length' };
      return { kind: 'ok' };
    };
    fake = new FakeOpenAI(behave);
    await fake.start();
    const { dir, args } = setup(fake, 6);
    const r = await runCliAsync(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/6 verdicts, 6 unparsed \(stored with their raw text; 6 of them refused, filtered or cut/);
    const failed = rows(
      dir,
      `SELECT i.key, c.rationale, c.raw_output FROM comparisons c JOIN items i ON i.id = c.item_id
      WHERE c.status = 'parse_failed' ORDER BY i.key, c.shown_first`,
    ) as { rationale: string; raw_output: string }[];
    expect(failed.map((f) => f.rationale.replace(/ \(.*|:.*/s, ''))).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    expect(failed[0].rationale).toMatch(/invalid request \(400\): This model's maximum context length/);
    expect(failed[2].rationale).toMatch(/refused by a content filter \(400\)/);
    expect(failed[4].rationale).toMatch(/answer cut at max_tokens \(4096\)/);
    expect(failed[4].raw_output).toMatch(/verdict is \[\[/); // the truncated text is kept, not read
    const sent = fake.requests.length;
    expect(sent).toBe(12);
    const again = await runCliAsync(args, { cwd: dir });
    expect(again.status, again.stderr).toBe(0);
    expect(fake.requests.length).toBe(sent); // nothing asked again
    fake.behave = () => ({ kind: 'ok' });
    const retry = await runCliAsync([...args, '--retry-failed'], { cwd: dir });
    expect(retry.status, retry.stderr).toBe(0);
    expect(fake.requests.length).toBe(sent + 6);
    expect(rows(dir, "SELECT * FROM comparisons WHERE status = 'ok'")).toHaveLength(12);
  });

  it("waits as long as a 429's retry-after-ms says before asking again, and shows the wait", async () => {
    let first = true;
    fake = new FakeOpenAI(() => {
      if (!first) return { kind: 'ok' };
      first = false;
      return {
        kind: 'status',
        status: 429,
        body: { error: { message: 'Rate limit reached for requests', type: 'requests' } },
        headers: { 'retry-after-ms': '1200', 'x-ratelimit-reset-requests': '1s' },
      };
    });
    await fake.start();
    const { dir, args } = setup(fake, 1);
    const r = await runCliAsync(args, { cwd: dir, env: { WINRATE_PROGRESS_MS: '100' } });
    expect(r.status, r.stderr).toBe(0);
    // the rejected prompt was asked again no sooner than 1.2 s later (winrate's own backoff is at most 0.5 s here)
    const prompts = fake.requests.map((q) => JSON.stringify(q.messages).replace(/response-[0-9a-f]{12}/g, ''));
    const again = prompts.indexOf(prompts[0], 1);
    expect(again).toBeGreaterThan(0);
    expect(fake.arrivals[again] - fake.arrivals[0]).toBeGreaterThanOrEqual(1150);
    expect(r.stderr).toMatch(/429s 1 \| last wait 1\.2s/);
  });

  it('a gateway that sends no usage: the cost is the estimate, never $0; unpriced it is unknown', async () => {
    fake = new FakeOpenAI(() => ({ kind: 'no_usage' }));
    await fake.start();
    const { dir, args } = setup(fake, 2, 'prices: { judge-m: { input: 1, output: 2 } }\n');
    const r = await runCliAsync(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const costs = rows(dir, 'SELECT cost FROM judge_cache') as { cost: number }[];
    expect(costs).toHaveLength(4);
    // each call counted at its estimate: prompt at 2 characters a token and max_tokens (4096) of output at $2/1M
    for (const c of costs) expect(c.cost).toBeGreaterThan((4096 * 2) / 1e6);
    const unpriced = setup(fake, 1);
    const u = await runCliAsync(unpriced.args, { cwd: unpriced.dir });
    expect(u.stderr).toMatch(/cost unknown/);
  });
});
