import type { Pool } from 'pg';
import { WinrateError } from '../../core/errors.js';
import { PG_MIGRATIONS } from './pg-migrations.js';

/** The advisory lock that keeps two processes from migrating one database at once. */
const MIGRATE_LOCK = 0x77696e6d;

/**
 * Brings a database to the current schema in one transaction (versions in `winrate_schema`); a database written by
 * a newer winrate is refused, as the SQLite backend refuses a newer file.
 */
export async function migratePg(pool: Pool, label: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS winrate_schema (version integer NOT NULL)');
    const version =
      (await client.query<{ version: number }>('SELECT version FROM winrate_schema')).rows[0]?.version ?? 0;
    if (version > PG_MIGRATIONS.length) {
      throw new WinrateError(
        'STORE_VERSION',
        `store ${label} has schema version ${version}, newer than this winrate (${PG_MIGRATIONS.length}); upgrade winrate`,
      );
    }
    for (let v = version; v < PG_MIGRATIONS.length; v++) await client.query(PG_MIGRATIONS[v]);
    if (version === 0) await client.query('INSERT INTO winrate_schema (version) VALUES ($1)', [PG_MIGRATIONS.length]);
    else await client.query('UPDATE winrate_schema SET version = $1', [PG_MIGRATIONS.length]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}
