import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WinrateError } from '../core/errors.js';
import type { Store } from './store.js';
import type { StudyStore } from './studies.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import { PostgresStore } from './postgres/pg-store.js';

/** Default store location, relative to the working directory. */
export const DEFAULT_DB_PATH = '.winrate/winrate.db';

/** Whether a store location is a PostgreSQL URL (postgres:// or postgresql://) rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Which store to use: an explicit location, else the WINRATE_DB environment variable, else the default file.
 * A PostgreSQL URL is returned as given; a file path is made absolute.
 */
export function resolveDbPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const location = explicit || env.WINRATE_DB || DEFAULT_DB_PATH;
  return isPostgresUrl(location) ? location : resolve(location);
}

/**
 * The one way in: opens (creating and migrating as needed) the store at a location — a SQLite file (the embedded
 * default) or a `postgres://` URL. Every backend serves the comparisons, the judging cache and spend, and studies.
 * With `mustExist`, a SQLite file that does not exist is an error rather than a new empty store (a copy's source).
 */
export function openStore(location?: string, o: { mustExist?: boolean } = {}): Store & StudyStore {
  const where = resolveDbPath(location);
  if (isPostgresUrl(where)) return new PostgresStore(where);
  if (o.mustExist && !existsSync(where))
    throw new WinrateError('STORE_OPEN', `cannot open store ${where}: no such file (nothing was created)`);
  // Only the default location's directory is created: a mistyped --db directory is an error, not a new empty store.
  const explicit = Boolean(location || process.env.WINRATE_DB);
  if (explicit && !existsSync(dirname(where))) {
    throw new WinrateError(
      'STORE_OPEN',
      `cannot open store ${where}: directory ${dirname(where)} does not exist (create it first)`,
    );
  }
  if (existsSync(where) && statSync(where).isDirectory()) {
    throw new WinrateError(
      'STORE_OPEN',
      `cannot open store ${where}: it is a directory; --db takes a store file or a postgres:// URL`,
    );
  }
  // WINRATE_READ_ONLY=1 opens a SQLite store for reading only (a store the user cannot write opens so anyway).
  return new SqliteStore(where, { readOnly: process.env.WINRATE_READ_ONLY === '1' });
}
