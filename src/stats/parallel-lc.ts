import { availableParallelism } from 'node:os';
import { builtWorker, workerResult } from '../core/worker.js';
import { lengthControlledWinRate, type LcInput, type LcResult } from './length-controlled.js';

const WORKER = new URL('./lc-worker.js', import.meta.url);
/** Below this many fits a worker's start-up costs more than it saves. */
const MIN_PARALLEL = 8;

/**
 * Length-controlled fits of many systems on all cores: each worker thread fits a share of the inputs (every fit
 * is independent and deterministic, so the results are those of fitting them one by one). Falls back to this
 * thread for a few fits, or when worker threads are not available (running from the TypeScript sources).
 */
export async function lengthControlledWinRates<K>(inputs: Map<K, LcInput>, threads = availableParallelism()): Promise<Map<K, LcResult>> {
  const keys = [...inputs.keys()];
  const all = keys.map((k) => inputs.get(k)!);
  const workerFile = builtWorker(WORKER);
  const n = Math.min(threads, Math.floor(all.length / (MIN_PARALLEL / 2)));
  if (n <= 1 || workerFile === null) return new Map(keys.map((k, i) => [k, lengthControlledWinRate(all[i])]));
  const share = (t: number): number[] => all.map((_, i) => i).filter((i) => i % n === t);
  // n − 1 workers take their shares while this thread fits the first.
  const workers = Array.from({ length: n - 1 }, (_, t) =>
    workerResult<LcResult[]>(workerFile, share(t + 1).map((i) => all[i])));
  const mine = share(0).map((i) => lengthControlledWinRate(all[i]));
  const results = [mine, ...(await Promise.all(workers))];
  const out = new Map<K, LcResult>();
  for (let t = 0; t < n; t++) share(t).forEach((i, k) => out.set(keys[i], results[t][k]));
  return out;
}
