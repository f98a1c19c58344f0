import { resolve } from 'node:path';
import type { Store } from './store.js';
import type { StudyStore } from './studies.js';
import { SqliteStore } from './sqlite/sqlite-store.js';

/** Default store location, relative to the working directory. */
export const DEFAULT_DB_PATH = '.winrate/winrate.db';

/** Which store file to use: an explicit path, else the WINRATE_DB environment variable, else the default. */
export function resolveDbPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(explicit || env.WINRATE_DB || DEFAULT_DB_PATH);
}

/**
 * The one way in: opens (creating and migrating as needed) the store at a path; SQLite is the embedded default.
 * Every backend serves the comparisons, the judging cache and spend, and human studies.
 */
export function openStore(path?: string): Store & StudyStore {
  return new SqliteStore(resolveDbPath(path));
}
