import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { WinrateError } from '../../core/errors.js';
import type { Finding } from '../../integrity/finding.js';
import type { Grade, MatchResult } from '../../core/model.js';
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
import type { StudyInfo, StudySpec, StudyStore, StudyVote, VoteInput, VoteOutcome, VoteTask } from '../studies.js';
import { EXPORT_SQL, exportFromRows, type RawRows } from '../export-sql.js';
import { comparisonDetailPg, listComparisonsPg } from './pg-browse.js';
import { writeBatchPg } from './pg-import.js';
import { addSummary, emptySummary } from '../store.js';
import { idMaps, PgIds } from './pg-names.js';
import { readExistingJudgmentsPg, readJudgingInputsPg, writeJudgmentPg } from './pg-judging.js';
import { holdSpendPg, readJudgeSpendPg, settleSpendPg } from './pg-spend.js';
import { migratePg } from './pg-migrate.js';
import { withDbRetry } from './pg-retry.js';
import { mirroredShown } from '../judgment-rows.js';
import * as studies from './pg-studies.js';
import { readComparisonTablePg, readOutcomeCountsPg } from './pg-table.js';

/** The advisory lock every write transaction holds: writers queue behind each other, readers never wait. */
const WRITE_LOCK = 0x77696e72;

/** A connection URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url.replace(/\/\/.*$/s, '//***'); // not a URL we can take apart: show nothing after the scheme
  }
  if (u.password) u.password = '***';
  for (const k of [...u.searchParams.keys()]) if (/pass|secret|key|token/i.test(k)) u.searchParams.set(k, '***');
  return u.toString().replace(/%2A%2A%2A/g, '***');
}

/** A judgment's advisory-lock key: 64 bits of its identity's SHA-256, a number, so no text reaches the SQL. */
function lockKey(identity: string): string {
  return createHash('sha256').update(identity).digest().readBigInt64BE(0).toString();
}

/**
 * The team store: PostgreSQL through node-postgres (a pool of connections, so several processes and machines read
 * and write one store). Same tables and rules as the SQLite backend; every import is one transaction, bulk rows go
 * in with COPY, writers serialise on one advisory lock. `pg` loads on first use, keeping the CLI's start-up small.
 */
export class PostgresStore implements Store, StudyStore {
  private readonly ready: Promise<Pool>;
  /** Ids of names, items and sources known to be committed (never deleted), saving round trips per judgment. */
  private readonly idCache = idMaps();

  constructor(readonly url: string) {
    this.ready = this.connect();
    this.ready.catch(() => undefined);
  }

  private async connect(): Promise<Pool> {
    const pg = (await import('pg')).default;
    const types = {
      getTypeParser: (oid: number, format?: string): ((v: string) => unknown) =>
        oid === 20 || oid === 1700
          ? (v: string) => Number(v)
          : (pg.types.getTypeParser(oid, format as 'text') as (v: string) => unknown),
    };
    const pool = new pg.Pool({ connectionString: this.url, max: 8, types, application_name: 'winrate' });
    pool.on('error', () => undefined);
    try {
      await migratePg(pool, redactUrl(this.url));
    } catch (e) {
      await pool.end().catch(() => undefined);
      if (e instanceof WinrateError) throw e;
      throw new WinrateError(
        'STORE_OPEN',
        `cannot open store ${redactUrl(this.url)}: ${(e as Error).message}`,
        {},
        { cause: e },
      );
    }
    return pool;
  }

  /**
   * Runs database work on one pooled connection; when the connection is lost (a restart, a failover), again on a new
   * one once the database is back ({@link withDbRetry}), so that a server, an import or a judging run outlives it.
   */
  private async read<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const pool = await this.ready; // a store that cannot be opened at all fails at once, naming it
    return withDbRetry(() => this.once(pool, fn));
  }

  /** {@link read} without the retry. */
  private async once<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    // A connection lost while checked out emits 'error' on the client: the running query fails with it instead.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    try {
      const out = await fn(client);
      client.off('error', ignore);
      client.release();
      return out;
    } catch (e) {
      client.off('error', ignore);
      client.release(e instanceof Error ? e : true); // a connection that failed is closed, not reused
      throw e;
    }
  }

  /**
   * Runs writes in one transaction holding the write lock; any error rolls everything back. Imports and studies hold
   * it exclusively; a single judgment holds it shared plus a lock on its own identity, so judgments from many workers
   * are stored in parallel but never during an import that checks them.
   */
  private async write<T>(fn: (c: PoolClient) => Promise<T>, judgment?: string): Promise<T> {
    return this.read(async (client) => {
      const lock =
        judgment === undefined
          ? `pg_advisory_xact_lock(${WRITE_LOCK})`
          : `pg_advisory_xact_lock_shared(${WRITE_LOCK}), pg_advisory_xact_lock(${lockKey(judgment)})`;
      await client.query(`BEGIN; SELECT ${lock}`); // one round trip
      try {
        const out = await fn(client);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  /** {@link write} with the store's cache of committed ids, which learns this transaction's ids once it commits. */
  private async writeWithIds<T>(fn: (c: PoolClient, ids: PgIds) => Promise<T>, judgment?: string): Promise<T> {
    let ids: PgIds | undefined;
    const out = await this.write((c) => fn(c, (ids = new PgIds(c, this.idCache))), judgment);
    ids?.commitTo(this.idCache);
    return out;
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return this.read(async (c) => (await c.query(sql, params)).rows as T[]);
  }

  importBatch(batch: ImportBatch): Promise<ImportSummary> {
    return this.writeWithIds((c, ids) => writeBatchPg(c, batch, ids));
  }

  /** One transaction (holding the store's write lock) over every batch as it arrives; any error rolls all back. */
  async importBatches(batches: AsyncIterable<ImportBatch>): Promise<ImportSummary> {
    const it = batches[Symbol.asyncIterator]();
    let next = await it.next(); // read before the write lock is taken (a small import holds it only to write)
    try {
      return await this.writeWithIds(async (c, ids) => {
        const summary = emptySummary();
        for (; !next.done; next = await it.next()) addSummary(summary, await writeBatchPg(c, next.value, ids));
        return summary;
      });
    } catch (e) {
      await it.return?.();
      throw e;
    }
  }

  comparisonTable(filter: ComparisonFilter = {}): Promise<ComparisonTable> {
    return this.read(async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await readComparisonTablePg(c, filter);
      } finally {
        await c.query('COMMIT');
      }
    });
  }

  outcomeCounts(filter: { judge?: string } = {}): Promise<OutcomeCounts> {
    return this.read((c) => readOutcomeCountsPg(c, filter));
  }

  async judgeNames(): Promise<string[]> {
    return (await this.rows<{ name: string }>('SELECT name FROM judges ORDER BY name COLLATE "C"')).map((r) => r.name);
  }

  async stats(): Promise<StoreStats> {
    const [r] = await this.rows<
      Omit<StoreStats, 'judges'>
    >(`SELECT (SELECT count(*) FROM items) AS items, (SELECT count(*) FROM systems) AS systems,
      (SELECT count(*) FROM responses) AS responses, (SELECT count(*) FROM comparisons WHERE status = 'ok') AS comparisons,
      (SELECT count(*) FROM comparisons WHERE status <> 'ok') AS "failedComparisons", (SELECT count(*) FROM grades) AS grades,
      (SELECT count(*) FROM matches) AS matches`);
    const judges = await this.rows<{ name: string }>('SELECT name FROM judges ORDER BY name COLLATE "C"');
    return { ...r, judges: judges.map((j) => j.name) };
  }

  async version(): Promise<string> {
    const [r] = await this.rows<{
      v: string;
    }>(`SELECT concat_ws(':', (SELECT coalesce(max(id), 0) FROM comparisons), (SELECT count(*) FROM comparisons),
      (SELECT coalesce(max(id), 0) FROM grades), (SELECT count(*) FROM grades), (SELECT count(*) FROM responses),
      (SELECT coalesce(max(id), 0) FROM items), (SELECT coalesce(max(id), 0) FROM votes), (SELECT coalesce(max(id), 0) FROM findings),
      (SELECT count(*) FROM matches), (SELECT count(score) FROM grades), (SELECT count(closed_at) FROM studies),
      (SELECT count(revoked_at) FROM annotators), (SELECT md5(coalesce(string_agg(key || '=' || value, ',' ORDER BY key), '')) FROM settings)) AS v`);
    return r.v;
  }

  async instructions(dataset?: string): Promise<string[]> {
    const rows = await this.rows<{ instruction: string }>(
      'SELECT instruction FROM items WHERE ($1::text IS NULL OR dataset = $1) ORDER BY id',
      [dataset ?? null],
    );
    return rows.map((r) => r.instruction);
  }

  async itemCategories(dataset?: string): Promise<Map<number, string>> {
    const rows = await this.rows<{ id: number; category: string }>(
      'SELECT id, category FROM items WHERE category IS NOT NULL AND ($1::text IS NULL OR dataset = $1) ORDER BY id',
      [dataset ?? null],
    );
    return new Map(rows.map((r) => [r.id, r.category]));
  }

  async lengthTotals(dataset?: string): Promise<Map<string, { total: number; n: number }>> {
    const rows = await this.rows<{ name: string; total: string; n: string }>(
      `SELECT s.name, sum(r.length) AS total, count(*) AS n FROM responses r
      JOIN systems s ON s.id = r.system_id JOIN items i ON i.id = r.item_id WHERE ($1::text IS NULL OR i.dataset = $1)
      GROUP BY s.name ORDER BY s.name COLLATE "C"`,
      [dataset ?? null],
    );
    return new Map(rows.map((r) => [r.name, { total: Number(r.total), n: Number(r.n) }]));
  }

  async averageLengths(dataset?: string): Promise<Map<string, number>> {
    const rows = await this.rows<{ name: string; len: number }>(
      `SELECT s.name, avg(r.length::float8) AS len FROM responses r
      JOIN systems s ON s.id = r.system_id JOIN items i ON i.id = r.item_id WHERE ($1::text IS NULL OR i.dataset = $1)
      GROUP BY s.name ORDER BY s.name COLLATE "C"`,
      [dataset ?? null],
    );
    return new Map(rows.map((r) => [r.name, r.len]));
  }

  grades(filter: { judge?: string } = {}): Promise<Grade[]> {
    return this.rows<Grade>(
      `SELECT i.dataset, i.key AS "itemKey", s.name AS system, j.name AS judge, g.turn, g.sample, g.score, g.raw_output AS "rawOutput",
      g.output_length AS "outputLength", g.output_status AS "outputStatus", src.path AS source
      FROM grades g JOIN items i ON i.id = g.item_id JOIN systems s ON s.id = g.system_id JOIN judges j ON j.id = g.judge_id
      LEFT JOIN sources src ON src.id = g.source_id WHERE ($1::text IS NULL OR j.name = $1) ORDER BY g.id`,
      [filter.judge ?? null],
    );
  }

  async matches(game?: string): Promise<MatchResult[]> {
    const rows = await this.rows<MatchResult & { aFirst: number | null }>(
      `SELECT game, match_id AS "matchId", player_a AS "playerA",
      player_b AS "playerB", score_a AS "scoreA", pair, round, opponent_level AS "opponentLevel", date, points_a AS "pointsA",
      a_first AS "aFirst", src.path AS source, level_a AS "levelA", contest FROM matches m LEFT JOIN sources src ON src.id = m.source_id
      WHERE ($1::text IS NULL OR game = $1) ORDER BY m.id`,
      [game ?? null],
    );
    return rows.map((r) => ({ ...r, aFirst: r.aFirst === null ? null : r.aFirst === 1 }));
  }

  listComparisons(q: ComparisonQuery): Promise<{ total: number; rows: ComparisonSummary[] }> {
    return this.read((c) => listComparisonsPg(c, q));
  }

  comparisonDetail(id: number): Promise<ComparisonDetail | null> {
    return this.read((c) => comparisonDetailPg(c, id));
  }

  verdicts(filter: { judge?: string; dataset?: string } = {}): Promise<StoredVerdict[]> {
    return this.rows<StoredVerdict>(
      `SELECT i.dataset, i.key AS "itemKey", sa.name AS "systemA", sb.name AS "systemB", j.name AS judge, c.p_a AS "pA"
      FROM comparisons c JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
      JOIN judges j ON j.id = c.judge_id WHERE c.status = 'ok' AND ($1::text IS NULL OR j.name = $1) AND ($2::text IS NULL OR i.dataset = $2)
      ORDER BY c.id`,
      [filter.judge ?? null, filter.dataset ?? null],
    );
  }

  judgingInputs(dataset?: string): Promise<JudgingInputs> {
    return this.read((c) => readJudgingInputsPg(c, dataset));
  }

  existingJudgments(judge: string): Promise<Map<string, StoredJudgment>> {
    return this.read((c) => readExistingJudgmentsPg(c, judge));
  }

  async cachedResponse(key: string): Promise<string | null> {
    return (
      (await this.rows<{ response: string }>('SELECT response FROM judge_cache WHERE key = $1', [key]))[0]?.response ??
      null
    );
  }

  recordJudgment(record: JudgmentRecord): Promise<void> {
    const c = record.comparison;
    const g = record.grade;
    const identity = JSON.stringify(
      // the lock of a judgment and of its mirror (roles swapped) is one: two workers cannot store both
      c
        ? c.systemA <= c.systemB
          ? [c.judge, c.dataset, c.itemKey, c.systemA, c.systemB, c.shownFirst ?? '', c.sample]
          : [c.judge, c.dataset, c.itemKey, c.systemB, c.systemA, mirroredShown(c.shownFirst), c.sample]
        : g
          ? [g.judge, g.dataset, g.itemKey, g.system, g.turn]
          : [record.cacheKey],
    );
    return this.writeWithIds((client, ids) => writeJudgmentPg(client, record, ids), identity);
  }

  replaceFindings(findings: Finding[], systems?: string[]): Promise<void> {
    return this.write(async (c) => {
      if (systems) await c.query('DELETE FROM findings WHERE system = ANY($1)', [systems]);
      else await c.query('DELETE FROM findings');
      for (const f of findings) {
        await c.query(
          'INSERT INTO findings (system, dataset, item_key, check_name, severity, evidence) VALUES ($1, $2, $3, $4, $5, $6)',
          [f.system, f.dataset, f.item, f.check, f.severity, f.evidence],
        );
      }
    });
  }

  findings(filter: { system?: string } = {}): Promise<Finding[]> {
    return this.rows<Finding>(
      `SELECT system, dataset, item_key AS item, check_name AS "check", severity, evidence FROM findings
      WHERE ($1::text IS NULL OR system = $1) ORDER BY id`,
      [filter.system ?? null],
    );
  }

  judgeSpend(judge: string): Promise<JudgeSpend> {
    return this.read((c) => readJudgeSpendPg(c, judge));
  }

  holdSpend(hold: SpendHold, decide: (spent: number, held: number) => HoldDecision): Promise<HoldResult> {
    // its own short transaction, outside the write lock: holds do not wait for an import, nor block one
    return this.read(async (c) => {
      await c.query('BEGIN');
      try {
        const out = await holdSpendPg(c, hold, decide);
        await c.query('COMMIT');
        return out;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      }
    });
  }

  settleSpend(id: string, cost: number, cacheKey: string | null, seconds: number): Promise<void> {
    return this.read((c) => settleSpendPg(c, id, cost, cacheKey, seconds));
  }

  setting(key: string): Promise<string | null> {
    return this.read(
      async (c) =>
        (await c.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value ?? null,
    );
  }

  exportAll(): Promise<StoreExport> {
    return this.read(async (c) => {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        const results = new Map<string, RawRows>();
        for (const sql of Object.values(EXPORT_SQL)) {
          const r = await c.query<unknown[]>({ text: sql, rowMode: 'array' });
          results.set(sql, { columns: r.fields.map((f) => f.name), rows: r.rows });
        }
        return exportFromRows((sql) => results.get(sql) as RawRows);
      } finally {
        await c.query('COMMIT');
      }
    });
  }

  createStudy(spec: StudySpec): Promise<{ tasks: number; gold: number }> {
    return this.write((c) => studies.createStudyPg(c, spec));
  }

  addAnnotator(study: string, name: string, tokenHash: string): Promise<void> {
    return this.write((c) => studies.addAnnotatorPg(c, study, name, tokenHash));
  }

  annotatorByToken(study: string, tokenHash: string): Promise<string | null> {
    return this.read((c) => studies.annotatorByTokenPg(c, study, tokenHash));
  }

  async nextTask(study: string, annotator: string): Promise<VoteTask | null> {
    const key = await (this.sideKey ??= this.secret('sides'));
    return this.read((c) => studies.nextTaskPg(c, study, annotator, key));
  }

  /** The store's secret that decides which side each system is shown on ({@link leftIsX}), read once. */
  private sideKey: Promise<string> | undefined;

  recordVote(v: VoteInput): Promise<VoteOutcome> {
    return this.write((c) => studies.recordVotePg(c, v));
  }

  studyVotes(study: string): Promise<StudyVote[]> {
    return this.read((c) => studies.studyVotesPg(c, study));
  }

  closeStudy(study: string): Promise<void> {
    return this.write((c) => studies.closeStudyPg(c, study));
  }

  revokeAnnotator(study: string, name: string): Promise<void> {
    return this.write((c) => studies.revokeAnnotatorPg(c, study, name));
  }

  listStudies(): Promise<StudyInfo[]> {
    return this.read((c) => studies.listStudiesPg(c));
  }

  secret(name: string): Promise<string> {
    return this.write((c) => studies.secretPg(c, name));
  }

  async close(): Promise<void> {
    const pool = await this.ready.catch(() => null);
    await pool?.end();
  }
}
