import { parentPort, workerData } from 'node:worker_threads';
import { errorData } from '../core/errors.js';
import { streamBattlesFile, type BattlesOptions } from './battles.js';
import type { KnownContent } from './file-identity.js';

/**
 * Worker thread entry of {@link streamBattlesInWorker}: reads, parses and validates a battles file and posts each batch
 * (its typed arrays transferred, not copied), at most two ahead of what the main thread has taken.
 */
const { file, options } = workerData as { file: string; options: Omit<BattlesOptions, 'onRead' | 'known'> };
const port = parentPort!;
let ahead = 0;
let wake: (() => void) | null = null;
// The first message is what the store knows of the file (asked while this thread started); then one per batch taken.
let started = false;
const first = new Promise<{ known: KnownContent | undefined }>((resolve) => {
  port.on('message', (m: { known: KnownContent | undefined }) => {
    if (!started) {
      started = true;
      resolve(m);
      return;
    }
    ahead--;
    wake?.();
  });
});
let read = 0;
try {
  const { known } = await first;
  const stream = streamBattlesFile(file, { ...options, known, onRead: (bytes) => (read += bytes) });
  for await (const batch of stream) {
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
