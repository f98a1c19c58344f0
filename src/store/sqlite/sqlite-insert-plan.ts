import type Database from 'better-sqlite3';
import { COMPARISON_COLUMNS } from '../comparison-table-columns.js';

const W = COMPARISON_COLUMNS.length;
/** What a column holds when left out of the INSERT (its default): shown_first '' and sample 0, NULL otherwise. */
const EMPTY: unknown[] = COMPARISON_COLUMNS.map((c) => (c === 'shown_first' ? '' : c === 'sample' ? 0 : null));
/** Columns usually the same for a whole batch (judge, status, sources, strength): written as literals when they are. */
const INLINE = new Set(
  ['judge_id', 'status', 'source_id', 'battle_source', 'strong'].map((c) => COMPARISON_COLUMNS.indexOf(c)),
);

/** A prepared multi-row INSERT and which columns of `args` it binds, row after row. */
export interface InsertPlan {
  statement: Database.Statement;
  bound: number[];
}

/**
 * Chooses the INSERT for a group of rows (`args`: `rows` × {@link COMPARISON_COLUMNS}): columns at their default in
 * every row are left out, batch-constant columns holding the same integer or status word in every row become
 * literals, the rest are bound; `now` (the import's time) is a literal. Binding costs more than SQLite spends
 * storing a row, so a million battles bind 14 values a row instead of 28. Statements are kept in `cache`.
 */
export function insertPlan(
  db: Database.Database,
  args: unknown[],
  rows: number,
  now: string,
  cache: Map<string, InsertPlan>,
): InsertPlan {
  let key = `${rows}`;
  const cols: number[] = [];
  const literal: (string | null)[] = [];
  for (let k = 0; k < W; k++) {
    const first = args[k];
    const inline = INLINE.has(k);
    let present = false;
    let constant = true;
    for (let r = 0; r < rows; r++) {
      const v = args[r * W + k];
      if (v !== EMPTY[k]) {
        present = true;
        if (!inline) break; // a bound column: whether it is constant does not matter
      }
      if (v !== first) constant = false;
    }
    if (!present) continue;
    const lit = constant && inline ? sqlLiteral(first) : null;
    cols.push(k);
    literal.push(lit);
    key += `|${k}${lit === null ? '' : `=${lit}`}`;
  }
  let plan = cache.get(key);
  if (!plan) {
    const row = `(${literal.map((l) => l ?? '?').join(', ')}, '${now}')`;
    const sql = `INSERT INTO comparisons (${cols.map((k) => COMPARISON_COLUMNS[k]).join(', ')}, created_at)
      VALUES ${Array.from({ length: rows }, () => row).join(',\n  ')} ON CONFLICT DO NOTHING`;
    plan = { statement: db.prepare(sql), bound: cols.filter((_, i) => literal[i] === null) };
    cache.set(key, plan);
  }
  return plan;
}

/** An integer, or a lower-case word (a status), as SQL; null for anything else (it is bound instead). */
function sqlLiteral(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && /^[a-z_]{1,20}$/.test(v)) return `'${v}'`;
  return null;
}

/** The values a plan binds, row after row. */
export function bindings(args: unknown[], rows: number, bound: number[], out: unknown[] = []): unknown[] {
  out.length = rows * bound.length;
  let i = 0;
  for (let r = 0; r < rows; r++) for (const k of bound) out[i++] = args[r * W + k];
  return out;
}
