import { parentPort, workerData } from 'node:worker_threads';
import { runBootstrapRounds, type BootstrapTask } from './bootstrap-task.js';

/** Worker thread entry: runs its share of bootstrap rounds on shared typed arrays and posts the θ vectors back. */
const { task, rounds, seed } = workerData as { task: BootstrapTask; rounds: number[]; seed: number };
parentPort!.postMessage(runBootstrapRounds(task, rounds, seed));
