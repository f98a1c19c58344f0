import { parentPort, workerData } from 'node:worker_threads';
import { takeRounds, type BootstrapTask } from './bootstrap-task.js';

/** Worker thread entry: takes bootstrap rounds from the shared counter, writes θ into the shared output, says done. */
const { task, seed, total, next, out } = workerData as { task: BootstrapTask; seed: number; total: number; next: Int32Array; out: Float64Array };
takeRounds(task, seed, total, next, out);
parentPort!.postMessage('done');
