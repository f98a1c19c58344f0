import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Budget } from '../../src/judges/budget.js';
import { AdaptiveLimiter } from '../../src/judges/limiter.js';
import { OpenAIProvider } from '../../src/judges/providers/openai-provider.js';
import { sendWithRetries, type SendContext } from '../../src/judges/send.js';
import { leased } from '../../src/queue/worker.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, tempDir } from '../helpers/cli.js';

const fake = new FakeOpenAI();
beforeAll(() => fake.start());
afterAll(() => fake.stop());

/** A judge's context against the local endpoint: 2 s deadline, no budget, retries that fail fast. */
function context(): SendContext {
  return {
    provider: new OpenAIProvider({ baseURL: fake.url }),
    limiter: new AdaptiveLimiter(4),
    budget: new Budget(undefined, undefined, 0, 100),
    price: undefined,
    policy: { retries: 2, baseMs: 10, maxMs: 20 },
    timeoutMs: 2000,
    stopped: () => null,
    stopForBudget: () => undefined,
    inFlight: new Set(),
    onRetry: () => undefined,
  };
}
const request = {
  model: 'm',
  messages: [{ role: 'user' as const, content: 'Which is better, A or B?' }],
  temperature: 0,
  maxTokens: 10,
};

describe('a queue job held to its lease', () => {
  it('sends no attempt that could outlive the lease, and sends as usual within it', async () => {
    const before = fake.requests.length;
    // 3 s of lease, a 2 s deadline and 2 s of margin: no attempt fits, so none goes out and the job goes back
    const short = await sendWithRetries(leased(context(), { expireInSeconds: 3 }, Date.now()), request, 30);
    expect(short).toEqual({ kind: 'not_sent', reason: 'lease' });
    expect(fake.requests.length).toBe(before);
    // a lease fetched long ago has ended too
    const old = await sendWithRetries(leased(context(), { expireInSeconds: 60 }, Date.now() - 60_000), request, 30);
    expect(old).toMatchObject({ kind: 'not_sent', reason: 'lease' });
    const fresh = await sendWithRetries(leased(context(), { expireInSeconds: 60 }, Date.now()), request, 30);
    expect(fresh.kind).toBe('ok');
    expect(fake.requests.length).toBe(before + 1);
    // the run's own stop (budget, interrupt) still comes first
    const ctx = { ...context(), stopped: () => 'budget' as const };
    expect(await sendWithRetries(leased(ctx, { expireInSeconds: 60 }, Date.now()), request, 30)).toEqual({
      kind: 'not_sent',
      reason: 'budget',
    });
  });

  it('refuses to enqueue with a lease no attempt fits in, naming the deadline (before touching the store)', () => {
    const cfg = join(tempDir(), 'winrate.yaml');
    writeFileSync(
      cfg,
      'judge: { preset: arena_hard, model: judge-1, base_url: "http://127.0.0.1:9", timeout_ms: 30000 }\n',
    );
    const r = runCli(['--db', 'postgres://127.0.0.1:9/none', 'judge', '-c', cfg, '--enqueue', '--lease', '20']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('--lease 20 s is too short for a request deadline of 30 s (timeout_ms)');
    expect(r.stderr).toContain('give at least 33 s');
  });
});
