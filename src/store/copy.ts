import { WinrateError } from '../core/errors.js';
import type { ImportBatch, Store, StoreStats } from './store.js';

/** What a copy moved, the counts of both stores after it (equal when it succeeded), and what it left behind. */
export interface CopyReport {
  source: StoreStats;
  destination: StoreStats;
  cache: number;
  findings: number;
  /** Human studies (tasks, annotators, votes' attribution) are not copied; their votes arrive as comparisons. */
  studiesLeft: number;
}

const COUNTED = ['items', 'systems', 'responses', 'comparisons', 'failedComparisons', 'grades', 'matches'] as const;

/**
 * Moves everything a store holds into an empty store of any backend (SQLite → PostgreSQL and back) in one
 * transaction, in storage order, so that every leaderboard of the copy is identical; then verifies the counts.
 */
export async function copyStore(from: Store, to: Store, onProgress?: ImportBatch['onProgress']): Promise<CopyReport> {
  const before = await to.stats();
  if (COUNTED.some((k) => before[k] > 0)) {
    throw new WinrateError(
      'INVALID_ARGUMENT',
      'the destination store is not empty: copy into a new store (a file that does not exist yet or an empty database)',
    );
  }
  const all = await from.exportAll();
  await to.importBatch({ ...all, onProgress });
  await to.replaceFindings(all.findings);
  const [source, destination] = [await from.stats(), await to.stats()];
  const wrong = COUNTED.filter((k) => source[k] !== destination[k]);
  if (wrong.length > 0 || (await to.exportAll()).cache.length !== all.cache.length) {
    throw new WinrateError(
      'STORE_OPEN',
      `copy verification failed: ${wrong.map((k) => `${k} ${source[k]} → ${destination[k]}`).join(', ') || 'cache'}`,
    );
  }
  return { source, destination, cache: all.cache.length, findings: all.findings.length, studiesLeft: all.studies };
}
