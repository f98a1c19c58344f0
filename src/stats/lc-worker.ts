import { parentPort } from 'node:worker_threads';
import { workerJob } from '../core/worker-pool.js';
import { takeLcFits, type LcJob } from './parallel-lc.js';

/** Worker thread entry: takes length-controlled fits from the shared counter and posts their positions and results. */
workerJob((job: LcJob) => parentPort!.postMessage(takeLcFits(job)));
