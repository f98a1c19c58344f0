import { parentPort, workerData } from 'node:worker_threads';
import { errorData } from '../core/errors.js';
import { streamBattlesFile, type BattlesOptions } from './battles.js';

/**
 * Worker thread entry of {@link streamBattlesInWorker}: reads, parses and validates a battles file and posts each batch
 * (its typed arrays transferred, not copied), at most two ahead of what the main thread has taken.
 */
const { file, options } = workerData as { file: string; options: Omit<BattlesOptions, 'onRead'> };
const port = parentPort!;
let ahead = 0;
let wake: (() => void) | null = null;
port.on('message', () => {
  ahead--;
  wake?.();
});
let read = 0;
try {
  for await (const batch of streamBattlesFile(file, { ...options, onRead: (bytes) => (read += bytes) })) {
    const c = batch.columns; // none in the last batch (the file's content hash)
    const arrays = c ? [c.a, c.b, c.judge, c.item, c.sample, c.pA, c.label, c.seq, c.style, c.line] : [];
    const buffers = arrays.map((x) => x.buffer as ArrayBuffer);
    port.postMessage({ kind: 'batch', batch, read }, buffers);
    ahead++;
    while (ahead >= 2) await new Promise<void>((r) => (wake = r));
    wake = null;
  }
  port.postMessage({ kind: 'done' });
} catch (e) {
  port.postMessage({ kind: 'error', error: errorData(e) });
}
port.close();
