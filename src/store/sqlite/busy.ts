import { WinrateError } from '../../core/errors.js';

/** How long a write waits for another writer before giving up (ms; env WINRATE_LOCK_TIMEOUT_MS, default 10 min). */
export const LOCK_TIMEOUT_MS = (): number => Number(process.env.WINRATE_LOCK_TIMEOUT_MS) || 600_000;

/** Whether an error is SQLite's "another connection holds the lock" (SQLITE_BUSY, SQLITE_LOCKED and their variants). */
function isBusy(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code);
}

/** The error of a write to a store this user can only read. */
export function readOnlyError(path: string, cause?: unknown): WinrateError {
  return new WinrateError(
    'STORE_OPEN',
    `store ${path} is read-only for this user: it can be read, not written`,
    {},
    { cause },
  );
}

/**
 * Runs a synchronous SQLite write, waiting while another process holds the write lock. The connection's own busy
 * timeout is short (it blocks the event loop); this waits between attempts asynchronously, so that a server taking
 * votes while an import writes stays responsive and loses no vote, and a second import queues behind the first
 * (saying so after a few seconds) instead of failing with "database is locked".
 */
export async function whenWritable<T>(
  path: string,
  write: () => T,
  notice: (message: string) => void = (m) => process.stderr.write(m),
): Promise<T> {
  const start = Date.now();
  let delay = 10;
  let told = false;
  for (;;) {
    try {
      return write();
    } catch (e) {
      if ((e as { code?: unknown }).code === 'SQLITE_READONLY') throw readOnlyError(path, e);
      if (!isBusy(e)) throw e;
      const waited = Date.now() - start;
      if (waited > LOCK_TIMEOUT_MS()) {
        throw new WinrateError(
          'STORE_BUSY',
          `store ${path} stayed locked by another writer for ${Math.round(waited / 1000)} s; try again later`,
          {},
          { cause: e },
        );
      }
      if (!told && waited > 3000) {
        notice(`winrate: waiting for another process writing to ${path}…\n`);
        told = true;
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 250);
    }
  }
}
