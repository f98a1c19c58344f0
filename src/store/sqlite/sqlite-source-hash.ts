import type Database from 'better-sqlite3';
import type { ImportSummary, SourceHash } from '../store.js';
import type { OutcomeTally } from '../outcome-tally.js';
import { prepared } from './prepared.js';

/**
 * Gives a streamed file's source its content hash, known at the file's end (see ImportBatch.sourceHashes), inside
 * the caller's transaction. When a source has that hash already, the battles stored under the stand-in are the same
 * rows again (same content, same rows in the same order): they are deleted, their outcome counts taken back out of
 * `outcomes`, and they count as unchanged — what the import would have done had the hash been known from the start.
 */
export function resolveSourceHash(
  db: Database.Database,
  s: SourceHash,
  summary: ImportSummary,
  outcomes: OutcomeTally,
): void {
  const byHash = prepared(db, 'SELECT id FROM sources WHERE hash = ? ORDER BY id LIMIT 1').pluck();
  const stand = byHash.get(s.provisional) as number | undefined;
  if (stand === undefined) return; // every battle of the file had an item: no hashed source was needed
  if (byHash.get(s.hash) === undefined) {
    prepared(db, 'UPDATE sources SET hash = ? WHERE id = ?').run(s.hash, stand);
    return;
  }
  const counts = prepared(
    db,
    `SELECT judge_id, system_a, system_b, p_a, strong, count(*) FROM comparisons
    WHERE item_id IS NULL AND battle_source = ? AND status = 'ok' GROUP BY 1, 2, 3, 4, 5`,
  )
    .raw()
    .all(stand) as number[][];
  for (const [judge, a, b, pA, strong, n] of counts) outcomes.add(judge, a, b, pA, strong, -n);
  const dropped = prepared(db, 'DELETE FROM comparisons WHERE item_id IS NULL AND battle_source = ?').run(
    stand,
  ).changes;
  prepared(db, 'DELETE FROM sources WHERE id = ?').run(stand);
  summary.inserted.comparisons -= dropped;
  summary.unchanged += dropped;
}
