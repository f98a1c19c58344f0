import { availableParallelism } from 'node:os';
import { PrestartedWorkers } from '../core/worker-pool.js';
import {
  mergeBootstrapTask,
  runBootstrapRounds,
  styleStartTerms,
  takeRounds,
  type BootstrapTask,
} from './bootstrap-task.js';
import { styleRuns } from './style-runs.js';

const WORKER = new URL('./bootstrap-worker.js', import.meta.url);

/**
 * Whether a bootstrap of `rows` comparisons (or outcome cells) and `rounds` rounds is spread over threads: below
 * 2M row-rounds a worker's start-up costs more than it saves.
 */
export function bootstrapUsesThreads(rows: number, rounds: number): boolean {
  return rows * rounds >= 2_000_000;
}

/** The bootstrap's workers, started ahead of it ({@link prestartBootstrapWorkers}). */
const pool = new PrestartedWorkers(WORKER);

/**
 * Starts the bootstrap's worker threads now, idle and not holding the process open, so that their start-up (~50 ms
 * of loading modules) overlaps the caller's reading and fitting; {@link bootstrapThetas} hands them its task.
 */
export function prestartBootstrapWorkers(threads = availableParallelism()): void {
  pool.prestart(threads);
}

/**
 * Runs bootstrap rounds on all cores: the task's arrays are moved into SharedArrayBuffers once and every thread
 * (this one too) takes rounds from a shared counter until all are taken. Round r always uses the generator seeded
 * by (seed, r), so the result is identical with 1 or N threads, however the rounds fall. Falls back to the calling
 * thread when worker threads are not available (e.g. running from TypeScript sources) or the job is small.
 */
export async function bootstrapThetas(
  task: BootstrapTask,
  options: { rounds: number; seed: number; threads?: number },
): Promise<Float64Array[]> {
  const all = Array.from({ length: options.rounds }, (_, r) => r);
  const threads = Math.min(options.threads ?? availableParallelism(), options.rounds);
  if (threads <= 1 || pool.file === null || !bootstrapUsesThreads(task.data.a.length, options.rounds)) {
    pool.drop(); // pre-started for a larger job
    return runBootstrapRounds(task, all, options.seed);
  }
  task = mergeBootstrapTask(task); // once here rather than in every thread
  // Style rounds: the grouped rows and their terms at the warm start are made once here and shared with the workers.
  if (task.kind === 'style') {
    const runs = task.runs ?? styleRuns(task.data, task.cells);
    task = { ...task, runs, terms: task.terms ?? styleStartTerms(task, runs) };
  }
  const shared = shareTask(task);
  const S = task.data.nSystems;
  // Rounds are taken from a shared counter: a worker still starting leaves more rounds to this thread.
  const next = new Int32Array(new SharedArrayBuffer(4));
  const out = new Float64Array(new SharedArrayBuffer(options.rounds * S * 8));
  const data = { task: shared, seed: options.seed, total: options.rounds, next, out };
  const workers = Array.from({ length: threads - 1 }, () => pool.run(data));
  takeRounds(task, options.seed, options.rounds, next, out);
  await Promise.all(workers);
  return Array.from({ length: options.rounds }, (_, r) => out.slice(r * S, (r + 1) * S));
}

function share<T extends Float64Array | Int32Array | Uint8Array>(x: T): T {
  const Ctor = x.constructor as new (b: SharedArrayBuffer) => T;
  const s = new Ctor(new SharedArrayBuffer(x.byteLength));
  s.set(x);
  return s;
}

function shareTask(task: BootstrapTask): BootstrapTask {
  const data = {
    ...task.data,
    a: share(task.data.a),
    b: share(task.data.b),
    y: share(task.data.y),
    w: share(task.data.w),
  };
  const cells = { cellOf: share(task.cells.cellOf), aIsI: share(task.cells.aIsI), i: task.cells.i, j: task.cells.j };
  if (task.kind === 'bt') return { ...task, data, cells, counts: task.counts && share(task.counts) };
  const r = task.runs;
  const runs = r && {
    ...r,
    order: share(r.order),
    start: share(r.start),
    runA: share(r.runA),
    runB: share(r.runB),
    runCell: share(r.runCell),
    y: share(r.y),
    w: share(r.w),
    features: r.features.map(share),
  };
  const terms = task.terms && { beta: task.terms.beta, p: share(task.terms.p), loss: share(task.terms.loss) };
  return { ...task, cells, data: { ...data, features: task.data.features.map(share) }, runs, terms };
}
