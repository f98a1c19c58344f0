import { describe, expect, it } from 'vitest';
import { ABORT_WINDOW, Budget, holdRule } from '../../src/judges/budget.js';
import { StoreBudget } from '../../src/judges/store-budget.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';
import { join } from 'node:path';

const PRICE = { input: 2, output: 10 }; // USD per 1M tokens

describe('the hold rule of a budget', () => {
  // cap $1: a request estimated at $0.10
  it('grants what fits, waits for requests in flight when only they are in the way, refuses what cannot fit', () => {
    expect(holdRule(1, 0.5, 0.4, 0.1, 0.01, true)).toBe('grant'); // 0.5 + 0.4 + 0.1 = 1.0 fits exactly
    expect(holdRule(1, 0.5, 0.41, 0.1, 0.01, true)).toBe('wait'); // 1.01 > 1, but 0.5 + 0.1 fits once they settle
    expect(holdRule(1, 0.91, 0.05, 0.1, 0.01, true)).toBe('refuse'); // 0.91 + 0.1 > 1 whatever settles
    expect(holdRule(1, 0.91, 0, 0.1, 0.01, true)).toBe('refuse');
  });

  it('before any answer, one request may go alone if its prompt fits; with others in flight it waits', () => {
    expect(holdRule(1, 0.95, 0, 0.1, 0.01, false)).toBe('grant'); // 0.95 + 0.01 ≤ 1: learn the real size
    expect(holdRule(1, 0.95, 0.02, 0.1, 0.01, false)).toBe('wait');
    expect(holdRule(1, 0.995, 0, 0.1, 0.01, false)).toBe('refuse'); // even the prompt does not fit
  });
});

describe('estimates of a request', () => {
  it('learn from answers, and hold the worst case for the next requests after one was aborted', () => {
    const b = new Budget(undefined, PRICE, 0, 1000);
    // uncalibrated: 2 characters a token, max_tokens out: 4000 chars → 2000 + 1000 tokens
    expect(b.estimate(4000)).toBeCloseTo((2000 * 2 + 1000 * 10) / 1e6, 12);
    // two answers: 4000 chars were 1000 tokens (ratio 0.25, +5%), completions 100 and 300 (mean 200, sd 100)
    b.learn({ promptChars: 4000, promptTokens: 1000, completionTokens: 100 });
    b.learn({ promptChars: 4000, promptTokens: 1000, completionTokens: 300 });
    const calibrated = (4000 * 0.25 * 1.05 * 2 + (200 + 2 * 100) * 10) / 1e6;
    expect(b.estimate(4000)).toBeCloseTo(calibrated, 12);
    b.learn('aborted');
    const worst = (2000 * 2 + 1000 * 10) / 1e6;
    expect(b.estimate(4000)).toBeCloseTo(worst, 12);
    for (let i = 0; i < ABORT_WINDOW - 1; i++)
      b.learn({ promptChars: 4000, promptTokens: 1000, completionTokens: 200 });
    expect(b.estimate(4000)).toBeCloseTo(worst, 12);
    b.learn({ promptChars: 4000, promptTokens: 1000, completionTokens: 200 });
    expect(b.estimate(4000)).toBeLessThan(worst / 2); // the window has passed: back to the learnt estimate
  });
});

describe('a budget held in a SQLite store', () => {
  it('two budgets on one store share the cap; a settled cost counts once its cache row is stored', async () => {
    const path = join(tempDir(), 'w.db');
    const s1 = openStore(path);
    const s2 = openStore(path);
    try {
      const a = new StoreBudget(s1, 'j', 0.01, PRICE, 100, 60);
      const b = new StoreBudget(s2, 'j', 0.01, PRICE, 100, 60);
      // each request: 1000 chars → 500 tokens ($0.001) + 100 out ($0.001) = $0.002 uncalibrated
      const held = [];
      for (let i = 0; i < 5; i++) held.push(await (i % 2 ? b : a).reserve(1000));
      expect(held.every((r) => r !== null && r !== 'wait')).toBe(true); // 5 × $0.002 = $0.01: exactly the cap
      expect(await a.reserve(1000)).toBe('wait'); // in flight elsewhere: uncalibrated, it waits for them
      const first = held[0] as { amount: number; id: string };
      await a.settle(first, 0.0015, { promptChars: 1000, promptTokens: 500, completionTokens: 50 }, 'k1');
      // still held at its billed cost until the cache row is stored: $0.0015 + 4 × $0.002 = $0.0095 held
      expect((await s1.judgeSpend('j')).cost).toBe(0);
      await s1.importBatch({
        items: [],
        responses: [],
        comparisons: [],
        cache: [{ key: 'k1', provider: 'p', model: 'm', response: '{}', judge: 'j', cost: 0.0015 }],
      });
      expect((await s2.judgeSpend('j')).cost).toBeCloseTo(0.0015, 12);
      // a calibrated estimate: 1000 chars × 0.5 tok/char × 1.05 = 525 tokens ($0.00105) + 50 out ($0.0005)
      expect(a.estimate(1000)).toBeCloseTo(0.00155, 12);
      // spent 0.0015 + held 0.008 + 0.00155 = 0.01105 > 0.01, but 0.0015 + 0.00155 fits: wait for those in flight
      expect(await a.reserve(1000)).toBe('wait');
      for (const r of held.slice(1)) await (held.indexOf(r) % 2 ? b : a).settle(r as { amount: number }, 0);
      expect(await a.reserve(1000)).not.toBe('wait');
    } finally {
      await s1.close();
      await s2.close();
    }
  });
});
