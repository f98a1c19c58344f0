import { parentPort, workerData } from 'node:worker_threads';
import { lengthControlledWinRate, type LcInput } from './length-controlled.js';

/** Worker thread entry: fits its share of length-controlled win rates and posts the results back in order. */
parentPort!.postMessage((workerData as LcInput[]).map((input) => lengthControlledWinRate(input)));
