import PQueue from 'p-queue';
import type { Store } from '../store/store.js';
import type { ChatProvider } from './providers/provider.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './retry.js';
import { styleFromText } from '../io/markdown-style.js';

/** Options of {@link generateResponses}. */
export interface GenerateOptions {
  provider: ChatProvider;
  model: string;
  /** Name the responses are stored under. */
  system: string;
  dataset?: string;
  systemPrompt?: string;
  temperature?: number;
  maxTokens?: number;
  concurrency?: number;
  retry?: RetryPolicy;
  onProgress?: (done: number, total: number, failed: number) => void;
}

/**
 * Produces a system's responses to the store's items through a provider — resumable: items that already have a
 * response from this system are skipped, and each response is stored as soon as it arrives.
 */
export async function generateResponses(
  store: Store,
  o: GenerateOptions,
): Promise<{ generated: number; skipped: number; failed: number; lastError?: string }> {
  const inputs = await store.judgingInputs(o.dataset);
  const have = inputs.responses.get(o.system);
  const todo = inputs.items.filter((i) => !have?.has(i.key));
  const queue = new PQueue({ concurrency: o.concurrency ?? 8 });
  const r = {
    generated: 0,
    skipped: inputs.items.length - todo.length,
    failed: 0,
    lastError: undefined as string | undefined,
  };
  for (const item of todo) {
    void queue.add(async () => {
      try {
        const res = await withRetries(
          () =>
            o.provider.complete({
              model: o.model,
              temperature: o.temperature,
              maxTokens: o.maxTokens,
              messages: [
                ...(o.systemPrompt ? [{ role: 'system' as const, content: o.systemPrompt }] : []),
                { role: 'user', content: item.instruction },
              ],
            }),
          o.retry ?? DEFAULT_RETRY,
        );
        await store.importBatch({
          items: [],
          comparisons: [],
          responses: [
            {
              dataset: item.dataset,
              itemKey: item.key,
              system: o.system,
              output: res.text,
              style: styleFromText(res.text),
            },
          ],
        });
        r.generated++;
      } catch (e) {
        r.failed++;
        r.lastError = e instanceof Error ? e.message : String(e);
      }
      o.onProgress?.(r.generated + r.failed, todo.length, r.failed);
    });
  }
  await queue.onIdle();
  return r;
}
