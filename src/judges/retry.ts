import { ProviderError } from './providers/provider.js';

/** Retry policy: attempts and exponential backoff with full jitter, capped; Retry-After wins when sent. */
export interface RetryPolicy {
  retries: number;
  baseMs: number;
  maxMs: number;
}

/** Retries of a provider call unless configured: six, with full-jitter backoff from 0.5 s up to 30 s. */
export const DEFAULT_RETRY: RetryPolicy = { retries: 6, baseMs: 500, maxMs: 30_000 };

/**
 * Delay before attempt `attempt` (0-based) after a failure: Retry-After if given, else U(0, min(max, base·2^attempt)).
 */
export function backoffMs(policy: RetryPolicy, attempt: number, error: ProviderError, random = Math.random): number {
  if (error.retryAfterMs !== undefined) return Math.min(policy.maxMs, error.retryAfterMs);
  return random() * Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
}

/**
 * Calls `fn` until it succeeds, a non-retryable error occurs, or retries run out; `onRetry` hears every
 * retryable failure (for adaptive concurrency and the progress display).
 */
export async function withRetries<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  onRetry?: (e: ProviderError, attempt: number) => void,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const err =
        e instanceof ProviderError ? e : new ProviderError(e instanceof Error ? e.message : String(e), 'network');
      if (!err.retryable || attempt >= policy.retries) throw err;
      onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, backoffMs(policy, attempt, err)));
    }
  }
}
