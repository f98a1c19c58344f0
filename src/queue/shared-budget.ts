import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { Budget, type BudgetGate, type Reservation, type Usage } from '../judges/budget.js';
import { costAt, type ModelPrice } from '../judges/prices.js';
import { withDbRetry } from './db-retry.js';

/** How long a settled request's cost stays reserved: until its judgment (and cost) is surely stored. */
const SETTLED_HOLD_S = 60;

/**
 * A judge's `max_cost` shared by every worker: what was spent is read from the store (the cost stored with each cached
 * response), and each request in flight holds a reservation row (with a lease, so a killed worker's reservations
 * lapse).
 * A reservation is granted under a per-judge advisory lock only when spent + reserved + its estimate ≤ cap: the rule of
 * the local {@link Budget}, with the estimate learnt by this worker. A settled request keeps its actual cost reserved
 * for a minute, by which time it is stored: counted twice for a moment, never missed.
 */
export class SharedBudget implements BudgetGate {
  spent = 0;
  private readonly local: Budget;

  constructor(
    private readonly pool: Pool,
    readonly judge: string,
    readonly cap: number,
    readonly price: ModelPrice,
    maxTokens: number,
    private readonly leaseSeconds: number,
  ) {
    this.local = new Budget(undefined, price, 0, maxTokens);
  }

  async reserve(promptChars: number): Promise<Reservation | 'wait' | null> {
    const amount = this.local.estimate(promptChars);
    return withDbRetry(async () => {
      const client = await this.pool.connect();
      const ignore = (): void => undefined; // a lost connection fails the running query instead
      client.on('error', ignore);
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`winrate-budget:${this.judge}`]);
        const r = await client.query<{ spent: number; reserved: number }>(
          `SELECT
          (SELECT coalesce(sum(cost), 0) FROM judge_cache WHERE judge = $1)::float8 AS spent,
          (SELECT coalesce(sum(amount), 0) FROM judge_reservations WHERE judge = $1 AND expires_at > now())::float8 AS reserved`,
          [this.judge],
        );
        const { spent, reserved } = r.rows[0];
        this.spent = spent;
        let verdict: Reservation | 'wait' | null = null;
        if (spent + reserved + amount <= this.cap) verdict = { amount, id: randomUUID() };
        else if (!this.local.calibratedYet && spent + costAt(this.price, promptChars * 0.5, 0) <= this.cap) {
          verdict = reserved > 0 ? 'wait' : { amount, id: randomUUID() };
        }
        if (verdict !== null && verdict !== 'wait') {
          await client.query(
            'INSERT INTO judge_reservations (id, judge, amount, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))',
            [verdict.id, this.judge, amount, this.leaseSeconds],
          );
        }
        await client.query('COMMIT');
        client.off('error', ignore);
        client.release();
        return verdict;
      } catch (e) {
        client.off('error', ignore);
        client.release(e as Error);
        throw e;
      }
    });
  }

  async settle(r: Reservation, cost: number, usage?: Usage): Promise<void> {
    this.local.learn(usage);
    await withDbRetry(() =>
      this.pool.query(
        `UPDATE judge_reservations SET amount = $2, expires_at = now() + make_interval(secs => $3)
      WHERE id = $1`,
        [r.id, cost, cost > 0 ? SETTLED_HOLD_S : 0],
      ),
    );
  }

  calibrated(): Promise<void> {
    return new Promise((r) => setTimeout(r, 200));
  }
}
