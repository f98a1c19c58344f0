import { Worker } from 'node:worker_threads';
import { builtWorker } from '../core/worker.js';
import { errorFromData, type ErrorData } from '../core/errors.js';
import type { ImportBatch } from '../store/store.js';
import { streamBattlesFile, type BattlesOptions } from './battles.js';
import { knownContent } from './file-identity.js';

const WORKER = new URL('./battles-worker.js', import.meta.url);

type Message =
  { kind: 'batch'; batch: ImportBatch; read: number } | { kind: 'done' } | { kind: 'error'; error: ErrorData };

/**
 * {@link streamBattlesFile} with the reading, parsing and validation on a worker thread, so that they overlap the
 * store's writes on this one (two cores: a million battles in about the time of writing them). The same batches and
 * the same errors; the worker stays at most two batches ahead (memory bounded by batches). Falls back to this thread
 * when worker threads are not available (running from the TypeScript sources).
 */
export async function* streamBattlesInWorker(file: string, options: BattlesOptions = {}): AsyncGenerator<ImportBatch> {
  const workerFile = builtWorker(WORKER);
  if (workerFile === null) {
    yield* streamBattlesFile(file, options);
    return;
  }
  const { onRead } = options;
  // The worker starts first: its start-up (~0.15 s of loading modules) overlaps the hashing of the file's bytes and
  // the store's answer, which it is then sent. A small young generation: the parser's garbage is collected often
  // instead of growing the heap (peak RSS).
  const worker = new Worker(workerFile, {
    workerData: { file, options: { judge: options.judge, dataset: options.dataset } },
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  const queue: Message[] = [];
  let wake: (() => void) | null = null;
  const state: { failure: Error | null } = { failure: null };
  const push = (m: Message): void => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e) => {
    state.failure = e;
    wake?.();
  });
  let reported = 0;
  try {
    const known = options.known ?? (await knownContent(file, options.lookup)); // the store is asked on this thread
    worker.postMessage({ known });
    for (;;) {
      while (queue.length === 0 && !state.failure) await new Promise<void>((r) => (wake = r));
      if (state.failure) throw state.failure;
      const m = queue.shift()!;
      if (m.kind === 'done') return;
      if (m.kind === 'error') throw errorFromData(m.error);
      onRead?.(m.read - reported);
      reported = m.read;
      yield m.batch;
      worker.postMessage('more');
    }
  } finally {
    await worker.terminate();
  }
}
