import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WinrateError } from '../../src/core/errors.js';
import { resolveDbPath } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/cli.js';
import { storeConformance, studyConformance } from './conformance.js';

describe('SQLite store: conformance', () => {
  storeConformance(() => new SqliteStore(join(tempDir(), 'nested', 'w.db')));
  studyConformance(() => new SqliteStore(join(tempDir(), 's.db')));
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
    expect(s2.db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    await s2.close();
  });

  it('migrates a store written by the first schema version, keeping its match results', async () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    old.exec(SQLITE_MIGRATIONS[0]);
    old.exec("INSERT INTO matches (game, match_id, player_a, player_b, score_a) VALUES ('chess', 'm1', 'A', 'B', 0.5)");
    old.pragma('user_version = 1');
    old.close();
    const s = new SqliteStore(path);
    expect(s.db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    expect(await s.matches()).toEqual([
      {
        game: 'chess',
        matchId: 'm1',
        playerA: 'A',
        playerB: 'B',
        scoreA: 0.5,
        pair: null,
        round: null,
        opponentLevel: null,
        date: null,
        pointsA: null,
        aFirst: null,
        source: null,
        levelA: null,
        contest: null,
      },
    ]);
    expect(await s.judgeSpend('nobody')).toEqual({ cost: 0, calls: 0, unpriced: 0 });
    await s.close();
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
