import type { Pool } from 'pg';
import { withDbRetry } from '../store/postgres/pg-retry.js';

/**
 * Request slots of one provider shared by every worker through the database: `limit` rows, each held by at most one
 * request at a time under a lease (a killed worker's slots come back when their lease ends). The per-provider
 * concurrency of a config therefore holds across all machines, not per process. Within a worker, waiting requests
 * queue in memory and one poller claims free slots for them in bulk, so waiting costs one statement per 10–20 ms.
 */
export class SharedSlots {
  private ready: Promise<void> | null = null;
  private readonly waiters: ((slot: number) => void)[] = [];
  private pumping = false;

  constructor(
    private readonly pool: Pool,
    readonly key: string,
    readonly limit: number,
    private readonly holder: string,
    private readonly leaseSeconds: number,
  ) {}

  /** Waits for a free slot and returns its number. */
  acquire(): Promise<number> {
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      this.ready ??= withDbRetry(async () => {
        await this.pool.query(
          'INSERT INTO judge_slots (key, slot) SELECT $1, s FROM generate_series(0, $2 - 1) s ON CONFLICT DO NOTHING',
          [this.key, this.limit],
        );
      });
      await this.ready;
      while (this.waiters.length > 0) {
        const want = this.waiters.length;
        const r = await withDbRetry(() =>
          this.pool.query<{ slot: number }>(
            `UPDATE judge_slots SET holder = $2,
          expires_at = now() + make_interval(secs => $4) WHERE (key, slot) IN (SELECT key, slot FROM judge_slots WHERE key = $1 AND slot < $3
          AND (holder IS NULL OR expires_at < now()) LIMIT $5 FOR UPDATE SKIP LOCKED) RETURNING slot`,
            [this.key, this.holder, this.limit, this.leaseSeconds, want],
          ),
        );
        for (const row of r.rows) this.waiters.shift()?.(row.slot);
        if (r.rows.length < want) await new Promise((res) => setTimeout(res, 10 + Math.random() * 10));
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Gives a slot back. */
  async release(slot: number): Promise<void> {
    await withDbRetry(() =>
      this.pool.query(
        'UPDATE judge_slots SET holder = NULL, expires_at = NULL WHERE key = $1 AND slot = $2 AND holder = $3',
        [this.key, slot, this.holder],
      ),
    );
  }
}
