import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from 'pg';
import type PgBoss from 'pg-boss';
import { Budget } from '../judges/budget.js';
import { buildJudges } from '../judges/build.js';
import { validateJudgeConfig } from '../judges/config.js';
import { judgeOne, judgeParams, recordAbortedSpend } from '../judges/judge-one.js';
import { StoreBudget } from '../judges/store-budget.js';
import { AdaptiveLimiter } from '../judges/limiter.js';
import { DEFAULT_PRICES } from '../judges/prices.js';
import type { JudgeSpec } from '../judges/run.js';
import type { SendContext } from '../judges/send.js';
import { PostgresStore } from '../store/postgres/pg-store.js';
import { openBoss } from './boss.js';
import { withDbRetry } from '../store/postgres/pg-retry.js';
import { LEASE_MARGIN_MS, type JudgeJob } from './job.js';
import { openPool } from './pool.js';
import { SharedSlots } from './shared-slots.js';

/** Options of {@link runWorker}. */
export interface WorkerOptions {
  queue: string;
  /** Judgments this worker works on at once (each judge's own concurrency, shared through the database, also holds). */
  concurrency: number;
  /** Exit once nothing is queued, waiting for a retry or active anywhere. */
  untilEmpty?: boolean;
  /** Aborting it (SIGTERM) stops taking jobs; judgments in flight are finished and stored. */
  signal?: AbortSignal;
  onProgress?: (p: WorkerProgress) => void;
  log?: (line: string) => void;
  /** How often to ask for jobs when the queue had none (ms). */
  pollMs?: number;
}

/** Counters of one worker. */
export interface WorkerProgress {
  id: string;
  done: number;
  paid: number;
  cached: number;
  failed: number;
  budgetStopped: number;
  inFlight: number;
  cost: number;
  startedAt: number;
  /** Why the worker stopped taking jobs of its own accord: a provider refused its key or model (exit 9). */
  fatal?: string;
}

interface JudgeRuntime {
  spec: JudgeSpec;
  ctx: SendContext;
}

/**
 * A queue worker: takes judging jobs from pg-boss, judges each exactly as a local run does ({@link judgeOne}: cache
 * first, then the provider with retries, the judge's request slots and budget shared through the database), stores
 * the verdict with its response in one transaction, and completes the job. A lost database is waited for (statements
 * retried with backoff), so an answer that was paid for is stored once the database is back; a job whose worker died
 * returns to the queue when its lease ends and is answered from the cache if its response was stored.
 */
export async function runWorker(url: string, o: WorkerOptions): Promise<WorkerProgress> {
  const id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const log = o.log ?? (() => undefined);
  const pool = await openPool(url);
  const store = new PostgresStore(url);
  const boss: PgBoss = await openBoss(url, o.queue, {
    supervise: true,
    maintenanceSeconds: Number(process.env.WINRATE_QUEUE_MAINTENANCE_S ?? 10),
    onError: (e) => log(`queue: ${e.message}`),
  });
  const p: WorkerProgress = {
    id,
    done: 0,
    paid: 0,
    cached: 0,
    failed: 0,
    budgetStopped: 0,
    inFlight: 0,
    cost: 0,
    startedAt: Date.now(),
  };
  const judges = new Map<string, JudgeRuntime>();
  const budgetStopped = new Set<string>();

  const runtimeFor = (job: JudgeJob): JudgeRuntime => {
    const key = JSON.stringify([job.judge, job.templates, job.prices, job.maxCost, job.retries]);
    let rt = judges.get(key);
    if (rt) return rt;
    const config = validateJudgeConfig(
      { judge: job.judge, templates: job.templates, prices: job.prices, max_cost: job.maxCost, retries: job.retries },
      'job',
    );
    const spec = buildJudges(config)[0];
    const price = { ...DEFAULT_PRICES, ...job.prices }[spec.model];
    const maxTokens = judgeParams(spec).maxTokens;
    const lease = Math.ceil((spec.timeoutMs ?? 120_000) / 1000) + 5; // one attempt holds a slot and a reservation
    const budget =
      job.maxCost !== undefined && price
        ? new StoreBudget(store, spec.name, job.maxCost, price, maxTokens, lease)
        : new Budget(undefined, price, 0, maxTokens);
    const slots = new SharedSlots(
      pool,
      `${job.judge.provider}|${job.judge.base_url ?? ''}|${spec.model}`,
      spec.concurrency,
      id,
      lease,
    );
    const ctx: SendContext = {
      provider: spec.provider,
      limiter: new AdaptiveLimiter(spec.concurrency),
      budget,
      price,
      slots,
      policy: { retries: job.retries, baseMs: 500, maxMs: 30_000 },
      timeoutMs: spec.timeoutMs ?? 120_000,
      // per judge and cap: jobs enqueued again with a raised max_cost are judged although the old cap was reached
      stopped: () => (p.fatal !== undefined ? 'provider' : budgetStopped.has(key) ? 'budget' : null),
      stopForBudget: () => budgetStopped.add(key),
      // this worker's key or model is refused: its jobs go back to the queue for workers that can do them
      stopForProvider: (e) => {
        p.fatal ??= e.message;
        stopping = true;
      },
      inFlight: new Set(),
      onRetry: () => undefined,
      onAbortedCost: (cost, k) => recordAbortedSpend(store, spec, cost, k),
      pending: new Map(),
    };
    judges.set(key, (rt = { spec, ctx }));
    return rt;
  };

  const completed: string[] = [];
  const flush = async (): Promise<void> => {
    const ids = completed.splice(0);
    if (ids.length) await withDbRetry(() => boss.complete(o.queue, ids));
  };

  const process1 = async (job: PgBoss.Job<JudgeJob>): Promise<void> => {
    try {
      const rt = runtimeFor(job.data);
      const fetchedAt = Date.now();
      const r = await judgeOne(store, rt.spec, leased(rt.ctx, job, fetchedAt), job.data.task, {
        wasFailed: job.data.wasFailed,
        exactPrompts: job.data.exactPrompts,
      });
      if (r.kind === 'stored') {
        completed.push(job.id);
        p.done++;
        if (r.cached) p.cached++;
        else p.paid++;
        p.cost += r.cost ?? 0;
      } else if (r.kind === 'not_sent' && r.reason === 'lease') {
        // Back to the queue for a worker that can finish it within a lease (pg-boss retries it after 1 s). Once the
        // lease has ended (a long backoff), pg-boss has expired the job itself and may have handed it on: leave it.
        log(`job ${job.id}: its lease would end before another attempt could; given back to the queue`);
        if (Date.now() < leaseEnd(job, fetchedAt)) {
          await withDbRetry(() => boss.fail(o.queue, job.id, { error: 'lease ending' }));
        }
      } else if (r.kind === 'failed') {
        p.failed++;
        await withDbRetry(() => boss.fail(o.queue, job.id, { error: r.error }));
      } else if (r.kind === 'not_sent' && r.reason !== 'budget') {
        await withDbRetry(() => boss.fail(o.queue, job.id, { error: `worker stopped (${r.reason})` }));
      } else {
        p.budgetStopped++;
        await withDbRetry(() => boss.cancel(o.queue, job.id));
      }
    } catch (e) {
      p.failed++;
      log(`job ${job.id}: ${(e as Error).message}`);
      await withDbRetry(() => boss.fail(o.queue, job.id, { error: (e as Error).message })).catch(() => undefined);
    }
  };

  let stopping = o.signal?.aborted ?? false;
  o.signal?.addEventListener('abort', () => (stopping = true), { once: true });
  const heartbeat = async (stopped = false): Promise<void> => {
    await pool
      .query(
        `INSERT INTO workers (id, queue, host, pid, in_flight, done, stopped) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (id) DO UPDATE SET seen_at = now(), in_flight = $5, done = $6, stopped = $7`,
        [id, o.queue, hostname(), process.pid, p.inFlight, p.done, stopped],
      )
      .catch(() => undefined);
  };
  const timers = [
    setInterval(() => void flush().catch(() => undefined), 200),
    setInterval(() => void heartbeat(), 2000),
    setInterval(() => o.onProgress?.({ ...p }), Number(process.env.WINRATE_PROGRESS_MS ?? 5000)),
  ];
  await heartbeat();

  const running = new Set<Promise<void>>();
  try {
    let lastFetch = 0;
    while (!stopping) {
      const want = o.concurrency - p.inFlight;
      // Fetch in batches (half the lanes free, or 50 ms since the last fetch): pg-boss sorts the waiting jobs on every
      // fetch, so with a deep queue fewer, larger fetches cost the database far less.
      const due = want >= Math.max(1, o.concurrency / 2) || (want > 0 && Date.now() - lastFetch > 50);
      if (due) lastFetch = Date.now();
      const jobs = due ? await boss.fetch<JudgeJob>(o.queue, { batchSize: want }) : [];
      for (const job of jobs) {
        p.inFlight++;
        const t = process1(job).finally(() => {
          p.inFlight--;
          running.delete(t);
        });
        running.add(t);
      }
      if (jobs.length > 0) continue;
      if (due && o.untilEmpty && p.inFlight === 0 && (await queueIsEmpty(pool, o.queue))) break;
      await Promise.race([new Promise((r) => setTimeout(r, due ? (o.pollMs ?? 250) : 10)), ...running]);
    }
    await Promise.all(running);
    await flush();
  } finally {
    timers.forEach(clearInterval);
    await heartbeat(true);
    await boss.stop({ graceful: true, close: true, wait: true }).catch(() => undefined);
    await Promise.all([store.close(), pool.end()]).catch(() => undefined);
  }
  o.onProgress?.({ ...p });
  return p;
}

/**
 * The judge's context for one job: no attempt starts (nor, after waiting for a request slot, goes out) unless it ends,
 * at its deadline at the latest, before the job's lease does. Otherwise pg-boss would hand the job to another worker
 * while this one still waits on its answer, and both would pay for it. Retries, backoff and slot waits of a slow job
 * can outlast a lease; the job then goes back to the queue (see process1).
 */
export function leased(
  ctx: SendContext,
  job: Pick<PgBoss.Job<JudgeJob>, 'expireInSeconds'>,
  fetchedAt: number,
): SendContext {
  const end = leaseEnd(job, fetchedAt);
  if (end === Infinity) return ctx;
  const lastStart = end - ctx.timeoutMs;
  return { ...ctx, stopped: () => ctx.stopped() ?? (Date.now() > lastStart ? 'lease' : null) };
}

/** The end of a job's lease less LEASE_MARGIN_MS, as this worker counts it; Infinity for a job without a lease. */
function leaseEnd(job: Pick<PgBoss.Job<JudgeJob>, 'expireInSeconds'>, fetchedAt: number): number {
  const lease = job.expireInSeconds;
  return Number.isFinite(lease) && lease > 0 ? fetchedAt + lease * 1000 - LEASE_MARGIN_MS : Infinity;
}

/** True when the queue holds no job that is waiting, waiting for a retry, or being worked on. */
async function queueIsEmpty(pool: Pool, queue: string): Promise<boolean> {
  try {
    const r = await pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'",
      [queue],
    );
    return r.rows[0].n === 0;
  } catch {
    return false;
  }
}
