import { createHash, randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import { drawNonce } from './boundaries.js';
import type { JudgingTask } from './plan.js';
import type { ChatResponse } from './providers/provider.js';
import type { JudgeSpec } from './run.js';
import { sendWithRetries, type SendContext, type StopReason } from './send.js';
import { answerFailure, buildMessages, taskTexts, verdictRecord } from './verdict.js';

/** Request parameters of a judge: its own settings over its preset's. */
export interface JudgeParams {
  temperature: number;
  maxTokens: number;
  topLogprobs?: number;
}

/** The parameters a judge sends with every request. */
export function judgeParams(judge: JudgeSpec): JudgeParams {
  return {
    temperature: judge.temperature ?? judge.preset.request.temperature ?? 0,
    maxTokens: judge.maxTokens ?? judge.preset.request.maxTokens,
    topLogprobs: judge.topLogprobs ?? judge.preset.request.topLogprobs,
  };
}

/** What judging one task came to. */
export type JudgeOneResult =
  | {
      kind: 'stored';
      cached: boolean;
      unparsed: boolean;
      /** Stored as a failure of the answer itself (refused, filtered, cut at max_tokens), not a parse failure. */
      failed: boolean;
      cost: number | null;
      response: ChatResponse;
      pA: number | null;
    }
  | { kind: 'not_sent'; reason: StopReason }
  | { kind: 'failed'; error: string };

/**
 * The content key of a judgment's response: the canonical prompt (before nonce boundaries) and what shapes the answer.
 */
export function judgmentCacheKey(judge: JudgeSpec, params: JudgeParams, task: JudgingTask, retryNonce = ''): string {
  const messages = buildMessages(judge.preset, task);
  return createHash('sha256')
    .update(
      JSON.stringify({
        provider: judge.provider.id,
        model: judge.model,
        params,
        messages,
        sample: task.sample,
        retryNonce,
      }),
    )
    .digest('hex');
}

/**
 * Judges one task, the same way in a local run and in a queue worker: a response already in the content-addressed
 * cache is parsed without a request (so a judgment delivered twice is paid once when the first answer was stored);
 * otherwise the request goes out with retries, limits and budget ({@link sendWithRetries}), and the response, its
 * cost and the verdict are stored in one transaction (`store` may wrap the write with retries on a lost database).
 */
export async function judgeOne(
  store: Pick<Store, 'cachedResponse' | 'recordJudgment'>,
  judge: JudgeSpec,
  ctx: SendContext,
  task: JudgingTask,
  o: { wasFailed?: boolean; exactPrompts?: boolean } = {},
): Promise<JudgeOneResult> {
  const params = judgeParams(judge);
  const retryNonce = o.wasFailed ? `retry:${Date.now()}:${Math.random()}` : '';
  const cacheKey = judgmentCacheKey(judge, params, task, retryNonce);
  // single-flight: while the same prompt is asked in this process, wait for its answer (then read from the cache)
  const pending = retryNonce ? undefined : ctx.pending;
  for (let p = pending?.get(cacheKey); p; p = pending?.get(cacheKey)) await p;
  let release: (() => void) | undefined;
  pending?.set(cacheKey, new Promise<void>((r) => (release = r)));
  try {
    return await askOrReuse(store, judge, ctx, task, { cacheKey, params, retryNonce, exactPrompts: o.exactPrompts });
  } finally {
    pending?.delete(cacheKey);
    release?.();
  }
}

/** {@link judgeOne} once the prompt is this process's to ask: the cache first, else the provider; then store. */
async function askOrReuse(
  store: Pick<Store, 'cachedResponse' | 'recordJudgment'>,
  judge: JudgeSpec,
  ctx: SendContext,
  task: JudgingTask,
  o: { cacheKey: string; params: JudgeParams; retryNonce: string; exactPrompts?: boolean },
): Promise<JudgeOneResult> {
  const { cacheKey, params } = o;
  let responseJson = o.retryNonce ? null : await store.cachedResponse(cacheKey);
  let response: ChatResponse;
  let durationMs: number | null = null;
  let cost: number | null = 0;
  const cached = responseJson !== null;
  if (responseJson !== null) response = JSON.parse(responseJson) as ChatResponse;
  else {
    const sent = o.exactPrompts
      ? buildMessages(judge.preset, task)
      : buildMessages(judge.preset, task, drawNonce(taskTexts(task)));
    const chars = sent.reduce((n, m) => n + m.content.length, 0);
    const r = await sendWithRetries(ctx, { model: judge.model, messages: sent, ...params }, chars, cacheKey);
    if (r.kind === 'not_sent') return r;
    if (r.kind === 'failed' && !r.error.recorded) return { kind: 'failed', error: r.error.message };
    // a request the provider refuses for its content (too long, filtered) is that judgment's failure: stored, so a
    // plain rerun does not pay to ask again (--retry-failed does)
    if (r.kind === 'failed') response = refusedResponse(r.error.message);
    else ({ response, durationMs, cost } = r);
    responseJson = JSON.stringify(response);
  }
  const record = verdictRecord(judge, task, response, { cost: cost ?? 0, durationMs });
  const unparsed =
    record.comparison?.status === 'parse_failed' || (record.grade !== undefined && record.grade.score === null);
  await store.recordJudgment({
    cacheKey,
    provider: judge.provider.id,
    model: judge.model,
    response: responseJson,
    judge: judge.name,
    cost,
    ...record,
  });
  const failed = answerFailure(response, judge.maxTokens ?? judge.preset.request.maxTokens) !== null;
  return {
    kind: 'stored',
    cached,
    unparsed,
    failed,
    cost: cached ? 0 : cost,
    response,
    pA: record.comparison?.pA ?? null,
  };
}

/** The stored stand-in for an answer the provider refused to give: no text, no tokens, its message. */
function refusedResponse(message: string): ChatResponse {
  return { text: '', topLogprobs: null, promptTokens: 0, completionTokens: 0, finishReason: 'error', error: message };
}

/**
 * Records in the store what a request aborted after it was sent is counted at (its worst case; the provider bills
 * what it generated): a cache row of its own under a key no prompt hashes to, with no response to reuse, which the
 * judge's spend sums like any paid call, so later runs' budgets and the queue's shared budget count it.
 */
export async function recordAbortedSpend(
  store: Pick<Store, 'importBatch'>,
  judge: Pick<JudgeSpec, 'name' | 'model' | 'provider'>,
  cost: number,
  key = `aborted:${randomUUID()}`,
): Promise<void> {
  await store.importBatch({
    items: [],
    responses: [],
    comparisons: [],
    cache: [
      {
        key,
        provider: judge.provider.id,
        model: judge.model,
        response: '{"aborted":true}',
        judge: judge.name,
        cost,
      },
    ],
  });
}
