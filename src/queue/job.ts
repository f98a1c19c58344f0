import { createHash } from 'node:crypto';
import type { JudgeConfig, JudgeEntry } from '../judges/config.js';
import type { JudgingTask } from '../judges/plan.js';

/** The queue judging jobs go to unless `--queue` names another. */
export const DEFAULT_QUEUE = 'winrate-judge';

/**
 * Room a worker leaves at a job's lease end after an attempt's deadline (clocks, the fetch's own time): an attempt
 * starts only if its deadline falls before the lease end minus this, so a lease must exceed a request's deadline by
 * at least this much for any job to be judged.
 */
export const LEASE_MARGIN_MS = 2000;

/**
 * One judgment to make, as it travels through the queue: everything a worker needs except secrets (an API key is read
 * from the worker's environment, named by `judge.api_key_env`).
 */
export interface JudgeJob {
  judge: JudgeEntry;
  /** The config's custom templates, when the judge's preset is one. */
  templates?: JudgeConfig['templates'];
  prices?: JudgeConfig['prices'];
  maxCost?: number;
  retries: number;
  exactPrompts: boolean;
  /** Ask again although a parse failure is stored (`--retry-failed`). */
  wasFailed: boolean;
  task: JudgingTask;
}

/**
 * The job id of a judgment: a UUID derived from the judge's name and the judgment's identity (and, for a retry of a
 * stored parse failure, its attempt), so that enqueueing the same judgment twice inserts one job.
 */
export function jobId(judgeName: string, judgmentKey: string, attempt = ''): string {
  const h = createHash('sha256')
    .update(JSON.stringify([judgeName, judgmentKey, attempt]))
    .digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
