/**
 * SQLSTATE classes and socket errors of a database that went away (restart, failover, network) rather than a bad query.
 */
const TRANSIENT_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);
const TRANSIENT_TEXT =
  /Connection terminated|connection (?:is )?(?:closed|ended)|terminating connection|the database system is (?:starting up|shutting down|in recovery mode)|Client has encountered a connection error|timeout exceeded when trying to connect/i;

/** Whether an error means the database connection was lost, so the same statement may succeed once it is back. */
export function isTransientDbError(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: unknown } | null;
  if (!err) return false;
  if (err.code && TRANSIENT_CODES.has(err.code)) return true;
  if (err.message && TRANSIENT_TEXT.test(err.message)) return true;
  return err.cause !== undefined && err.cause !== e && isTransientDbError(err.cause);
}

/** How long database work waits for a lost database to come back: env WINRATE_DB_RETRY_MS, default 5 minutes. */
export const DB_RETRY_MS = (): number => Number(process.env.WINRATE_DB_RETRY_MS) || 300_000;

/**
 * Runs database work, retrying with backoff (100 ms doubling to 2 s, with jitter) while the database is unreachable,
 * for up to `maxMs` (default {@link DB_RETRY_MS}): an answer that was paid for is kept until it is stored, a page
 * waits for its data, an import for its transaction. `fn` must be safe to run again: one transaction, rolled back by
 * the server when its connection is lost (only a loss during COMMIT leaves it unknown whether it committed; every
 * write of the store is idempotent but for a paid answer's cost, which is then counted twice rather than missed).
 */
export async function withDbRetry<T>(
  fn: () => Promise<T>,
  o: { maxMs?: number; onRetry?: (e: unknown) => void } = {},
): Promise<T> {
  const deadline = Date.now() + (o.maxMs ?? DB_RETRY_MS());
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientDbError(e) || Date.now() > deadline) throw e;
      o.onRetry?.(e);
      const ms = Math.min(2000, 100 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await new Promise((r) => setTimeout(r, ms));
    }
  }
}
