import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The path of a worker thread's entry module next to the caller, or null when it is not there: workers run compiled
 * JavaScript, so code running from the TypeScript sources (the tests) does the work on its own thread instead.
 */
export function builtWorker(url: URL): string | null {
  const file = fileURLToPath(url);
  return existsSync(file) ? file : null;
}

/** Starts a worker thread on `file` with `workerData` and resolves with the first message it posts. */
export function workerResult<T>(file: string, workerData: unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const w = new Worker(file, { workerData });
    w.once('message', (m: T) => resolve(m));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`worker ${basename(file)} exited with code ${code}`)));
  });
}
