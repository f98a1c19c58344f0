import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WinrateError } from '../../src/core/errors.js';
import { resolveDbPath } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/cli.js';
import { storeConformance } from './conformance.js';

describe('SQLite store: conformance', () => {
  storeConformance(() => new SqliteStore(join(tempDir(), 'nested', 'w.db')));
});

describe('SQLite store: file specifics', () => {
  it('persists across reopen, in WAL mode, with the schema version recorded', async () => {
    const path = join(tempDir(), 'w.db');
    const s1 = new SqliteStore(path);
    await s1.importBatch({ items: [{ dataset: 'd', key: 'k', instruction: 'i' }], responses: [], comparisons: [] });
    await s1.close();
    const s2 = new SqliteStore(path);
    expect((await s2.stats()).items).toBe(1);
    expect(s2.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s2.db.pragma('user_version', { simple: true })).toBe(1);
    await s2.close();
  });

  it('refuses a store written by a newer winrate', () => {
    const path = join(tempDir(), 'w.db');
    const db = new Database(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteStore(path)).toThrow(WinrateError);
    expect(() => new SqliteStore(path)).toThrow(/schema version 99/);
  });

  it('resolves the store path: explicit, then WINRATE_DB, then .winrate/winrate.db', () => {
    expect(resolveDbPath('/x/a.db', { WINRATE_DB: '/y/b.db' })).toBe('/x/a.db');
    expect(resolveDbPath(undefined, { WINRATE_DB: '/y/b.db' })).toBe('/y/b.db');
    expect(resolveDbPath(undefined, {})).toBe(join(process.cwd(), '.winrate/winrate.db'));
  });
});
