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

describe('the rule at its edges', () => {
  it('waits when the request fits exactly once those in flight settle; refuses a hair beyond', () => {
    expect(holdRule(0.75, 0.5, 0.125, 0.25, 0.01, true)).toBe('wait'); // 0.5 + 0.25 = 0.75 exactly
    expect(holdRule(0.75, 0.5, 0.125, 0.2500001, 0.01, true)).toBe('refuse');
    expect(holdRule(0.75, 0.5, 0, 0.25, 0.01, true)).toBe('grant');
  });
  it('lets the calibrating request go when its prompt fits exactly, not beyond', () => {
    expect(holdRule(1, 0.5, 0, 0.75, 0.5, false)).toBe('grant'); // 0.5 + 0.5 = 1, not over
    expect(holdRule(1, 0.5, 0, 0.75, 0.5000001, false)).toBe('refuse');
  });
});

describe('a budget of one process', () => {
  it('reserves, waits, settles and knows when the cap is reached', async () => {
    const b = new Budget(0.01, PRICE, 0.002, 100); // $0.002 spent before; each request $0.002 uncalibrated
    const held = [1, 2, 3, 4].map(() => b.reserve(1000));
    expect(held.every((r) => r !== null && r !== 'wait' && Math.abs(r.amount - 0.002) < 1e-15)).toBe(true);
    expect(b.reserve(1000)).toBe('wait'); // 0.002 + 4 × 0.002 + 0.002 > 0.01, but fits once they settle
    expect(b.exhausted).toBe(false);
    let woke = false;
    const waiting = b.calibrated().then(() => (woke = true));
    b.settle(held[0] as { amount: number }, 0.003, { promptChars: 1000, promptTokens: 500, completionTokens: 100 });
    await waiting;
    expect(woke).toBe(true);
    expect(b.calibratedYet).toBe(true);
    expect(b.spent).toBeCloseTo(0.005, 15);
    // calibrated estimate: 1000 × 0.5 × 1.05 tokens at $2/1M + 100 at $10/1M = $0.00205; held 3 × $0.002
    expect(b.estimate(1000)).toBeCloseTo(0.00205, 15);
    expect(b.reserve(1000)).toBe('wait'); // 0.005 + 0.006 + 0.00205 > 0.01 ≥ 0.005 + 0.00205
    for (const r of held.slice(1)) b.settle(r as { amount: number }, 0.002);
    expect(b.spent).toBeCloseTo(0.011, 15);
    expect(b.exhausted).toBe(true);
    expect(b.reserve(1000)).toBeNull();
    expect(new Budget(0.011, PRICE, 0.011, 100).exhausted).toBe(true);
    expect(new Budget(undefined, PRICE, 5, 100).exhausted).toBe(false);
  });
  it('without a price estimates nothing; an answer without prompt tokens (a scorer) calibrates nothing', () => {
    const free = new Budget(undefined, undefined, 0, 100);
    expect(free.estimate(1000)).toBe(0);
    const b = new Budget(undefined, PRICE, 0, 100);
    b.learn({ promptChars: 1000, promptTokens: 0, completionTokens: 0 });
    expect(b.calibratedYet).toBe(false);
    expect(b.estimate(1000)).toBeCloseTo((500 * 2 + 100 * 10) / 1e6, 15);
  });
});

describe('a store budget, step by step', () => {
  it('lets the first request go alone when only its prompt fits; counts what it settles; wakes waiters', async () => {
    const s = openStore(join(tempDir(), 'w.db'));
    try {
      // cap $0.0012: the uncalibrated estimate ($0.002) does not fit, the prompt alone ($0.001) does
      const b = new StoreBudget(s, 'j', 0.0012, PRICE, 100, 60);
      const first = await b.reserve(1000);
      expect(first).toMatchObject({ amount: 0.002 });
      expect(await b.reserve(1000)).toBe('wait'); // the calibrating one is in flight
      const wake = b.calibrated().then(() => 'woken');
      await b.settle(first as { amount: number; id: string }, 0.0011, undefined);
      // woken by the settle itself, not by the 200 ms poll: resolved before the next turn of the event loop
      expect(await Promise.race([wake, new Promise((r) => setImmediate(() => r('not yet')))])).toBe('woken');
      expect(b.spent).toBeCloseTo(0.0011, 15);
      const t1 = Date.now();
      await b.calibrated(); // nothing of this process in flight: the poll wakes it
      expect(Date.now() - t1).toBeGreaterThanOrEqual(190);
      // held until its cache row is stored (settled without a key): the next request does not fit
      expect(await b.reserve(10)).toBe('wait');
    } finally {
      await s.close();
    }
  });
});

describe('a budget of one process, each rule on its own', () => {
  it('an uncapped budget grants every request', () => {
    const b = new Budget(undefined, PRICE, 100, 100);
    expect([b.reserve(1000), b.reserve(1000), b.reserve(1000)].every((r) => r !== null && r !== 'wait')).toBe(true);
  });
  it('before any answer one request goes alone if its prompt fits; once calibrated, what does not fit is refused', () => {
    // cap $0.0015, nothing spent: the estimate ($0.002) does not fit, the prompt at 2 chars/token ($0.001) does
    const b = new Budget(0.0015, PRICE, 0, 100);
    const first = b.reserve(1000);
    expect(first).toMatchObject({ amount: 0.002 });
    b.settle(first as { amount: number }, 0, { promptChars: 1000, promptTokens: 250, completionTokens: 100 });
    // calibrated: 1000 × 0.25 × 1.05 tokens ($0.000525) + 100 out ($0.001) = $0.001525 > $0.0015: refused
    expect(b.reserve(1000)).toBeNull();
    // a prompt of 1,600 characters: $0.0016 alone at 2 chars/token, over the cap: even the first is refused
    expect(new Budget(0.0015, PRICE, 0, 100).reserve(1600)).toBeNull();
  });
  it('a settled reservation frees its room', () => {
    const b = new Budget(0.004, PRICE, 0, 100);
    const r1 = b.reserve(1000);
    const r2 = b.reserve(1000);
    expect(b.reserve(1000)).toBe('wait'); // $0.004 held
    b.settle(r1 as { amount: number }, 0);
    b.settle(r2 as { amount: number }, 0);
    expect(b.reserve(1000)).toMatchObject({ amount: 0.002 });
  });
});

describe('after a stall', () => {
  it('new requests hold their worst case and room is kept for those in flight to stall too', () => {
    const b = new Budget(0.05, PRICE, 0, 1000);
    b.learn({ promptChars: 1000, promptTokens: 250, completionTokens: 100 });
    // calibrated: 262.5 prompt tokens ($0.000525) + 100 out ($0.001); worst: 500 + 1,000 tokens = $0.011
    expect(b.worst(1000)).toBeCloseTo(0.011, 15);
    const r1 = b.reserve(1000) as { amount: number; exposure: number };
    expect(r1.amount).toBeCloseTo(0.001525, 15);
    expect(r1.exposure).toBeCloseTo(0.009475, 15);
    const r2 = b.reserve(1000) as { amount: number };
    expect(b.stallReserve()).toBe(0); // no stall yet: nothing kept aside
    b.settle(r2, 0.011, 'aborted');
    expect(b.stallReserve()).toBeCloseTo(0.009475, 15); // r1 may stall too
    expect(b.reserve(1000)).toMatchObject({ amount: 0.011, exposure: 0 }); // 0.011 + (0.001525 + 0.009475) + 0.011
    expect(b.reserve(1000)).toMatchObject({ amount: 0.011 }); // 0.011 + 0.022 + 0.011 = 0.044 ≤ 0.05
    // 0.011 + 0.033 + 0.011 > 0.05: waits (without the room kept for r1 it would go: 0.0455)
    expect(b.reserve(1000)).toBe('wait');
    b.settle(r1, 0.001);
    expect(b.stallReserve()).toBe(0);
  });
});
