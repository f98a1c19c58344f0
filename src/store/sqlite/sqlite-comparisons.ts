import type Database from 'better-sqlite3';
import { InputError } from '../../core/errors.js';
import type { Comparison } from '../../core/model.js';
import type { ImportSummary } from '../store.js';
import { comparisonProblem, strongOf, verdictConflict } from '../import-rules.js';
import { prepared } from './prepared.js';
import type { IdCache } from './sqlite-ids.js';
import { conflict } from './sqlite-ids.js';

const COLUMNS = ['item_id', 'system_a', 'system_b', 'judge_id', 'shown_first', 'sample', 'status', 'p_a', 'label', 'rationale',
  'raw_output', 'prompt_tokens', 'completion_tokens', 'cost', 'duration_ms', 'seq', 'source_id', 'battle_source',
  'tokens_a', 'tokens_b', 'headers_a', 'headers_b', 'lists_a', 'lists_b', 'bolds_a', 'bolds_b', 'strong'];
const W = COLUMNS.length;
/** Rows per INSERT statement: one statement per row costs more in binding calls than SQLite spends storing the row. */
const ROWS = 64;

/** The INSERT of `rows` rows of `columns`, with the import's time as a literal (the same for every row). */
const insertSql = (columns: string[], rows: number, now: string): string => `INSERT INTO comparisons (${columns.join(', ')}, created_at)
  VALUES ${Array.from({ length: rows }, () => `(${Array(columns.length).fill('?').join(', ')}, '${now}')`).join(',\n  ')}
  ON CONFLICT DO NOTHING`;

/** Columns that are NULL (or their default) in every row of `args` are left out of the statement: fewer bindings. */
function presentColumns(args: unknown[], rows: number): number[] {
  const keep: number[] = [];
  for (let k = 0; k < W; k++) {
    const empty = k === 4 ? '' : k === 5 ? 0 : null; // shown_first and sample default to '' and 0
    for (let r = 0; r < rows; r++) {
      if (args[r * W + k] !== empty) {
        keep.push(k);
        break;
      }
    }
  }
  return keep;
}

/**
 * Writes comparisons inside the caller's transaction, 64 rows per statement, and adds the new ok verdicts to the
 * outcome counts (pair_outcomes). A row already stored under its identity (item, systems, judge, order, sample; or
 * battle source and seq) is skipped by the unique indexes; each skipped row is then checked against the stored
 * verdict (import rules): the same verdict counts as unchanged, another one throws naming the row's origin.
 * `tick` hears each row written (progress).
 */
export function writeComparisons(db: Database.Database, ids: IdCache, comparisons: Comparison[], summary: ImportSummary, tick: () => void): void {
  // The table's CHECK constraints cost SQLite 0.45 µs a row, more than storing it: fill() checks the same rules in
  // JavaScript first (and names the row), and SQLite skips them for these inserts only.
  db.pragma('ignore_check_constraints = ON');
  try {
    insertAll(db, ids, comparisons, summary, tick);
  } finally {
    db.pragma('ignore_check_constraints = OFF');
  }
}

function insertAll(db: Database.Database, ids: IdCache, comparisons: Comparison[], summary: ImportSummary, tick: () => void): void {
  const getCmp = prepared(db, `SELECT id, status, p_a, label FROM comparisons
    WHERE item_id = ? AND system_a = ? AND system_b = ? AND judge_id = ? AND shown_first = ? AND sample = ?`);
  const getBattle = prepared(db, 'SELECT id, status, p_a, label FROM comparisons WHERE item_id IS NULL AND battle_source = ? AND seq = ?');
  const lastId = prepared(db, 'SELECT coalesce(max(id), 0) FROM comparisons').pluck();
  const now = new Date().toISOString();
  const n = comparisons.length;
  const args: unknown[] = new Array<unknown>(Math.min(n, ROWS) * W);
  const outcomes = new Map<string, number>();
  const count = (o: number): void => {
    if (args[o + 6] !== 'ok') return;
    const key = `${args[o + 3] as number}|${args[o + 1] as number}|${args[o + 2] as number}|${args[o + 7] as number}|${args[o + 26] as number}`;
    outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
  };
  let statement: { sql: string; columns: number[] } | null = null;
  const statements = new Map<string, Database.Statement>(); // this import's (their time literal differs from the next's)
  for (let start = 0; start < n; start += ROWS) {
    const m = Math.min(ROWS, n - start);
    if (args.length !== m * W) args.length = m * W;
    for (let r = 0; r < m; r++) fill(args, r * W, comparisons[start + r], ids);
    const columns = presentColumns(args, m);
    if (!statement || statement.columns.join() !== columns.join() || m !== ROWS) {
      statement = { sql: insertSql(columns.map((k) => COLUMNS[k]), m, now), columns };
    }
    const values = columns.length === W ? args : bindings(args, m, columns);
    const before = lastId.get() as number;
    const changes = (statements.get(statement.sql) ?? statements.set(statement.sql, db.prepare(statement.sql)).get(statement.sql)!).run(values).changes;
    summary.inserted.comparisons += changes;
    summary.unchanged += m - changes;
    if (changes === m) for (let r = 0; r < m; r++) count(r * W);
    else {
      // some rows were stored already (or earlier in this batch): each must carry the stored verdict
      const counted = new Set<number>();
      for (let r = 0; r < m; r++) {
        const c = comparisons[start + r];
        const o = r * W;
        const old = (args[o] === null ? getBattle.get(args[o + 17], c.seq) : getCmp.get(...args.slice(o, o + 6))) as
          { id: number; status: string; p_a: number | null; label: string | null };
        if (old.id > before && !counted.has(old.id)) {
          counted.add(old.id); // inserted by this statement
          count(o);
          continue;
        }
        const problem = verdictConflict({ status: old.status, pA: old.p_a, label: old.label }, c);
        if (problem) conflict(c.origin, c.origin?.field ?? 'verdict', problem);
      }
    }
    for (let r = 0; r < m; r++) tick();
  }
  const upsert = prepared(db, `INSERT INTO pair_outcomes (judge_id, system_a, system_b, p_a, strong, n) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET n = n + excluded.n`);
  for (const [key, c] of [...outcomes].sort(([x], [y]) => (x < y ? -1 : 1))) upsert.run(...key.split('|').map(Number), c);
}

/** The values of the kept columns, row after row. */
function bindings(args: unknown[], rows: number, columns: number[]): unknown[] {
  const out = new Array<unknown>(rows * columns.length);
  let i = 0;
  for (let r = 0; r < rows; r++) for (const k of columns) out[i++] = args[r * W + k];
  return out;
}

/** The columns of one comparison into `args` from offset `o`, in {@link COLUMNS} order. */
function fill(args: unknown[], o: number, c: Comparison, ids: IdCache): void {
  const itemId = c.itemKey === null ? null : ids.item(c.dataset, c.itemKey, c.origin);
  if (itemId === null && (c.sourceHash == null || c.seq == null)) conflict(c.origin, 'item', 'a comparison without an item needs sourceHash and seq');
  const a = c.styleA;
  const b = c.styleB;
  args[o] = itemId;
  args[o + 1] = ids.system(c.systemA);
  args[o + 2] = ids.system(c.systemB);
  args[o + 3] = ids.judge(c.judge);
  args[o + 4] = c.shownFirst ?? '';
  args[o + 5] = c.sample;
  args[o + 6] = c.status;
  args[o + 7] = c.pA;
  args[o + 8] = c.label;
  args[o + 9] = c.rationale ?? null;
  args[o + 10] = c.rawOutput ?? null;
  args[o + 11] = c.promptTokens ?? null;
  args[o + 12] = c.completionTokens ?? null;
  args[o + 13] = c.cost ?? null;
  args[o + 14] = c.durationMs ?? null;
  args[o + 15] = c.seq ?? null;
  args[o + 16] = ids.source(c.source ?? null, null);
  args[o + 17] = itemId === null ? ids.source(c.source ?? null, c.sourceHash ?? null) : null;
  args[o + 18] = a?.tokens ?? null;
  args[o + 19] = b?.tokens ?? null;
  args[o + 20] = a?.headers ?? null;
  args[o + 21] = b?.headers ?? null;
  args[o + 22] = a?.lists ?? null;
  args[o + 23] = b?.lists ?? null;
  args[o + 24] = a?.bolds ?? null;
  args[o + 25] = b?.bolds ?? null;
  args[o + 26] = strongOf(c) ? 1 : 0;
  const problem = comparisonProblem(c);
  if (problem) throw new InputError('INPUT_FIELD', problem, { ...c.origin, field: c.origin?.field ?? 'verdict' });
}
