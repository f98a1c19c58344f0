import type { PoolClient } from 'pg';
import type { HoldDecision, HoldResult, JudgeSpend, SpendHold } from '../store.js';

/** What a judge's cached responses cost: the sum over priced calls, the number of calls and of unpriced ones. */
export async function readJudgeSpendPg(client: PoolClient, judge: string): Promise<JudgeSpend> {
  const r = (await client.query<JudgeSpend>('SELECT cost, calls, unpriced FROM judge_spend WHERE judge = $1', [judge]))
    .rows[0];
  return { cost: Number(r?.cost ?? 0), calls: Number(r?.calls ?? 0), unpriced: Number(r?.unpriced ?? 0) };
}

/**
 * In the caller's transaction, under a per-judge advisory lock (so workers on many machines take turns): drops the
 * judge's holds whose lease ended or whose cost is stored under their cache key, reads the spend and the remaining
 * holds, and inserts the new hold when `decide` grants it. Lease times are the database server's clock.
 */
export async function holdSpendPg(
  client: PoolClient,
  hold: SpendHold,
  decide: (spent: number, held: number) => HoldDecision,
): Promise<HoldResult> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`winrate-budget:${hold.judge}`]);
  await client.query(
    `DELETE FROM judge_reservations r WHERE judge = $1 AND (expires_at <= now()
    OR (cache_key IS NOT NULL AND EXISTS (SELECT 1 FROM judge_cache c WHERE c.key = r.cache_key)))`,
    [hold.judge],
  );
  const spent = (await readJudgeSpendPg(client, hold.judge)).cost;
  const held = Number(
    (
      await client.query<{ held: number }>(
        'SELECT coalesce(sum(amount), 0)::float8 AS held FROM judge_reservations WHERE judge = $1',
        [hold.judge],
      )
    ).rows[0].held,
  );
  const decision = decide(spent, held);
  if (decision === 'grant') {
    await client.query(
      `INSERT INTO judge_reservations (id, judge, amount, expires_at)
      VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [hold.id, hold.judge, hold.amount, hold.seconds],
    );
  }
  return { decision, spent, held };
}

/** Ends a hold: released when nothing was billed, else kept at the billed cost until its cache row is stored. */
export async function settleSpendPg(
  client: PoolClient,
  id: string,
  cost: number,
  cacheKey: string | null,
  seconds: number,
): Promise<void> {
  if (cost <= 0) await client.query('DELETE FROM judge_reservations WHERE id = $1', [id]);
  else {
    await client.query(
      `UPDATE judge_reservations SET amount = $2, cache_key = $3, expires_at = now() + make_interval(secs => $4)
      WHERE id = $1`,
      [id, cost, cacheKey, seconds],
    );
  }
}
