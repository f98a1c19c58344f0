import { availableParallelism } from 'node:os';
import { PrestartedWorkers } from '../core/worker-pool.js';
import { lengthControlledWinRate, type LcInput, type LcResult } from './length-controlled.js';

/** Below this many fits a worker's start-up costs more than it saves. */
const MIN_PARALLEL = 8;

/** The fitting workers, started ahead of the fits ({@link prestartLcWorkers}). */
const pool = new PrestartedWorkers(new URL('./lc-worker.js', import.meta.url));

/** Whether `fits` LC fits are spread over threads (below {@link MIN_PARALLEL}, a worker's start-up costs more). */
export function lcUsesThreads(fits: number, threads = availableParallelism()): boolean {
  return Math.min(threads, Math.floor(fits / (MIN_PARALLEL / 2))) > 1;
}

/**
 * Starts the fitting workers now, while the caller prepares the fits' inputs: their start-up (~100 ms of loading
 * modules) then overlaps that work instead of delaying their share of the fits. Unused, they are dropped.
 */
export function prestartLcWorkers(threads = availableParallelism()): void {
  pool.prestart(threads);
}

/** A job of the LC fits: the inputs, and the shared counter of the next one to take. */
export interface LcJob {
  inputs: LcInput[];
  next: Int32Array;
}

/** Fits the job's inputs taken from its shared counter until none is left: their positions and results. */
export function takeLcFits(job: LcJob): { index: number[]; results: LcResult[] } {
  const index: number[] = [];
  const results: LcResult[] = [];
  for (let i = Atomics.add(job.next, 0, 1); i < job.inputs.length; i = Atomics.add(job.next, 0, 1)) {
    index.push(i);
    results.push(lengthControlledWinRate(job.inputs[i]));
  }
  return { index, results };
}

/**
 * Length-controlled fits of many systems on all cores: the threads take the fits one by one from a shared counter
 * (a worker still starting leaves more to this thread). Every fit is independent and deterministic, so the results
 * are those of fitting them one by one. Falls back to this thread for a few fits, or when worker threads are not
 * available (running from the TypeScript sources).
 */
export async function lengthControlledWinRates<K>(
  inputs: Map<K, LcInput>,
  threads = availableParallelism(),
): Promise<Map<K, LcResult>> {
  const keys = [...inputs.keys()];
  const all = keys.map((k) => inputs.get(k)!);
  const n = Math.min(threads, Math.floor(all.length / (MIN_PARALLEL / 2)));
  if (n <= 1 || pool.file === null) {
    pool.drop();
    return new Map(keys.map((k, i) => [k, lengthControlledWinRate(all[i])]));
  }
  const job: LcJob = { inputs: all, next: new Int32Array(new SharedArrayBuffer(4)) };
  const workers = Array.from({ length: n - 1 }, () => pool.run<ReturnType<typeof takeLcFits>>(job));
  const parts = [takeLcFits(job), ...(await Promise.all(workers))];
  const byPosition: LcResult[] = [];
  for (const { index, results } of parts) index.forEach((i, k) => (byPosition[i] = results[k]));
  return new Map(keys.map((k, i) => [k, byPosition[i]]));
}
