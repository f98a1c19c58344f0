import { ArgumentError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { Budget } from './budget.js';
import { StoreBudget } from './store-budget.js';
import { AdaptiveLimiter } from './limiter.js';
import { storedJudgmentOf, type JudgingTask } from './plan.js';
import { DEFAULT_PRICES, type ModelPrice } from './prices.js';
import type { Preset } from './presets/preset.js';
import type { ChatProvider } from './providers/provider.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import type { SendContext } from './send.js';
import { judgeOne, judgeParams, recordAbortedSpend } from './judge-one.js';
import type { UntilDecided } from './until-decided.js';

/** One judge: a name (its identity in the store), a protocol, and the endpoint and model it calls. */
export interface JudgeSpec {
  name: string;
  preset: Preset;
  provider: ChatProvider;
  model: string;
  temperature?: number;
  maxTokens?: number;
  topLogprobs?: number;
  /** The most requests in flight; the limiter adapts below it when the provider answers 429. */
  concurrency: number;
  /** Deadline of one request in ms (default 120 000); a request past it is aborted and retried. */
  timeoutMs?: number;
}

/** Options of {@link runJudging}. */
export interface RunOptions {
  retry?: RetryPolicy;
  /** Hard cap in USD on what this judge's calls cost in this store, across runs (needs a price for the model). */
  maxCost?: number;
  prices?: Record<string, ModelPrice>;
  /** Ask again for judgments stored as parse failures (bypassing their cached response). */
  retryFailed?: boolean;
  onProgress?: (p: RunProgress) => void;
  /** Aborting it stops sending; requests in flight get `graceMs` (default 5 000) to finish and be stored. */
  signal?: AbortSignal;
  graceMs?: number;
  /** Send the published prompts exactly, without per-request nonce boundaries around outputs (default false). */
  exactPrompts?: boolean;
  /** Sequential stopping: pairwise judgments of a system already decided are not asked (they count as done). */
  untilDecided?: UntilDecided;
}

/** Live counters of a run. */
export interface RunProgress {
  total: number;
  done: number;
  skipped: number;
  requested: number;
  cached: number;
  ok: number;
  parseFailures: number;
  errors: number;
  retries: number;
  /** USD spent by this run (priced models only). */
  cost: number;
  /** USD this judge spent in the store, earlier runs included. */
  spent: number;
  /** False when the model has no known price: costs are unknown, not zero. */
  priced: boolean;
  maxCost?: number;
  promptTokens: number;
  completionTokens: number;
  concurrency: number;
  /** 429 answers seen, and how often the limiter lowered the concurrency. */
  rateLimited: number;
  decreases: number;
  /** Judgments not asked because their system was already decided (`untilDecided`). */
  decidedSkipped: number;
  /** Judgments not sent because the run stopped (budget or interrupt). */
  notSent: number;
  stoppedByBudget: number;
  /** `provider`: it refused the key, the credit or the model (401, 402, 403, 404), so nothing else could succeed. */
  stopReason: 'budget' | 'interrupted' | 'provider' | null;
  /**
   * Of the unparsed: answers that are failures in themselves, stored as such (refused as invalid or by a content
   * filter, cut at max_tokens).
   */
  failedAnswers: number;
  /** The wait before the last retry (ms; the server's retry hint when it sent one). */
  lastWaitMs: number;
  /** Of the planned judgments: how many have a verdict, and how many a stored parse failure (this run or before). */
  verdicts: number;
  unparsed: number;
  /** The last request error that exhausted its retries. */
  lastError?: string;
  startedAt: number;
}

/**
 * Runs a judge over planned tasks, resumably: judgments already stored are skipped; a response already in
 * the content-addressed cache (keyed by the canonical prompt, before the per-request nonce boundaries are added) is
 * parsed without a request; every new response is cached with its cost and its
 * verdict stored in one transaction as soon as it arrives, so a crash loses at most the requests in flight.
 * Concurrency adapts to the provider (AIMD, {@link AdaptiveLimiter}); each request has a deadline; `maxCost` is
 * a hard cap over this judge's spend in the store, held there before each request ({@link StoreBudget}) so that runs
 * in other processes share it. A request that
 * still fails is not stored (a rerun will ask again).
 */
export async function runJudging(
  store: Store,
  judge: JudgeSpec,
  tasks: JudgingTask[],
  o: RunOptions = {},
): Promise<RunProgress> {
  const prices = { ...DEFAULT_PRICES, ...o.prices };
  const price = prices[judge.model];
  if (o.maxCost !== undefined && !price) {
    throw new ArgumentError(
      `max_cost is set but model "${judge.model}" has no known price: add it under \`prices:\` in the config ` +
        `(prices: { "${judge.model}": { input: USD per 1M prompt tokens, output: USD per 1M completion tokens } }); nothing was sent`,
    );
  }
  const existing = await store.existingJudgments(judge.name);
  const spentBefore = (await store.judgeSpend(judge.name)).cost;
  const params = judgeParams(judge);
  const timeoutMs = judge.timeoutMs ?? 120_000;
  // a cap is held in the store, shared with every other process judging with it; without one, nothing is held
  const budget =
    o.maxCost !== undefined && price
      ? new StoreBudget(store, judge.name, o.maxCost, price, params.maxTokens, Math.ceil(timeoutMs / 1000) + 60)
      : new Budget(undefined, price, spentBefore, params.maxTokens);
  budget.spent = spentBefore;
  const limiter = new AdaptiveLimiter(judge.concurrency);
  const p: RunProgress = {
    total: tasks.length,
    done: 0,
    skipped: 0,
    requested: 0,
    cached: 0,
    ok: 0,
    parseFailures: 0,
    errors: 0,
    retries: 0,
    cost: 0,
    spent: spentBefore,
    priced: price !== undefined,
    maxCost: o.maxCost,
    promptTokens: 0,
    completionTokens: 0,
    concurrency: limiter.limit,
    rateLimited: 0,
    decreases: 0,
    decidedSkipped: 0,
    notSent: 0,
    stoppedByBudget: 0,
    stopReason: null,
    failedAnswers: 0,
    lastWaitMs: 0,
    verdicts: 0,
    unparsed: 0,
    startedAt: Date.now(),
  };
  const report = (): void => {
    Object.assign(p, {
      concurrency: limiter.limit,
      rateLimited: limiter.counts.rateLimited,
      decreases: limiter.counts.decreases,
      spent: budget.spent,
    });
    o.onProgress?.({ ...p });
  };
  const todo: { task: JudgingTask; wasFailed: boolean }[] = [];
  for (const task of tasks) {
    const stored = storedJudgmentOf(existing, task);
    const status = stored?.status;
    if (status === 'ok' || (status === 'parse_failed' && !o.retryFailed)) {
      p.skipped++;
      p.done++;
      if (status === 'ok') {
        p.verdicts++;
        if (task.kind === 'pairwise' && stored?.pA !== null && stored?.pA !== undefined)
          o.untilDecided?.record(task.systemB, task.itemKey, task.shownFirst, 1 - stored.pA);
      } else p.unparsed++;
    } else todo.push({ task, wasFailed: status === 'parse_failed' });
  }
  const inFlight = new Set<AbortController>();
  let graceTimer: NodeJS.Timeout | undefined;
  const onAbort = (): void => {
    p.stopReason ??= 'interrupted';
    graceTimer = setTimeout(() => inFlight.forEach((ac) => ac.abort('interrupt')), o.graceMs ?? 5000);
  };
  if (o.signal?.aborted) onAbort();
  else o.signal?.addEventListener('abort', onAbort, { once: true });
  const ctx: SendContext = {
    provider: judge.provider,
    limiter,
    budget,
    price,
    policy: o.retry ?? DEFAULT_RETRY,
    timeoutMs,
    stopped: () => p.stopReason,
    stopForBudget: () => (p.stopReason ??= 'budget'),
    stopForProvider: (e) => {
      p.stopReason ??= 'provider';
      p.lastError = e.message;
    },
    inFlight,
    onRetry: (_e, waitMs) => {
      p.retries++;
      p.lastWaitMs = waitMs;
    },
    onAbortedCost: async (cost, key) => {
      p.cost += cost;
      await recordAbortedSpend(store, judge, cost, key);
    },
    pending: new Map(),
  };

  const judgeTask = async ({ task, wasFailed }: { task: JudgingTask; wasFailed: boolean }): Promise<boolean> => {
    const r = await judgeOne(store, judge, ctx, task, { wasFailed, exactPrompts: o.exactPrompts });
    if (r.kind === 'not_sent') {
      p.notSent++;
      return false;
    }
    if (r.kind === 'failed') {
      p.errors++;
      p.lastError = r.error;
      return true;
    }
    if (r.cached) p.cached++;
    else {
      p.requested++;
      p.cost += r.cost ?? 0;
      p.promptTokens += r.response.promptTokens;
      p.completionTokens += r.response.completionTokens;
    }
    if (r.unparsed) {
      p.parseFailures++;
      p.unparsed++;
      if (r.failed) p.failedAnswers++;
    } else {
      p.ok++;
      p.verdicts++;
      if (task.kind === 'pairwise' && r.pA !== null)
        o.untilDecided?.record(task.systemB, task.itemKey, task.shownFirst, 1 - r.pA);
    }
    return true;
  };

  let next = 0;
  const lane = async (): Promise<void> => {
    while (!p.stopReason && next < todo.length) {
      const t = todo[next++];
      if (next >= todo.length) limiter.draining = true;
      if (t.task.kind === 'pairwise' && o.untilDecided?.decided(t.task.systemB)) {
        p.decidedSkipped++;
        p.done++;
        continue;
      }
      if (await judgeTask(t)) p.done++;
      report();
    }
  };
  const progressTimer = setInterval(report, 1000);
  report();
  try {
    await Promise.all(
      Array.from({ length: Math.min(todo.length, judge.concurrency + Math.max(judge.concurrency, 32)) }, lane),
    );
  } finally {
    clearInterval(progressTimer);
    clearTimeout(graceTimer);
    o.signal?.removeEventListener('abort', onAbort);
  }
  p.notSent += todo.length - next;
  if (p.stopReason === 'budget') p.stoppedByBudget = p.notSent;
  report();
  return { ...p };
}
