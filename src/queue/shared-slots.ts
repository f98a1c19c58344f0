import type { Pool } from 'pg';
import { withDbRetry } from './db-retry.js';

/**
 * Request slots of one provider shared by every worker through the database: `limit` rows, each held by at most one
 * request at a time under a lease (a killed worker's slots come back when their lease ends). The per-provider
 * concurrency of a config therefore holds across all machines, not per process.
 */
export class SharedSlots {
  private ready: Promise<void> | null = null;

  constructor(private readonly pool: Pool, readonly key: string, readonly limit: number, private readonly holder: string,
    private readonly leaseSeconds: number) {}

  /** Waits for a free slot (polling with backoff) and returns its number. */
  async acquire(): Promise<number> {
    this.ready ??= withDbRetry(async () => {
      await this.pool.query(`INSERT INTO judge_slots (key, slot) SELECT $1, s FROM generate_series(0, $2 - 1) s ON CONFLICT DO NOTHING`,
        [this.key, this.limit]);
    });
    await this.ready;
    for (let wait = 5; ; wait = Math.min(200, wait * 2)) {
      const r = await withDbRetry(() => this.pool.query<{ slot: number }>(`UPDATE judge_slots SET holder = $2,
        expires_at = now() + make_interval(secs => $4) WHERE (key, slot) = (SELECT key, slot FROM judge_slots WHERE key = $1 AND slot < $3
        AND (holder IS NULL OR expires_at < now()) LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING slot`, [this.key, this.holder, this.limit, this.leaseSeconds]));
      if (r.rows.length) return r.rows[0].slot;
      await new Promise((res) => setTimeout(res, wait * (0.5 + Math.random())));
    }
  }

  /** Gives a slot back. */
  async release(slot: number): Promise<void> {
    await withDbRetry(() => this.pool.query('UPDATE judge_slots SET holder = NULL, expires_at = NULL WHERE key = $1 AND slot = $2 AND holder = $3',
      [this.key, slot, this.holder]));
  }
}
