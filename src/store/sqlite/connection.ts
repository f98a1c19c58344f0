import Database from 'better-sqlite3';

/**
 * Bytes of a store file SQLite may read through a memory map instead of read() calls: a cold scan of the 27 MB
 * comparisons table of a 58-model AlpacaEval store took 148 ms through SQLite's page cache and 75 ms mapped. SQLite
 * maps no more than the file's size; writes still go through its pager (and the WAL).
 */
const MMAP_BYTES = 2 ** 30;

/** Opens a store's SQLite connection (better-sqlite3 options as given) with reads through a memory map. */
export function openDatabase(path: string, options: Database.Options = {}): Database.Database {
  const db = new Database(path, options);
  if (path !== ':memory:') db.pragma(`mmap_size = ${MMAP_BYTES}`);
  return db;
}
