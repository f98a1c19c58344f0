import { ArgumentError, WinrateError } from '../core/errors.js';
import { importFiles } from '../io/import-files.js';
import type { JudgeConfig } from '../judges/config.js';
import { enqueueJudging } from '../queue/enqueue.js';
import { LEASE_MARGIN_MS } from '../queue/job.js';
import { buildJudges } from '../judges/build.js';
import { formatQueueStatus, queueStatus } from '../queue/queue-status.js';
import { isPostgresUrl, openStore, resolveDbPath } from '../store/open.js';

/**
 * `winrate judge --enqueue [--wait]`: plans the run into the store's pg-boss queue and reports what was queued; with
 * `--wait`, prints the queue's progress until no job of these judges is waiting or active. Exit codes as a local run:
 * 3 when jobs failed for good, 4 when the budget stopped some.
 */
export async function enqueueCommand(
  db: string | undefined,
  config: JudgeConfig,
  f: { enqueue?: boolean; wait?: boolean; queue: string; lease: string; retryFailed?: boolean },
): Promise<void> {
  const url = resolveDbPath(db);
  if (!isPostgresUrl(url))
    throw new ArgumentError(
      '--enqueue needs a PostgreSQL store (--db postgres://… or WINRATE_DB): workers on other machines share it',
    );
  const lease = Number(f.lease);
  if (!Number.isInteger(lease) || lease < 5)
    throw new ArgumentError(`--lease must be a whole number of seconds ≥ 5, got "${f.lease}"`);
  // a worker starts an attempt only if its deadline falls within the job's lease (queue/worker.ts)
  const deadline = Math.max(...buildJudges(config).map((j) => j.timeoutMs ?? 120_000));
  if (lease * 1000 < deadline + LEASE_MARGIN_MS + 1000) {
    throw new ArgumentError(
      `--lease ${lease} s is too short for a request deadline of ${deadline / 1000} s (timeout_ms): a worker ` +
        `could not finish a job within it; give at least ${Math.ceil((deadline + LEASE_MARGIN_MS) / 1000) + 1} s`,
    );
  }
  const store = openStore(url);
  const names: string[] = [];
  try {
    const dataset = config.dataset ?? (config.outputs.length ? 'alpaca_eval' : undefined);
    if (config.outputs.length) await importFiles(store, 'alpaca-eval', config.outputs, { dataset });
    if (f.enqueue) {
      for (const r of await enqueueJudging(store, url, config, {
        queue: f.queue,
        leaseSeconds: lease,
        retryFailed: f.retryFailed,
      })) {
        names.push(r.judge);
        process.stderr.write(
          `${r.judge}: ${r.queued} judgments queued on ${f.queue}, ${r.alreadyQueued} already queued, ${r.stored} already stored ` +
            `(of ${r.planned})${r.requeued ? `; ${r.requeued} of them ended unstored before (budget, failures) and are queued again` : ''}\n`,
        );
      }
    }
  } finally {
    await store.close();
  }
  if (!f.wait) return;
  const every = Number(process.env.WINRATE_PROGRESS_MS ?? 5000);
  for (;;) {
    const s = await queueStatus(url, f.queue);
    const mine = s?.judges.filter((j) => names.length === 0 || names.includes(j.judge)) ?? [];
    const open = mine.reduce((n, j) => n + j.created + j.retry + j.active, 0);
    if (s) process.stderr.write(`${formatQueueStatus({ ...s, judges: mine }).join('\n')}\n`);
    if (open === 0) {
      const failed = mine.reduce((n, j) => n + j.failed, 0);
      const cancelled = mine.reduce((n, j) => n + j.cancelled, 0);
      if (cancelled)
        throw new WinrateError(
          'BUDGET_EXHAUSTED',
          `${cancelled} queued judgments were stopped by max_cost; raise it and enqueue again to judge them`,
        );
      if (failed)
        throw new WinrateError(
          'JUDGING_INCOMPLETE',
          `${failed} queued judgments failed after their retries; enqueue again to retry them`,
        );
      return;
    }
    await new Promise((r) => setTimeout(r, every));
  }
}
