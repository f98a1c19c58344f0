import { randomUUID } from 'node:crypto';
import type { BudgetGate } from './budget.js';
import type { AdaptiveLimiter } from './limiter.js';
import { costAt, type ModelPrice } from './prices.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './providers/provider.js';
import { backoffMs, type RetryPolicy } from './retry.js';

/** What one request needs around it: the provider, the shared limiter and budget, and the run's stop state. */
export interface SendContext {
  provider: ChatProvider;
  limiter: AdaptiveLimiter;
  budget: BudgetGate;
  /**
   * Request slots shared with other processes (distributed workers), taken around each attempt after the local
   * limiter's.
   */
  slots?: { acquire(): Promise<number>; release(slot: number): Promise<void> };
  price: ModelPrice | undefined;
  policy: RetryPolicy;
  /** Deadline of one attempt; past it the request is aborted and retried like a 5xx. */
  timeoutMs: number;
  /**
   * Why the run stopped sending, if it did. `lease`: a queue worker's job would outlive its lease with one more attempt
   * (another worker would take it over and pay again): it is given back to the queue instead.
   */
  stopped: () => StopReason | null;
  stopForBudget: () => void;
  /** A failure no other request can escape (bad key, no access, unknown model): the run stops sending at once. */
  stopForProvider?: (e: ProviderError) => void;
  /** Controllers of the requests in flight, so an interrupt can abort them after its grace period. */
  inFlight: Set<AbortController>;
  /** A retryable failure, and how long the request now waits (the server's retry hint when it sent one). */
  onRetry: (e: ProviderError, waitMs: number) => void;
  /**
   * The cost counted for a request aborted after it was sent (the provider bills what it generated): the run adds it
   * to its spend and records it in the store, so that later runs' budgets count it too.
   */
  onAbortedCost?: (cost: number, cacheKey: string) => void | Promise<void>;
  /**
   * Requests in flight by cache key (single-flight): a judgment whose identical prompt is already being asked waits for
   * that answer and reads it from the cache, so one prompt is paid once.
   */
  pending?: Map<string, Promise<unknown>>;
}

/**
 * Why requests stopped going out: the budget, an interrupt, the provider refusing the key or the model, or (one job of
 * a queue worker) its lease ending.
 */
export type StopReason = 'budget' | 'interrupted' | 'provider' | 'lease';

/** The outcome of sending one judge request with retries. */
export type SendResult =
  | { kind: 'ok'; response: ChatResponse; cost: number | null; durationMs: number }
  | { kind: 'failed'; error: ProviderError }
  | { kind: 'not_sent'; reason: StopReason };

/** 429s do not use up `retries` (nothing was processed or billed) until this many. */
const MAX_RATE_LIMITED = 40;

/**
 * Sends one request: each attempt takes a limiter slot and a budget reservation, has a deadline (an
 * AbortSignal), and gives both back when it ends; backoff between attempts (Retry-After when sent) holds no
 * slot. Retries 429s, 5xx, timeouts, network errors and malformed bodies; a 4xx is final.
 */
export async function sendWithRetries(
  ctx: SendContext,
  request: ChatRequest,
  promptChars: number,
  /** The cache row the answer will be stored under (a shared budget keeps the cost held until it is). */
  cacheKey?: string,
): Promise<SendResult> {
  let failures = 0;
  let rateLimited = 0;
  for (;;) {
    const stop = ctx.stopped();
    if (stop) return { kind: 'not_sent', reason: stop };
    const ticket = await ctx.limiter.acquire();
    const reservation = ctx.stopped() ? null : await ctx.budget.reserve(promptChars);
    if (reservation === 'wait') {
      ctx.limiter.release(ticket, 'neutral');
      await ctx.budget.calibrated();
      continue;
    }
    if (!reservation) {
      ctx.limiter.release(ticket, 'neutral');
      if (!ctx.stopped()) ctx.stopForBudget();
      return { kind: 'not_sent', reason: ctx.stopped() ?? 'budget' };
    }
    const slot = await ctx.slots?.acquire();
    const late = ctx.stopped(); // waiting for a slot may have taken a job's lease
    if (late) {
      if (slot !== undefined) await ctx.slots?.release(slot);
      await ctx.budget.settle(reservation, 0);
      ctx.limiter.release(ticket, 'neutral');
      return { kind: 'not_sent', reason: late };
    }
    const ac = new AbortController();
    ctx.inFlight.add(ac);
    const timer = setTimeout(() => ac.abort('deadline'), ctx.timeoutMs);
    const t0 = performance.now();
    let error: ProviderError;
    try {
      const response = await ctx.provider.complete({ ...request, signal: ac.signal });
      const durationMs = performance.now() - t0;
      // without usage (some gateways) the cost is the estimate held for it: unknown is never $0
      const cost = !ctx.price
        ? null
        : response.usageMissing
          ? reservation.amount
          : costAt(ctx.price, response.promptTokens, response.completionTokens);
      const usage = { promptChars, promptTokens: response.promptTokens, completionTokens: response.completionTokens };
      await ctx.budget.settle(reservation, cost ?? 0, response.usageMissing ? undefined : usage, cacheKey);
      ctx.limiter.release(ticket, 'ok');
      return { kind: 'ok', response, cost, durationMs };
    } catch (e) {
      error = ac.signal.aborted
        ? new ProviderError(
            ac.signal.reason === 'deadline' ? `request timed out after ${ctx.timeoutMs} ms` : 'interrupted',
            ac.signal.reason === 'deadline' ? 'timeout' : 'client',
          )
        : e instanceof ProviderError
          ? e
          : new ProviderError(e instanceof Error ? e.message : String(e), 'network');
    } finally {
      clearTimeout(timer);
      ctx.inFlight.delete(ac);
      if (slot !== undefined) await ctx.slots?.release(slot);
    }
    // A request aborted after it went out (its deadline, an interrupt) was processed and is billed for what was
    // generated, though no usage comes back: count the worst case, its prompt at 2 characters a token (more tokens
    // than real text has) and the request's max output tokens, against the budget and in the run's spend.
    const aborted = error.kind === 'timeout' || error.message === 'interrupted';
    const billed = aborted ? abortedCost(ctx, request, promptChars, reservation.amount) : 0;
    const abortedKey = `aborted:${reservation.id ?? randomUUID()}`;
    await ctx.budget.settle(reservation, billed, aborted ? 'aborted' : undefined, abortedKey);
    if (billed > 0) await ctx.onAbortedCost?.(billed, abortedKey);
    ctx.limiter.release(ticket, error.kind === 'rate_limit' ? 'rate_limit' : 'neutral');
    if (error.message === 'interrupted') return { kind: 'not_sent', reason: 'interrupted' };
    if (error.fatal) {
      ctx.stopForProvider?.(error);
      return { kind: 'failed', error };
    }
    const attempt = error.kind === 'rate_limit' && rateLimited < MAX_RATE_LIMITED ? rateLimited++ : failures++;
    if (!error.retryable || failures > ctx.policy.retries) return { kind: 'failed', error };
    const wait = backoffMs(ctx.policy, Math.min(attempt, 10), error);
    ctx.onRetry(error, wait);
    await sleep(wait, ctx);
  }
}

/** Waits, but wakes early when the run stops (an interrupt, the budget, a refusing provider, a lease ending). */
async function sleep(ms: number, ctx: SendContext): Promise<void> {
  const step = 100;
  for (let left = ms; left > 0 && ctx.stopped() === null; left -= step) {
    await new Promise((r) => setTimeout(r, Math.min(step, left)));
  }
}

/** The worst-case bill of an aborted request: its prompt at 2 characters a token plus its max output tokens. */
function abortedCost(ctx: SendContext, request: ChatRequest, promptChars: number, reserved: number): number {
  if (!ctx.price) return 0;
  return Math.max(reserved, costAt(ctx.price, promptChars / 2, request.maxTokens ?? 0));
}
