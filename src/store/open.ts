import { resolve } from 'node:path';
import type { Store } from './store.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** Default store location, relative to the working directory. */
export const DEFAULT_DB_PATH = '.winrate/winrate.db';

/** Which store file to use: an explicit path, else the WINRATE_DB environment variable, else the default. */
export function resolveDbPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit || env.WINRATE_DB || DEFAULT_DB_PATH);
}

/** Opens (creating and migrating as needed) the store at a path; SQLite is the embedded default. */
export function openStore(path?: string): Store {
  return new SqliteStore(resolveDbPath(path));
}
