import type { PoolClient } from 'pg';
import type { ImportSummary, SourceHash } from '../store.js';

/**
 * Gives a streamed file's source its content hash, known at the file's end (see ImportBatch.sourceHashes), inside
 * the caller's transaction; the PostgreSQL twin of sqlite-source-hash.ts. When a source has that hash already, the
 * battles stored under the stand-in are the same rows again: they are deleted, their outcome counts taken back out
 * (pair_outcomes holds deltas, summed on read), and they count as unchanged.
 */
export async function resolveSourceHashPg(client: PoolClient, s: SourceHash, summary: ImportSummary): Promise<void> {
  const byHash = async (hash: string): Promise<number | undefined> =>
    (await client.query<{ id: number }>('SELECT id FROM sources WHERE hash = $1 ORDER BY id LIMIT 1', [hash])).rows[0]
      ?.id;
  const stand = await byHash(s.provisional);
  if (stand === undefined) return; // every battle of the file had an item: no hashed source was needed
  if ((await byHash(s.hash)) === undefined) {
    await client.query('UPDATE sources SET hash = $1 WHERE id = $2', [s.hash, stand]);
    return;
  }
  await client.query(
    `INSERT INTO pair_outcomes (judge_id, system_a, system_b, p_a, strong, n)
    SELECT judge_id, system_a, system_b, p_a, strong, -count(*) FROM comparisons
    WHERE item_id IS NULL AND battle_source = $1 AND status = 'ok' GROUP BY 1, 2, 3, 4, 5`,
    [stand],
  );
  const dropped =
    (await client.query('DELETE FROM comparisons WHERE item_id IS NULL AND battle_source = $1', [stand])).rowCount ?? 0;
  await client.query('DELETE FROM sources WHERE id = $1', [stand]);
  summary.inserted.comparisons -= dropped;
  summary.unchanged += dropped;
}
