import type Database from 'better-sqlite3';
import type { ComparisonFilter, ComparisonTable, OutcomeCounts, StyleColumns } from '../store.js';
import { readComparisonColumns } from './columnar-table.js';
import { parseColumn, scanColumns } from './text-columns.js';

type Row = [number | null, number, number, number | null, number, ...(number | null)[]];

/** Comparisons with after < id ≤ upTo (one share of a table read in parallel). */
export interface IdRange {
  after: number;
  upTo: number;
}

/**
 * Loads the ok comparisons as typed columns in one scan (no sort, no per-row join): response lengths and
 * style metadata come from one pass over `responses` into a map, then per comparison a lookup; style stored
 * on the comparison itself (battle files) takes precedence. `range` reads only a share of the ids.
 */
export function readComparisonTable(db: Database.Database, filter: ComparisonFilter, range?: IdRange): ComparisonTable {
  return readComparisonColumns(db, filter, range) ?? readComparisonRows(db, filter, range);
}

/** The WHERE clause of a comparison read (alias c) and its parameters. */
export function comparisonConditions(
  filter: ComparisonFilter,
  range?: IdRange,
): { cond: string; params: (string | number)[] } {
  const where = [filter.includeFailed ? '1 = 1' : "c.status = 'ok'"];
  const params: (string | number)[] = [];
  if (range) {
    where.push('c.id > ? AND c.id <= ?');
    params.push(range.after, range.upTo);
  }
  if (filter.judge !== undefined) {
    where.push('c.judge_id = (SELECT id FROM judges WHERE name = ?)');
    params.push(filter.judge);
  }
  if (filter.judges?.length === 0) where.push('0');
  else if (filter.judges) {
    where.push(`c.judge_id IN (SELECT id FROM judges WHERE name IN (${filter.judges.map(() => '?').join(', ')}))`);
    params.push(...filter.judges);
  }
  if (filter.dataset !== undefined) {
    where.push('c.item_id IN (SELECT id FROM items WHERE dataset = ?)');
    params.push(filter.dataset);
  }
  return { cond: where.join(' AND '), params };
}

/** {@link readComparisonTable} row by row: for REALs that text cannot carry exactly (see text-columns.ts). */
export function readComparisonRows(db: Database.Database, filter: ComparisonFilter, range?: IdRange): ComparisonTable {
  const { systems, judges, sysIndex, judgeIndex } = names(db);
  const { cond, params } = comparisonConditions(filter, range);
  const count = db
    .prepare(`SELECT count(*) FROM comparisons c WHERE ${cond}`)
    .pluck()
    .get(...params) as number;
  const style = filter.withStyle
    ? ', c.tokens_a, c.headers_a, c.lists_a, c.bolds_a, c.tokens_b, c.headers_b, c.lists_b, c.bolds_b'
    : '';
  const lean = filter.lean === true;
  const sql = lean
    ? `SELECT c.item_id, c.system_a, c.system_b, c.p_a, c.strong${style} FROM comparisons c WHERE ${cond} ORDER BY c.id`
    : `SELECT c.item_id, c.system_a, c.system_b, c.p_a, c.strong${style}, c.judge_id, coalesce(c.seq, c.id),
    CASE c.shown_first WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 0 END FROM comparisons c WHERE ${cond} ORDER BY c.id`;

  const responses = new Map<number, number[]>();
  if (!lean || filter.withStyle) {
    const respSql = `SELECT item_id, system_id, length${filter.withStyle ? ', tokens, headers, lists, bolds' : ''} FROM responses`;
    for (const r of db.prepare(respSql).raw().iterate() as Iterable<number[]>) responses.set(r[0] * 1048576 + r[1], r);
  }

  const nan = (n = count): Float64Array => new Float64Array(n).fill(Number.NaN);
  const m = lean ? 0 : count;
  const t: ComparisonTable = {
    systems: systems.map((s) => s.name),
    judges: judges.map((j) => j.name),
    item: new Int32Array(m),
    a: new Int32Array(count),
    b: new Int32Array(count),
    judge: new Int32Array(m),
    pA: new Float64Array(count),
    seq: new Float64Array(m),
    lenA: nan(m),
    lenB: nan(m),
    strong: new Uint8Array(count),
    shownFirst: new Uint8Array(m),
  };
  const st: StyleColumns | undefined = filter.withStyle
    ? { a: [nan(), nan(), nan(), nan()], b: [nan(), nan(), nan(), nan()] }
    : undefined;
  if (st) t.style = st;
  const rest = st ? 13 : 5; // position of judge_id in a full row
  let i = 0;
  for (const row of db
    .prepare(sql)
    .raw()
    .iterate(...params) as Iterable<Row>) {
    if (i >= count) break;
    const item = row[0];
    t.a[i] = sysIndex[row[1]];
    t.b[i] = sysIndex[row[2]];
    t.pA[i] = row[3] ?? Number.NaN;
    t.strong[i] = row[4];
    const ra = item === null ? undefined : responses.get(item * 1048576 + row[1]);
    const rb = item === null ? undefined : responses.get(item * 1048576 + row[2]);
    if (!lean) {
      t.item[i] = item ?? -1;
      t.judge[i] = judgeIndex.get(row[rest] as number) ?? -1;
      t.seq[i] = row[rest + 1] as number;
      t.shownFirst[i] = row[rest + 2] as number;
      if (ra) t.lenA[i] = ra[2];
      if (rb) t.lenB[i] = rb[2];
    }
    if (st) {
      for (let k = 0; k < 4; k++) {
        st.a[k][i] = row[5 + k] ?? ra?.[3 + k] ?? Number.NaN;
        st.b[k][i] = row[9 + k] ?? rb?.[3 + k] ?? Number.NaN;
      }
    }
    i++;
  }
  return t;
}

/** Reads the materialised pair_outcomes table (as text columns; row by row when a REAL cannot travel as text). */
export function readOutcomeCounts(db: Database.Database, filter: { judge?: string }): OutcomeCounts {
  const { systems, judges, sysIndex, judgeIndex } = names(db);
  const from = 'pair_outcomes WHERE (? IS NULL OR judge_id = (SELECT id FROM judges WHERE name = ?))';
  const params = [filter.judge ?? null, filter.judge ?? null];
  const scan = scanColumns(
    db,
    [
      { expr: 'judge_id' },
      { expr: 'system_a' },
      { expr: 'system_b' },
      { expr: 'p_a', real: true },
      { expr: 'strong' },
      { expr: 'n' },
    ],
    from,
    'judge_id, system_a, system_b, p_a, strong',
    params,
  );
  const rows = scan
    ? []
    : (db
        .prepare(`SELECT judge_id, system_a, system_b, p_a, strong, n FROM ${from}`)
        .raw()
        .all(...params) as number[][]);
  const n = scan ? scan.count : rows.length;
  const column = (i: number): Float64Array =>
    scan ? parseColumn(scan.texts[i], n, new Float64Array(n)) : Float64Array.from(rows, (r) => r[i]);
  const out: OutcomeCounts = {
    systems: systems.map((s) => s.name),
    judges: judges.map((j) => j.name),
    judge: new Int32Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    pA: column(3),
    strong: new Uint8Array(n),
    count: column(5),
  };
  const [judge, a, b, strong] = [0, 1, 2, 4].map(column);
  for (let k = 0; k < n; k++) {
    out.judge[k] = judgeIndex.get(judge[k]) ?? -1;
    out.a[k] = sysIndex[a[k]];
    out.b[k] = sysIndex[b[k]];
    out.strong[k] = strong[k];
  }
  return out;
}

/** The systems and judges in id order, and indexes from their ids to positions. */
export function names(db: Database.Database) {
  const systems = db.prepare('SELECT id, name FROM systems ORDER BY id').all() as { id: number; name: string }[];
  const judges = db.prepare('SELECT id, name FROM judges ORDER BY id').all() as { id: number; name: string }[];
  const sysIndex = new Int32Array((systems.at(-1)?.id ?? 0) + 1).fill(-1);
  systems.forEach((s, i) => (sysIndex[s.id] = i));
  const judgeIndex = new Map(judges.map((j, i) => [j.id, i]));
  return { systems, judges, sysIndex, judgeIndex };
}
