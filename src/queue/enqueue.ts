import { ArgumentError } from '../core/errors.js';
import { resolvePreset } from '../judges/build.js';
import type { JudgeConfig, JudgeEntry } from '../judges/config.js';
import { canonicalTaskKey, planJudging, storedJudgmentOf } from '../judges/plan.js';
import type { Store } from '../store/store.js';
import { openBoss } from './boss.js';
import { jobId, type JudgeJob } from './job.js';

/** What enqueueing did, per judge. */
export interface EnqueueReport {
  judge: string;
  planned: number;
  /** Already stored with a verdict (or a parse failure, without --retry-failed): nothing to do. */
  stored: number;
  queued: number;
  /** Already in the queue, waiting or being worked on (the same judgment enqueued before). */
  alreadyQueued: number;
  /** Of `queued`: judgments whose earlier job ended unstored (stopped by the budget, failed) and was queued again. */
  requeued: number;
}

/** Options of {@link enqueueJudging}. */
export interface EnqueueOptions {
  queue: string;
  /** How long a worker may hold a job before it is handed to another (a killed worker's jobs come back after it). */
  leaseSeconds: number;
  retryFailed?: boolean;
}

/** A judge's name in the store (its identity), as buildJudges names it. */
export const judgeName = (e: JudgeEntry): string => e.name ?? `${e.preset}:${e.model}`;

/**
 * Plans a run as `winrate judge` does and puts one job per judgment still to make into a pg-boss queue in the store's
 * own database. Job ids derive from the judgment's identity, so enqueueing twice queues nothing new; judgments already
 * stored are not queued. No request is sent and no API key is needed here.
 */
export async function enqueueJudging(
  store: Store,
  url: string,
  config: JudgeConfig,
  o: EnqueueOptions,
): Promise<EnqueueReport[]> {
  if (config.until_decided)
    throw new ArgumentError('--until-decided needs the verdicts as they arrive: run it without --enqueue');
  const dataset = config.dataset ?? (config.outputs.length ? 'alpaca_eval' : undefined);
  const inputs = await store.judgingInputs(dataset);
  const boss = await openBoss(url, o.queue);
  const reports: EnqueueReport[] = [];
  try {
    for (const entry of [...(config.judge ? [config.judge] : []), ...(config.judges ?? [])]) {
      const preset = resolvePreset(entry.preset, config);
      const name = judgeName(entry);
      const tasks = planJudging(inputs, {
        kind: preset.kind,
        baseline: config.baseline,
        systems: config.systems,
        orders: config.orders,
        samples: config.samples,
        seed: config.seed,
        multiTurn: preset.kind === 'grade' && preset.multiTurn,
      });
      const existing = await store.existingJudgments(name);
      const report: EnqueueReport = {
        judge: name,
        planned: tasks.length,
        stored: 0,
        queued: 0,
        alreadyQueued: 0,
        requeued: 0,
      };
      const custom = config.templates?.filter((t) => t.name === entry.preset);
      const jobs: {
        id: string;
        name: string;
        data: JudgeJob;
        expireInSeconds: number;
        retryLimit: number;
        retryDelay: number;
      }[] = [];
      for (const task of tasks) {
        const key = canonicalTaskKey(task);
        const status = storedJudgmentOf(existing, task)?.status;
        if (status === 'ok' || (status === 'parse_failed' && !o.retryFailed)) {
          report.stored++;
          continue;
        }
        const data: JudgeJob = {
          judge: entry,
          templates: custom?.length ? custom : undefined,
          prices: config.prices,
          maxCost: config.max_cost,
          retries: config.retries,
          exactPrompts: config.exact_prompts,
          wasFailed: status === 'parse_failed',
          task,
        };
        jobs.push({
          id: jobId(name, key, status === 'parse_failed' ? `retry:${Date.now()}` : ''),
          name: o.queue,
          data,
          expireInSeconds: o.leaseSeconds,
          retryLimit: 50,
          retryDelay: 1,
        });
      }
      const db = boss.getDb();
      // what a waiting job carries of the config: raising max_cost and enqueueing again reaches jobs still queued
      const carried = JSON.stringify({ maxCost: config.max_cost, prices: config.prices, retries: config.retries });
      for (let i = 0; i < jobs.length; i += 1000) {
        const chunk = jobs.slice(i, i + 1000);
        const ids = chunk.map((j) => j.id);
        // A job that ended without its judgment being stored (stopped by the budget, failed for good) is replaced by
        // a fresh one; jobs still waiting take the new settings; jobs being worked on are left alone.
        const stale = await db.executeSql(
          `DELETE FROM pgboss.job WHERE name = $1 AND id = ANY($2::uuid[]) AND state IN ('completed', 'cancelled', 'failed')`,
          [o.queue, ids],
        );
        const updated = await db.executeSql(
          `UPDATE pgboss.job SET data = (data - 'maxCost' - 'prices' - 'retries') || $3::jsonb
          WHERE name = $1 AND id = ANY($2::uuid[]) AND state IN ('created', 'retry', 'active')
          RETURNING state::text AS state`,
          [o.queue, ids, carried],
        );
        await boss.insert(chunk);
        const live = (updated.rows as { state: string }[]).length;
        report.requeued += (stale as unknown as { rowCount: number }).rowCount ?? 0;
        report.alreadyQueued += live;
        report.queued += chunk.length - live;
      }
      reports.push(report);
    }
  } finally {
    await boss.stop({ graceful: false, close: true, wait: true });
  }
  return reports;
}
