import type Database from 'better-sqlite3';
import type { HoldDecision, HoldResult, JudgeSpend, SpendHold } from '../store.js';
import { prepared } from './prepared.js';

/** What a judge's cached responses cost: the sum over priced calls, the number of calls and of unpriced ones. */
export function readJudgeSpend(db: Database.Database, judge: string): JudgeSpend {
  const r = prepared(db, 'SELECT cost, calls, unpriced FROM judge_spend WHERE judge = ?').get(judge) as
    JudgeSpend | undefined;
  return { cost: r?.cost ?? 0, calls: r?.calls ?? 0, unpriced: r?.unpriced ?? 0 };
}

/**
 * In one IMMEDIATE transaction (the write lock, so processes take turns): drops the judge's holds whose lease ended or
 * whose cost is stored under their cache key, reads the spend and the remaining holds, and inserts the new hold when
 * `decide` grants it. Times are Unix seconds of this machine (every process sharing a SQLite file runs on it).
 */
export function holdSpendSqlite(
  db: Database.Database,
  hold: SpendHold,
  decide: (spent: number, held: number) => HoldDecision,
): HoldResult {
  return db
    .transaction((): HoldResult => {
      const now = Date.now() / 1000;
      prepared(
        db,
        `DELETE FROM judge_reservations WHERE judge = ? AND (expires_at <= ?
        OR (cache_key IS NOT NULL AND EXISTS (SELECT 1 FROM judge_cache c WHERE c.key = judge_reservations.cache_key)))`,
      ).run(hold.judge, now);
      const spent = readJudgeSpend(db, hold.judge).cost;
      const held = prepared(db, 'SELECT coalesce(sum(amount), 0) FROM judge_reservations WHERE judge = ?')
        .pluck()
        .get(hold.judge) as number;
      const decision = decide(spent, held);
      if (decision === 'grant') {
        prepared(db, 'INSERT INTO judge_reservations (id, judge, amount, expires_at) VALUES (?, ?, ?, ?)').run(
          hold.id,
          hold.judge,
          hold.amount,
          now + hold.seconds,
        );
      }
      return { decision, spent, held };
    })
    .immediate();
}

/** Ends a hold: released when nothing was billed, else kept at the billed cost until its cache row is stored. */
export function settleSpendSqlite(
  db: Database.Database,
  id: string,
  cost: number,
  cacheKey: string | null,
  seconds: number,
): void {
  if (cost <= 0) prepared(db, 'DELETE FROM judge_reservations WHERE id = ?').run(id);
  else {
    prepared(db, 'UPDATE judge_reservations SET amount = ?, cache_key = ?, expires_at = ? WHERE id = ?').run(
      cost,
      cacheKey,
      Date.now() / 1000 + seconds,
      id,
    );
  }
}
