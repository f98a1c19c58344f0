import type { Command } from 'commander';
import { ArgumentError, WinrateError } from '../../core/errors.js';
import { isPostgresUrl, resolveDbPath } from '../../store/open.js';
import { finiteNumber } from '../options.js';

/** `winrate worker`: takes judging jobs from the store's PostgreSQL queue until stopped (or until it is empty). */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('judge queued jobs (winrate judge --enqueue) from the PostgreSQL store; run one per machine or key')
    .option('--concurrency <n>', 'judgments in flight in this worker', finiteNumber('--concurrency'), 64)
    .option('--until-empty', 'exit 0 once nothing is queued, waiting for a retry or being worked on')
    .option('--queue <name>', 'queue name', 'winrate-judge')
    .action(async (o: { concurrency: number; untilEmpty?: boolean; queue: string }) => {
      const url = resolveDbPath(program.opts<{ db?: string }>().db);
      if (!isPostgresUrl(url))
        throw new ArgumentError('winrate worker needs a PostgreSQL store: --db postgres://… (or WINRATE_DB)');
      if (!Number.isInteger(o.concurrency) || o.concurrency < 1)
        throw new ArgumentError('--concurrency must be a positive integer');
      const { runWorker } = await import('../../queue/worker.js');
      const stop = new AbortController();
      const onSignal = (sig: string) => (): void => {
        if (stop.signal.aborted) process.exit(130);
        process.stderr.write(`winrate worker: ${sig}: taking no new jobs; finishing the ${'judgments'} in flight\n`);
        stop.abort();
      };
      const [term, int] = [onSignal('SIGTERM'), onSignal('SIGINT')];
      process.on('SIGTERM', term);
      process.on('SIGINT', int);
      try {
        const line = (p: {
          id: string;
          done: number;
          paid: number;
          cached: number;
          failed: number;
          inFlight: number;
          cost: number;
          startedAt: number;
        }) =>
          `worker ${p.id}: ${p.done} done (${p.paid} paid, ${p.cached} from cache), ${p.failed} failed, ${p.inFlight} in flight, ` +
          `$${p.cost.toFixed(4)}, ${((p.done / Math.max(1, Date.now() - p.startedAt)) * 1000).toFixed(1)}/s`;
        const { isTransientDbError } = await import('../../store/postgres/pg-retry.js');
        const { redactUrl } = await import('../../store/postgres/pg-store.js');
        const p = await runWorker(url, {
          queue: o.queue,
          concurrency: o.concurrency,
          untilEmpty: o.untilEmpty,
          signal: stop.signal,
          onProgress: (q) => process.stderr.write(`${line(q)}\n`),
          log: (l) => process.stderr.write(`winrate worker: ${l}\n`),
        }).catch((e: unknown) => {
          if (e instanceof WinrateError || !isTransientDbError(e)) throw e;
          throw new WinrateError('STORE_OPEN', `cannot reach store ${redactUrl(url)}: ${(e as Error).message}`);
        });
        process.stderr.write(`${line(p)}; stopped\n`);
        if (p.fatal !== undefined) throw new WinrateError('PROVIDER_REFUSED', `${p.fatal}; its jobs were given back`);
      } finally {
        process.off('SIGTERM', term);
        process.off('SIGINT', int);
      }
    });
}
