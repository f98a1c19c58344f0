import type Database from 'better-sqlite3';
import { InputError } from '../../core/errors.js';
import type { Comparison } from '../../core/model.js';
import { comparisonAt, type ComparisonColumns } from '../comparison-columns.js';
import type { ImportSummary } from '../store.js';
import { comparisonProblem, strongOf, verdictConflict } from '../import-rules.js';
import { prepared } from './prepared.js';
import type { IdCache } from './sqlite-ids.js';
import { conflict } from './sqlite-ids.js';
import { OutcomeTally } from '../outcome-tally.js';
import { bindings, insertPlan, type InsertPlan } from './sqlite-insert-plan.js';
import { COMPARISON_COLUMNS } from '../comparison-table-columns.js';

const W = COMPARISON_COLUMNS.length;
/** Rows per INSERT statement: one statement per row costs more in binding calls than SQLite spends storing the row. */
const ROWS = 64;

/**
 * Writes comparisons inside the caller's transaction, 64 rows per statement, and adds the new ok verdicts to
 * `outcomes` (for {@link flushOutcomes}). A row already stored under its identity (item, systems, judge, order,
 * sample; or battle source and seq) is skipped by the unique indexes; each skipped row is then checked against the
 * stored verdict (import rules): the same verdict counts as unchanged, another one throws naming the row's origin.
 * `tick` hears each row written (progress).
 */
export function writeComparisons(
  db: Database.Database,
  ids: IdCache,
  comparisons: Comparison[] | ComparisonColumns,
  summary: ImportSummary,
  tick: () => void,
  outcomes: OutcomeTally,
): void {
  // The table's CHECK constraints cost SQLite 0.45 µs a row, more than storing it: the row sources check the same
  // rules in JavaScript first (and name the row), and SQLite skips them for these inserts only.
  db.pragma('ignore_check_constraints = ON');
  try {
    const rows = Array.isArray(comparisons) ? objectRows(comparisons, ids) : columnRows(comparisons, ids);
    insertAll(db, rows, summary, tick, outcomes);
  } finally {
    db.pragma('ignore_check_constraints = OFF');
  }
}

/**
 * Rows to insert: how many, their values in {@link COMPARISON_COLUMNS} order into `args` from offset `o`, and each as
 * an object.
 */
interface RowSource {
  length: number;
  fill(args: unknown[], o: number, i: number): void;
  at(i: number): Comparison;
}

function objectRows(comparisons: Comparison[], ids: IdCache): RowSource {
  return {
    length: comparisons.length,
    fill: (args, o, i) => fill(args, o, comparisons[i], ids),
    at: (i) => comparisons[i],
  };
}

/** Columns to rows: names, items and sources resolved to ids once, then each row copied from the typed arrays. */
function columnRows(c: ComparisonColumns, ids: IdCache): RowSource {
  const systems = new Int32Array(c.names.length).fill(-1);
  const judges = new Int32Array(c.names.length).fill(-1);
  const system = (k: number): number => (systems[k] >= 0 ? systems[k] : (systems[k] = ids.system(c.names[k])));
  const judge = (k: number): number => (judges[k] >= 0 ? judges[k] : (judges[k] = ids.judge(c.names[k])));
  const items = c.itemKeys.map((key) => ids.item(c.dataset, key, { file: c.source }));
  const source = ids.source(c.source, null);
  // the hashed source identifies battles without an item; a file whose battles all have items gets none (as before)
  const battle = c.item.some((k) => k < 0) ? ids.source(c.source, c.sourceHash) : null;
  const strong = c.labels.map((label) => (strongOf({ label }) ? 1 : 0));
  const S = c.style;
  const nul = (v: number): number | null => (Number.isNaN(v) ? null : v);
  return {
    length: c.length,
    at: (i) => comparisonAt(c, i),
    fill(args, o, i) {
      const item = c.item[i];
      const pA = c.pA[i];
      if (!(pA >= 0 && pA <= 1))
        throw new InputError('INPUT_FIELD', `a verdict needs P(A wins) in [0, 1] (got ${pA})`, {
          file: c.source,
          row: c.line[i],
        });
      args[o] = item < 0 ? null : items[item];
      args[o + 1] = system(c.a[i]);
      args[o + 2] = system(c.b[i]);
      args[o + 3] = judge(c.judge[i]);
      args[o + 4] = '';
      args[o + 5] = c.sample[i];
      args[o + 6] = 'ok';
      args[o + 7] = pA;
      args[o + 8] = c.labels[c.label[i]];
      for (let k = 9; k < 15; k++) args[o + k] = null;
      args[o + 15] = c.seq[i];
      args[o + 16] = source;
      args[o + 17] = item < 0 ? battle : null;
      const s = i * 8;
      for (let k = 0; k < 4; k++) {
        args[o + 18 + 2 * k] = nul(S[s + k]);
        args[o + 19 + 2 * k] = nul(S[s + 4 + k]);
      }
      args[o + 26] = strong[c.label[i]];
    },
  };
}

function insertAll(
  db: Database.Database,
  rows: RowSource,
  summary: ImportSummary,
  tick: () => void,
  outcomes: OutcomeTally,
): void {
  const getCmp = prepared(
    db,
    `SELECT id, status, p_a, label FROM comparisons
    WHERE item_id = ? AND system_a = ? AND system_b = ? AND judge_id = ? AND shown_first = ? AND sample = ?`,
  );
  const getBattle = prepared(
    db,
    'SELECT id, status, p_a, label FROM comparisons WHERE item_id IS NULL AND battle_source = ? AND seq = ?',
  );
  const lastId = prepared(db, 'SELECT coalesce(max(id), 0) FROM comparisons').pluck();
  const now = new Date().toISOString();
  const n = rows.length;
  const args: unknown[] = new Array<unknown>(Math.min(n, ROWS) * W);
  const count = (o: number): void => {
    if (args[o + 6] === 'ok')
      outcomes.add(
        args[o + 3] as number,
        args[o + 1] as number,
        args[o + 2] as number,
        args[o + 7] as number,
        args[o + 26] as number,
      );
  };
  const plans = new Map<string, InsertPlan>(); // this import's statements (their time literal differs from the next's)
  const values: unknown[] = [];
  for (let start = 0; start < n; start += ROWS) {
    const m = Math.min(ROWS, n - start);
    if (args.length !== m * W) args.length = m * W;
    for (let r = 0; r < m; r++) rows.fill(args, r * W, start + r);
    const plan = insertPlan(db, args, m, now, plans);
    const before = lastId.get() as number;
    const changes = plan.statement.run(bindings(args, m, plan.bound, values)).changes;
    summary.inserted.comparisons += changes;
    summary.unchanged += m - changes;
    if (changes === m) for (let r = 0; r < m; r++) count(r * W);
    else {
      // some rows were stored already (or earlier in this batch): each must carry the stored verdict
      const counted = new Set<number>();
      for (let r = 0; r < m; r++) {
        const c = rows.at(start + r);
        const o = r * W;
        const old = (args[o] === null ? getBattle.get(args[o + 17], c.seq) : getCmp.get(...args.slice(o, o + 6))) as {
          id: number;
          status: string;
          p_a: number | null;
          label: string | null;
        };
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
}

/**
 * Adds a tally of new verdicts to the outcome counts (pair_outcomes), inside the caller's transaction. A streamed
 * import flushes once at its end: its batches share pairs, and a million battles in 50 batches would otherwise
 * upsert each pair's counts 50 times (~700k upserts instead of ~30k).
 */
export function flushOutcomes(db: Database.Database, outcomes: OutcomeTally): void {
  const upsert = prepared(
    db,
    `INSERT INTO pair_outcomes (judge_id, system_a, system_b, p_a, strong, n) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET n = n + excluded.n`,
  );
  for (const [judge, a, b, pA, strong, c] of outcomes.rows()) upsert.run(judge, a, b, pA, strong, c);
  if (outcomes.takesBack) prepared(db, 'DELETE FROM pair_outcomes WHERE n <= 0').run();
  outcomes.clear();
}

/** The columns of one comparison into `args` from offset `o`, in {@link COMPARISON_COLUMNS} order. */
function fill(args: unknown[], o: number, c: Comparison, ids: IdCache): void {
  const itemId = c.itemKey === null ? null : ids.item(c.dataset, c.itemKey, c.origin);
  if (itemId === null && (c.sourceHash == null || c.seq == null))
    conflict(c.origin, 'item', 'a comparison without an item needs sourceHash and seq');
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
