import { randomUUID } from 'node:crypto';
import type { CacheEntry, JudgmentRecord } from './store.js';

/**
 * The cache row that records the cost of an answer paid for although the same prompt's answer was already cached (two
 * processes sent it at once): under a key no prompt hashes to, without a response to reuse, so that the judge's spend
 * (which budgets read) counts every answer the provider billed. Columns in judge_cache's insert order.
 */
export function duplicatePaidRow(r: JudgmentRecord): CacheEntry {
  return {
    key: `paid:${r.cacheKey}:${randomUUID()}`,
    provider: r.provider,
    model: r.model,
    response: '{"paid_twice":true}',
    judge: r.judge ?? null,
    cost: r.cost ?? null,
  };
}

/**
 * The order a judgment's mirror is stored with: A and B exchanged, the same response shown first, so `a` ↔ `b`
 * (unknown stays unknown). A verdict and its mirror are one judgment, whichever side a run called the baseline.
 */
export function mirroredShown(shown: string | null | undefined): string {
  return shown === 'a' ? 'b' : shown === 'b' ? 'a' : '';
}
