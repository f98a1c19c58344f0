import { createHash } from 'node:crypto';
import PQueue from 'p-queue';
import type { Comparison, Grade } from '../core/model.js';
import { judgmentKey, type Store } from '../store/store.js';
import type { JudgingTask } from './plan.js';
import { callCost, DEFAULT_PRICES, type ModelPrice } from './prices.js';
import type { Preset } from './presets/preset.js';
import type { ChatMessage, ChatProvider, ChatResponse } from './providers/provider.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry.js';

/** One judge: a name (its identity in the store), a protocol, and the endpoint and model it calls. */
export interface JudgeSpec {
  name: string;
  preset: Preset;
  provider: ChatProvider;
  model: string;
  temperature?: number;
  maxTokens?: number;
  topLogprobs?: number;
  concurrency: number;
}

/** Options of {@link runJudging}. */
export interface RunOptions {
  retry?: RetryPolicy;
  /** Stop sending new requests once this many dollars are spent (in-flight requests finish). */
  maxCost?: number;
  prices?: Record<string, ModelPrice>;
  /** Ask again for judgments stored as parse failures (bypassing their cached response). */
  retryFailed?: boolean;
  onProgress?: (p: RunProgress) => void;
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
  cost: number;
  promptTokens: number;
  completionTokens: number;
  concurrency: number;
  stoppedByBudget: number;
  /** The last request error that exhausted its retries. */
  lastError?: string;
}

/**
 * Runs a judge over planned tasks, resumably: judgments already stored are skipped; a response already in
 * the content-addressed cache is parsed without a request; every new response is cached and its verdict
 * stored in one transaction as soon as it arrives, so a crash loses at most the requests in flight.
 * Requests retry with backoff (honouring Retry-After); concurrency halves on 429 and creeps back up after
 * successes; `maxCost` stops new requests. A request that still fails is not stored (a rerun will ask again).
 */
export async function runJudging(store: Store, judge: JudgeSpec, tasks: JudgingTask[], o: RunOptions = {}): Promise<RunProgress> {
  const prices = { ...DEFAULT_PRICES, ...o.prices };
  const existing = await store.existingJudgments(judge.name);
  const p: RunProgress = { total: tasks.length, done: 0, skipped: 0, requested: 0, cached: 0, ok: 0, parseFailures: 0, errors: 0, retries: 0, cost: 0, promptTokens: 0, completionTokens: 0, concurrency: judge.concurrency, stoppedByBudget: 0 };
  const queue = new PQueue({ concurrency: judge.concurrency });
  let streak = 0;
  const report = (): void => o.onProgress?.({ ...p, concurrency: queue.concurrency });
  const params = {
    temperature: judge.temperature ?? judge.preset.request.temperature ?? 0,
    maxTokens: judge.maxTokens ?? judge.preset.request.maxTokens,
    topLogprobs: judge.topLogprobs ?? judge.preset.request.topLogprobs,
  };
  for (const task of tasks) {
    const key = task.kind === 'pairwise'
      ? judgmentKey(task.dataset, task.itemKey, task.systemA, task.systemB, task.shownFirst, task.sample)
      : judgmentKey(task.dataset, task.itemKey, task.system, '', 'grade', task.sample);
    const status = existing.get(key);
    if (status === 'ok' || (status === 'parse_failed' && !o.retryFailed)) {
      p.skipped++;
      p.done++;
      continue;
    }
    void queue.add(async () => {
      const messages = buildMessages(judge.preset, task);
      const retryNonce = status === 'parse_failed' ? `retry:${Date.now()}:${Math.random()}` : '';
      const cacheKey = createHash('sha256').update(JSON.stringify({ provider: judge.provider.id, model: judge.model, params, messages, sample: task.sample, retryNonce })).digest('hex');
      let responseJson = retryNonce ? null : await store.cachedResponse(cacheKey);
      let response: ChatResponse;
      let durationMs: number | null = null;
      let cost = 0;
      if (responseJson !== null) {
        response = JSON.parse(responseJson) as ChatResponse;
        p.cached++;
      } else {
        const avg = p.requested > 0 ? p.cost / p.requested : 0;
        if (o.maxCost !== undefined && p.cost + avg * queue.pending >= o.maxCost) {
          p.stoppedByBudget++;
          p.done++;
          report();
          return;
        }
        const t0 = performance.now();
        try {
          response = await withRetries(() => judge.provider.complete({ model: judge.model, messages, ...params }), o.retry ?? DEFAULT_RETRY, (e) => {
            p.retries++;
            if (e.kind === 'rate_limit') {
              queue.concurrency = Math.max(1, Math.floor(queue.concurrency / 2));
              streak = 0;
            }
          });
        } catch (e) {
          p.errors++;
          p.done++;
          p.lastError = e instanceof Error ? e.message : String(e);
          report();
          return;
        }
        durationMs = performance.now() - t0;
        p.requested++;
        if (++streak >= 20 && queue.concurrency < judge.concurrency) {
          queue.concurrency++;
          streak = 0;
        }
        cost = callCost(prices, judge.model, response.promptTokens, response.completionTokens);
        p.cost += cost;
        p.promptTokens += response.promptTokens;
        p.completionTokens += response.completionTokens;
        responseJson = JSON.stringify(response);
      }
      const record = verdictRecord(judge, task, response, { cost, durationMs });
      if (record.comparison?.status === 'parse_failed' || (record.grade && record.grade.score === null)) p.parseFailures++;
      else p.ok++;
      await store.recordJudgment({ cacheKey, provider: judge.provider.id, model: judge.model, response: responseJson, ...record });
      p.done++;
      report();
    });
  }
  report();
  await queue.onIdle();
  report();
  return { ...p, concurrency: queue.concurrency };
}

function buildMessages(preset: Preset, task: JudgingTask): ChatMessage[] {
  if (task.kind === 'grade') {
    if (preset.kind !== 'grade') throw new Error(`preset ${preset.name} is pairwise`);
    return preset.messages({ instruction: task.instruction, output: task.output, reference: task.reference, category: task.category });
  }
  if (preset.kind !== 'pairwise') throw new Error(`preset ${preset.name} grades single answers`);
  const [first, second] = task.shownFirst === 'a' ? [task.outputA, task.outputB] : [task.outputB, task.outputA];
  return preset.messages({ instruction: task.instruction, first, second, reference: task.reference, category: task.category });
}

/** The comparison (oriented to A: pA = P(A wins) whichever was shown first) or grade a response yields. */
function verdictRecord(judge: JudgeSpec, task: JudgingTask, r: ChatResponse, m: { cost: number; durationMs: number | null }): { comparison?: Comparison; grade?: Grade } {
  const common = { promptTokens: r.promptTokens, completionTokens: r.completionTokens, cost: m.cost, durationMs: m.durationMs, source: `judge:${judge.preset.name}` };
  if (task.kind === 'grade') {
    const v = judge.preset.kind === 'grade' ? judge.preset.parse(r) : { ok: false as const, reason: 'not a grading preset' };
    return { grade: { dataset: task.dataset, itemKey: task.itemKey, system: task.system, judge: judge.name, turn: task.sample, score: v.ok ? v.score : null, rawOutput: r.text, source: common.source } };
  }
  const v = judge.preset.kind === 'pairwise' ? judge.preset.parse(r) : { ok: false as const, reason: 'not a pairwise preset' };
  const base = { dataset: task.dataset, itemKey: task.itemKey, systemA: task.systemA, systemB: task.systemB, judge: judge.name, shownFirst: task.shownFirst, sample: task.sample, seq: task.seq, rawOutput: r.text, ...common };
  if (!v.ok) return { comparison: { ...base, status: 'parse_failed', pA: null, label: null, rationale: `unparsed: ${v.reason}` } };
  return { comparison: { ...base, status: 'ok', pA: task.shownFirst === 'a' ? v.pFirst : 1 - v.pFirst, label: v.label, rationale: `verdict from ${v.how}` } };
}
