import type { Pool } from 'pg';

/**
 * A small node-postgres pool on a store's database for the queue's own statements (slots, reservations, heartbeats,
 * counts); 64-bit counts come back as numbers. `pg` is loaded on first use.
 */
export async function openPool(url: string, max = 6): Promise<Pool> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'winrate-worker' });
  pool.on('error', () => undefined);
  return pool;
}
