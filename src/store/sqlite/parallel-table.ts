import type Database from 'better-sqlite3';
import { builtWorker, workerResult } from '../../core/worker.js';
import type { ComparisonFilter, ComparisonTable } from '../store.js';
import { readComparisonTable } from './sqlite-table.js';

const WORKER = new URL('./table-worker.js', import.meta.url);
/** Below this span of ids one connection reads faster than two (a worker's start-up is ~50 ms). */
const MIN_SPLIT = 300_000;

/**
 * {@link readComparisonTable} with the upper half of the ids read by a worker thread on its own read-only connection,
 * at the same time (SQLite's row stepping is what a million-row table costs: two cores halve it). The shares are
 * read from the snapshot each connection sees, so a write committed in between can be half seen, as by a reader a
 * moment later; the worker's list of systems, a superset in the same order, indexes both halves. Small tables, an
 * in-memory store and a read inside a transaction use one connection.
 */
export async function readComparisonTableParallel(
  db: Database.Database,
  filter: ComparisonFilter,
): Promise<ComparisonTable> {
  // two subqueries: SQLite answers min() and max() of the rowid from the b-tree's ends only when each stands alone
  const span = db
    .prepare('SELECT (SELECT min(id) FROM comparisons), (SELECT max(id) FROM comparisons)')
    .raw()
    .get() as [number | null, number | null];
  const [lo, hi] = [span[0] ?? 0, span[1] ?? 0];
  const workerFile = builtWorker(WORKER);
  if (hi - lo < MIN_SPLIT || db.memory || db.inTransaction || workerFile === null)
    return readComparisonTable(db, filter);
  const mid = Math.floor((lo + hi) / 2);
  const theirs = workerResult<ComparisonTable>(workerFile, { path: db.name, filter, range: { after: mid, upTo: hi } });
  const mine = readComparisonTable(db, filter, { after: lo - 1, upTo: mid });
  return concatTables(mine, await theirs);
}

/** The typed arrays' buffers of a table (transferred, not copied, across threads). */
export function tableBuffers(t: ComparisonTable): ArrayBuffer[] {
  const arrays = [
    t.item,
    t.a,
    t.b,
    t.judge,
    t.pA,
    t.seq,
    t.lenA,
    t.lenB,
    t.shownFirst,
    t.strong,
    ...(t.style ? [...t.style.a, ...t.style.b] : []),
  ];
  return arrays.map((x) => x.buffer as ArrayBuffer);
}

/** Two tables of consecutive id ranges as one (the second's name lists extend the first's). */
function concatTables(x: ComparisonTable, y: ComparisonTable): ComparisonTable {
  const cat = <T extends Int32Array | Float64Array | Uint8Array>(p: T, q: T): T => {
    const out = new (p.constructor as new (n: number) => T)(p.length + q.length);
    out.set(p);
    out.set(q, p.length);
    return out;
  };
  const t: ComparisonTable = {
    systems: y.systems.length >= x.systems.length ? y.systems : x.systems,
    judges: y.judges.length >= x.judges.length ? y.judges : x.judges,
    item: cat(x.item, y.item),
    a: cat(x.a, y.a),
    b: cat(x.b, y.b),
    judge: cat(x.judge, y.judge),
    pA: cat(x.pA, y.pA),
    seq: cat(x.seq, y.seq),
    lenA: cat(x.lenA, y.lenA),
    lenB: cat(x.lenB, y.lenB),
    shownFirst: cat(x.shownFirst, y.shownFirst),
    strong: cat(x.strong, y.strong),
  };
  if (x.style && y.style) {
    const { a: xa, b: xb } = x.style;
    const { a: ya, b: yb } = y.style;
    t.style = {
      a: [0, 1, 2, 3].map((k) => cat(xa[k], ya[k])) as typeof xa,
      b: [0, 1, 2, 3].map((k) => cat(xb[k], yb[k])) as typeof xb,
    };
  }
  return t;
}
