import { parentPort } from 'node:worker_threads';
import { workerJob } from '../core/worker-pool.js';
import { takeRounds, type BootstrapTask } from './bootstrap-task.js';

type Job = { task: BootstrapTask; seed: number; total: number; next: Int32Array; out: Float64Array };

/** Takes bootstrap rounds from the shared counter, writes θ into the shared output, says done. */
function run({ task, seed, total, next, out }: Job): void {
  takeRounds(task, seed, total, next, out);
  parentPort!.postMessage('done');
}

// Worker thread entry: the job comes as workerData, or later as the first message to a worker started ahead of it.
workerJob(run);
