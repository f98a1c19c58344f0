import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { builtWorker, workerResult } from './worker.js';

/**
 * Worker threads of one entry module started ahead of their task, idle and not holding the process open, so that
 * their start-up (~50–100 ms of loading modules) overlaps the caller's reading and fitting. The entry takes its
 * job from workerData, or from its first message when started ahead ({@link workerJob}).
 */
export class PrestartedWorkers {
  private readonly idle: Worker[] = [];

  constructor(private readonly url: URL) {}

  /** The entry module's file, or null when running from the TypeScript sources (no workers then). */
  get file(): string | null {
    return builtWorker(this.url);
  }

  /** Starts workers until `threads` − 1 are idle (this thread is the last one). */
  prestart(threads = availableParallelism()): void {
    const file = this.file;
    while (file !== null && this.idle.length < threads - 1) {
      const w = new Worker(file);
      w.unref();
      // a broken idle one gets no work
      w.on('error', () => this.idle.includes(w) && this.idle.splice(this.idle.indexOf(w), 1));
      this.idle.push(w);
    }
  }

  /** Hands `data` to a pre-started worker (else starts one) and resolves with the first message it posts. */
  run<T>(data: unknown): Promise<T> {
    const w = this.idle.pop();
    const file = this.file;
    if (!w) {
      if (file === null) return Promise.reject(new Error(`no built worker ${this.url.pathname}`));
      return workerResult<T>(file, data);
    }
    w.ref();
    return new Promise<T>((resolve, reject) => {
      w.once('message', (m: T) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`worker exited with code ${code} before it answered`)));
      w.postMessage(data);
    });
  }

  /** Stops the idle workers (started for a job that turned out too small for them). */
  drop(): void {
    void Promise.all(this.idle.splice(0).map((w) => w.terminate()));
  }
}

/**
 * Runs a worker entry's job: given as workerData (a worker started for it), or as the first message (a worker
 * started ahead of it, {@link PrestartedWorkers}).
 */
export function workerJob<T>(run: (job: T) => void): void {
  if (workerData) run(workerData as T);
  else parentPort!.once('message', run);
}
