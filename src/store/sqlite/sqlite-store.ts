import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { WinrateError } from '../../core/errors.js';
import type { Finding } from '../../integrity/finding.js';
import type { Grade, MatchResult } from '../../core/model.js';
import { addSummary, emptySummary } from '../store.js';
import type {
  ComparisonDetail,
  ComparisonFilter,
  ComparisonQuery,
  ComparisonSummary,
  ComparisonTable,
  ImportBatch,
  ImportSummary,
  JudgeSpend,
  HoldDecision,
  HoldResult,
  SpendHold,
  JudgingInputs,
  JudgmentRecord,
  OutcomeCounts,
  Store,
  StoreExport,
  StoreStats,
  StoredJudgment,
  StoredVerdict,
} from '../store.js';
import { exportFromRows } from '../export-sql.js';
import { SQLITE_MIGRATIONS } from './migrations.js';
import { repairLegacyV1 } from './legacy.js';
import { upgradeNotice, type StoreUpgrade } from '../upgrade-notice.js';
import { writeBatch } from './sqlite-import.js';
import { openDatabase } from './connection.js';
import { flushOutcomes } from './sqlite-comparisons.js';
import { OutcomeTally } from '../outcome-tally.js';
import { readOutcomeCounts } from './sqlite-table.js';
import { readComparisonTableParallel } from './parallel-table.js';
import { readExistingJudgments, readJudgingInputs, writeJudgment } from './sqlite-judging.js';
import { holdSpendSqlite, readJudgeSpend, settleSpendSqlite } from './sqlite-spend.js';
import { comparisonDetail, listComparisons } from './sqlite-browse.js';
import * as studies from './sqlite-studies.js';
import { readOnlyError, whenWritable } from './busy.js';
import { writable } from './writable.js';
import type { StudyInfo, StudySpec, StudyStore, StudyVote, VoteInput, VoteOutcome, VoteTask } from '../studies.js';

/**
 * The embedded default store: one SQLite file through better-sqlite3, in WAL mode, schema versioned by
 * `PRAGMA user_version`. Each import is one transaction, so a crash or a bad row never leaves half a file.
 */
export class SqliteStore implements Store, StudyStore {
  readonly db: Database.Database;

  /** `readOnly`: open for reading only, even where the user could write (e.g. to serve a shared store safely). */
  constructor(
    readonly path: string,
    options: { readOnly?: boolean } = {},
  ) {
    // A store the user may read but not write (a shared, archived or mounted file) opens read-only: every query
    // works, and a write says why it cannot.
    this.readOnly =
      path !== ':memory:' &&
      existsSync(path) &&
      (options.readOnly === true || !(writable(path) && writable(dirname(path))));
    try {
      if (path !== ':memory:' && !this.readOnly) mkdirSync(dirname(path), { recursive: true });
      this.db = openDatabase(path, this.readOnly ? { readonly: true, fileMustExist: true } : {});
    } catch (e) {
      throw new WinrateError('STORE_OPEN', `cannot open store ${path}: ${(e as Error).message}`, {}, { cause: e });
    }
    if (this.readOnly) {
      this.upgrade = null;
      this.db = this.openReadOnly(this.db);
      return;
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      // Short: writes wait for another writer asynchronously (busy.ts); reads never wait in WAL mode.
      this.db.pragma('busy_timeout = 200');
      this.upgrade = migrate(this.db, path);
    } catch (e) {
      this.db.close();
      if (e instanceof WinrateError) throw e;
      const code = (e as { code?: string }).code;
      const why =
        code === 'SQLITE_NOTADB' ? 'the file is not a winrate store (not a SQLite database)' : (e as Error).message;
      throw new WinrateError('STORE_OPEN', `cannot open store ${path}: ${why}`, {}, { cause: e });
    }
    this.db.pragma('foreign_keys = ON');
    if (this.upgrade) upgradeNotice(path, this.upgrade);
  }

  /** The schema upgrade opening this store performed (null when it was current or new). */
  readonly upgrade: StoreUpgrade | null;

  /** Whether the file could only be opened for reading (its writes fail with STORE_OPEN naming the file). */
  readonly readOnly: boolean;

  /**
   * Checks a read-only store's schema. In a directory this user cannot write, SQLite cannot create the WAL's shared
   * memory file, so the store is read from a private snapshot (copied with its WAL to a temporary directory, removed
   * at exit): the user reads the store as it was when opened.
   */
  private openReadOnly(db: Database.Database): Database.Database {
    try {
      db.pragma('user_version', { simple: true });
    } catch (e) {
      if (!/^SQLITE_(READONLY|CANTOPEN)/.test(String((e as { code?: string }).code))) throw e;
      db.close();
      const dir = mkdtempSync(join(tmpdir(), 'winrate-readonly-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      for (const suffix of ['', '-wal'])
        if (existsSync(this.path + suffix)) copyFileSync(this.path + suffix, join(dir, `store.db${suffix}`));
      db = openDatabase(join(dir, 'store.db'), { readonly: true, fileMustExist: true });
    }
    this.checkReadOnlyVersion(db);
    return db;
  }

  private checkReadOnlyVersion(db: Database.Database): void {
    try {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== SQLITE_MIGRATIONS.length) {
        throw new WinrateError(
          'STORE_VERSION',
          `store ${this.path} is read-only and has schema version ${version}, not ${SQLITE_MIGRATIONS.length}: ` +
            (version > SQLITE_MIGRATIONS.length
              ? 'upgrade winrate'
              : 'open it once with write access so that it can be upgraded'),
        );
      }
    } catch (e) {
      db.close();
      if (e instanceof WinrateError) throw e;
      const code = (e as { code?: string }).code;
      const why =
        code === 'SQLITE_NOTADB' ? 'the file is not a winrate store (not a SQLite database)' : (e as Error).message;
      throw new WinrateError('STORE_OPEN', `cannot open store ${this.path}: ${why}`, {}, { cause: e });
    }
  }

  importBatch(batch: ImportBatch): Promise<ImportSummary> {
    return this.write(() => this.db.transaction(() => writeBatch(this.db, batch)).immediate());
  }

  /**
   * One transaction held while the batches stream in (other writes through this store wait for it; readers in other
   * processes see the store as it was until the commit). Any error rolls every batch back.
   */
  importBatches(batches: AsyncIterable<ImportBatch>): Promise<ImportSummary> {
    const run = async (): Promise<ImportSummary> => {
      if (this.readOnly) throw readOnlyError(this.path);
      // Foreign keys are not re-checked row by row (a third of the time of a million battles): every id the writer
      // stores it has just read or created in this transaction (sqlite-ids.ts). They are on again after it.
      const it = batches[Symbol.asyncIterator]();
      let next = await it.next(); // read before the write lock is taken (a small import holds it only to write)
      this.db.pragma('foreign_keys = OFF');
      try {
        await whenWritable(this.path, () => this.db.exec('BEGIN IMMEDIATE'));
        const summary = emptySummary();
        const outcomes = new OutcomeTally();
        for (; !next.done; next = await it.next()) addSummary(summary, writeBatch(this.db, next.value, outcomes));
        flushOutcomes(this.db, outcomes);
        this.db.exec('COMMIT');
        this.writes++;
        return summary;
      } catch (e) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        await it.return?.();
        throw e;
      } finally {
        this.db.pragma('foreign_keys = ON');
      }
    };
    const done = this.exclusive.then(run);
    this.exclusive = done.catch(() => undefined);
    return done;
  }

  /** The streamed import in progress (other writes through this connection wait for it). */
  private exclusive: Promise<unknown> = Promise.resolve();

  comparisonTable(filter: ComparisonFilter = {}): Promise<ComparisonTable> {
    return readComparisonTableParallel(this.db, filter);
  }

  outcomeCounts(filter: { judge?: string } = {}): Promise<OutcomeCounts> {
    return Promise.resolve(readOutcomeCounts(this.db, filter));
  }

  judgeNames(): Promise<string[]> {
    return attempt(() => this.db.prepare('SELECT name FROM judges ORDER BY name').pluck().all() as string[]);
  }

  stats(): Promise<StoreStats> {
    const one = (sql: string): number => this.db.prepare(sql).pluck().get() as number;
    return Promise.resolve({
      items: one('SELECT count(*) FROM items'),
      systems: one('SELECT count(*) FROM systems'),
      responses: one('SELECT count(*) FROM responses'),
      comparisons: one("SELECT count(*) FROM comparisons WHERE status = 'ok'"),
      failedComparisons: one("SELECT count(*) FROM comparisons WHERE status <> 'ok'"),
      grades: one('SELECT count(*) FROM grades'),
      matches: one('SELECT count(*) FROM matches'),
      judges: this.db.prepare('SELECT name FROM judges ORDER BY name').pluck().all() as string[],
    });
  }

  /**
   * O(1), asked on every dashboard request: SQLite's data_version (changes when another connection commits) and
   * this connection's count of committed writes. (Counting rows instead scanned the responses on every page view.)
   */
  version(): Promise<string> {
    return Promise.resolve(`${this.db.pragma('data_version', { simple: true }) as number}:${this.writes}`);
  }

  /** Commits made through this connection (part of {@link version}). */
  private writes = 0;

  /** A write that waits for other writers (busy.ts) and, once committed, changes {@link version}. */
  private async write<T>(fn: () => T): Promise<T> {
    if (this.readOnly) throw readOnlyError(this.path); // even a write that would change nothing
    await this.exclusive;
    const v = await whenWritable(this.path, fn);
    this.writes++;
    return v;
  }

  instructions(dataset?: string): Promise<string[]> {
    return Promise.resolve(
      this.db
        .prepare('SELECT instruction FROM items WHERE (? IS NULL OR dataset = ?) ORDER BY id')
        .pluck()
        .all(dataset ?? null, dataset ?? null) as string[],
    );
  }

  itemCategories(dataset?: string): Promise<Map<number, string>> {
    const rows = this.db
      .prepare('SELECT id, category FROM items WHERE category IS NOT NULL AND (? IS NULL OR dataset = ?)')
      .raw()
      .all(dataset ?? null, dataset ?? null) as [number, string][];
    return Promise.resolve(new Map(rows));
  }

  averageLengths(dataset?: string): Promise<Map<string, number>> {
    const rows = this.db
      .prepare(
        `SELECT s.name, avg(r.length) AS len FROM responses r JOIN systems s ON s.id = r.system_id
      JOIN items i ON i.id = r.item_id WHERE (? IS NULL OR i.dataset = ?) GROUP BY s.name ORDER BY s.name`,
      )
      .all(dataset ?? null, dataset ?? null) as { name: string; len: number }[];
    return Promise.resolve(new Map(rows.map((r) => [r.name, r.len])));
  }

  lengthTotals(dataset?: string): Promise<Map<string, { total: number; n: number }>> {
    const rows = this.db
      .prepare(
        `SELECT s.name, sum(r.length) AS total, count(*) AS n FROM responses r JOIN systems s ON s.id = r.system_id
      JOIN items i ON i.id = r.item_id WHERE (? IS NULL OR i.dataset = ?) GROUP BY s.name ORDER BY s.name`,
      )
      .all(dataset ?? null, dataset ?? null) as { name: string; total: number; n: number }[];
    return Promise.resolve(new Map(rows.map((r) => [r.name, { total: r.total, n: r.n }])));
  }

  grades(filter: { judge?: string } = {}): Promise<Grade[]> {
    const rows = this.db
      .prepare(
        `SELECT i.dataset, i.key AS itemKey, s.name AS system, j.name AS judge, g.turn, g.sample, g.score, g.raw_output AS rawOutput, g.output_length AS outputLength, g.output_status AS outputStatus, src.path AS source
      FROM grades g JOIN items i ON i.id = g.item_id JOIN systems s ON s.id = g.system_id JOIN judges j ON j.id = g.judge_id
      LEFT JOIN sources src ON src.id = g.source_id
      WHERE (? IS NULL OR j.name = ?) ORDER BY g.id`,
      )
      .all(filter.judge ?? null, filter.judge ?? null) as Grade[];
    return Promise.resolve(rows);
  }

  matches(game?: string): Promise<MatchResult[]> {
    const rows = this.db
      .prepare(
        `SELECT game, match_id AS matchId, player_a AS playerA, player_b AS playerB, score_a AS scoreA, pair, round,
      opponent_level AS opponentLevel, date, points_a AS pointsA, a_first AS aFirst, src.path AS source,
      level_a AS levelA, contest FROM matches m LEFT JOIN sources src ON src.id = m.source_id WHERE (? IS NULL OR game = ?) ORDER BY m.id`,
      )
      .all(game ?? null, game ?? null) as (MatchResult & { aFirst: number | null })[];
    return Promise.resolve(rows.map((r) => ({ ...r, aFirst: r.aFirst === null ? null : r.aFirst === 1 })));
  }

  listComparisons(q: ComparisonQuery): Promise<{ total: number; rows: ComparisonSummary[] }> {
    return Promise.resolve(listComparisons(this.db, q));
  }

  comparisonDetail(id: number): Promise<ComparisonDetail | null> {
    return Promise.resolve(comparisonDetail(this.db, id));
  }

  verdicts(filter: { judge?: string; dataset?: string } = {}): Promise<StoredVerdict[]> {
    return Promise.resolve(
      this.db
        .prepare(
          `SELECT i.dataset, i.key AS itemKey, sa.name AS systemA, sb.name AS systemB, j.name AS judge, c.p_a AS pA
      FROM comparisons c JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b JOIN judges j ON j.id = c.judge_id
      WHERE c.status = 'ok' AND (? IS NULL OR j.name = ?) AND (? IS NULL OR i.dataset = ?) ORDER BY c.id`,
        )
        .all(
          filter.judge ?? null,
          filter.judge ?? null,
          filter.dataset ?? null,
          filter.dataset ?? null,
        ) as StoredVerdict[],
    );
  }

  judgingInputs(dataset?: string): Promise<JudgingInputs> {
    return Promise.resolve(readJudgingInputs(this.db, dataset));
  }

  existingJudgments(judge: string): Promise<Map<string, StoredJudgment>> {
    return Promise.resolve(readExistingJudgments(this.db, judge));
  }

  cachedResponse(key: string): Promise<string | null> {
    return Promise.resolve(
      (this.db.prepare('SELECT response FROM judge_cache WHERE key = ?').pluck().get(key) as string | undefined) ??
        null,
    );
  }

  recordJudgment(record: JudgmentRecord): Promise<void> {
    return this.write(() => writeJudgment(this.db, record));
  }

  replaceFindings(findings: Finding[], systems?: string[]): Promise<void> {
    const db = this.db;
    return this.write(() =>
      db
        .transaction(() => {
          if (systems) for (const s of systems) db.prepare('DELETE FROM findings WHERE system = ?').run(s);
          else db.prepare('DELETE FROM findings').run();
          const ins = db.prepare(
            'INSERT INTO findings (system, dataset, item_key, check_name, severity, evidence) VALUES (?, ?, ?, ?, ?, ?)',
          );
          for (const f of findings) ins.run(f.system, f.dataset, f.item, f.check, f.severity, f.evidence);
        })
        .immediate(),
    );
  }

  findings(filter: { system?: string } = {}): Promise<Finding[]> {
    return Promise.resolve(
      this.db
        .prepare(
          `SELECT system, dataset, item_key AS item, check_name AS "check", severity, evidence FROM findings
      WHERE (? IS NULL OR system = ?) ORDER BY id`,
        )
        .all(filter.system ?? null, filter.system ?? null) as Finding[],
    );
  }

  judgeSpend(judge: string): Promise<JudgeSpend> {
    return Promise.resolve(readJudgeSpend(this.db, judge));
  }

  holdSpend(hold: SpendHold, decide: (spent: number, held: number) => HoldDecision): Promise<HoldResult> {
    return this.write(() => holdSpendSqlite(this.db, hold, decide));
  }

  settleSpend(id: string, cost: number, cacheKey: string | null, seconds: number): Promise<void> {
    return this.write(() => settleSpendSqlite(this.db, id, cost, cacheKey, seconds));
  }

  setting(key: string): Promise<string | null> {
    return attempt(
      () =>
        (this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null,
    );
  }

  exportAll(): Promise<StoreExport> {
    return attempt(() =>
      exportFromRows((sql) => {
        const stmt = this.db.prepare(sql).raw();
        return { columns: stmt.columns().map((c) => c.name), rows: stmt.iterate() as Iterable<unknown[]> };
      }),
    );
  }

  createStudy(spec: StudySpec): Promise<{ tasks: number; gold: number }> {
    return this.write(() => studies.createStudy(this.db, spec));
  }

  addAnnotator(study: string, name: string, tokenHash: string): Promise<void> {
    return this.write(() => studies.addAnnotator(this.db, study, name, tokenHash));
  }

  annotatorByToken(study: string, tokenHash: string): Promise<string | null> {
    return attempt(() => studies.annotatorByToken(this.db, study, tokenHash));
  }

  async nextTask(study: string, annotator: string): Promise<VoteTask | null> {
    const key = await (this.sideKey ??= this.secret('sides'));
    return attempt(() => studies.nextTask(this.db, study, annotator, key));
  }

  /** The store's secret that decides which side each system is shown on ({@link leftIsX}), read once. */
  private sideKey: Promise<string> | undefined;

  recordVote(v: VoteInput): Promise<VoteOutcome> {
    return this.write(() => studies.recordVote(this.db, v));
  }

  studyVotes(study: string): Promise<StudyVote[]> {
    return attempt(() => studies.studyVotes(this.db, study));
  }

  closeStudy(study: string): Promise<void> {
    return this.write(() => studies.closeStudy(this.db, study));
  }

  revokeAnnotator(study: string, name: string): Promise<void> {
    return this.write(() => studies.revokeAnnotator(this.db, study, name));
  }

  listStudies(): Promise<StudyInfo[]> {
    return attempt(() => studies.listStudies(this.db));
  }

  secret(name: string): Promise<string> {
    return this.write(() => studies.secret(this.db, name));
  }

  close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

/** Runs synchronous store work, turning a throw into a rejected promise. */
function attempt<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

/**
 * Applies the migrations a store lacks in one transaction (foreign keys off, checked at the end): an older store is
 * upgraded, a store of a newer winrate refused. Returns what changed for an existing store, null for a new or current
 * one.
 */
function migrate(db: Database.Database, path: string): StoreUpgrade | null {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SQLITE_MIGRATIONS.length) {
    throw new WinrateError(
      'STORE_VERSION',
      `store ${path} has schema version ${version}, newer than this winrate (${SQLITE_MIGRATIONS.length}); upgrade winrate`,
    );
  }
  // A current store needs nothing: no transaction, no foreign-key check (which scans every table, 0.24 s a command
  // on a million comparisons).
  if (version === SQLITE_MIGRATIONS.length) return null;
  let legacy = false;
  db.transaction(() => {
    if (version === 1) legacy = repairLegacyV1(db);
    for (let v = version; v < SQLITE_MIGRATIONS.length; v++) db.exec(SQLITE_MIGRATIONS[v]);
    db.pragma(`user_version = ${SQLITE_MIGRATIONS.length}`);
    const broken = db.prepare('PRAGMA foreign_key_check').all();
    if (broken.length)
      throw new WinrateError(
        'STORE_VERSION',
        `upgrading store ${path} left ${broken.length} broken references; nothing was changed`,
      );
  }).immediate();
  return version > 0 && (version < SQLITE_MIGRATIONS.length || legacy)
    ? { from: version, to: SQLITE_MIGRATIONS.length, legacy }
    : null;
}
