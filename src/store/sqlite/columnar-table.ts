import type Database from 'better-sqlite3';
import type { ComparisonFilter, ComparisonTable, StyleColumns } from '../store.js';
import { comparisonConditions, names, type IdRange } from './sqlite-table.js';
import { parseColumn, scanColumns, type ColumnSpec } from './text-columns.js';

const STYLE = ['tokens', 'headers', 'lists', 'bolds'];

/**
 * {@link readComparisonTable} through text columns (text-columns.ts): one scan of the comparisons and one of the
 * responses' covering index, each column handed over as one string. Null when a REAL cannot travel as text
 * exactly.
 */
export function readComparisonColumns(
  db: Database.Database,
  filter: ComparisonFilter,
  range?: IdRange,
): ComparisonTable | null {
  const { systems, judges, sysIndex, judgeIndex } = names(db);
  const { cond, params } = comparisonConditions(filter, range);
  const lean = filter.lean === true;
  const withStyle = filter.withStyle === true;
  const specs: ColumnSpec[] = [
    { expr: 'c.item_id' },
    { expr: 'c.system_a' },
    { expr: 'c.system_b' },
    { expr: 'c.p_a', real: true },
    { expr: 'c.strong' },
  ];
  if (withStyle) {
    for (const side of ['a', 'b']) for (const s of STYLE) specs.push({ expr: `c.${s}_${side}`, real: true });
  }
  if (!lean) {
    specs.push(
      { expr: 'c.judge_id' },
      { expr: 'coalesce(c.seq, c.id)', real: true },
      { expr: "CASE c.shown_first WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 0 END" },
    );
  }
  const scan = scanColumns(db, specs, `comparisons c WHERE ${cond}`, 'c.id', params);
  if (!scan) return null;
  const { count: n, texts } = scan;
  const col = (i: number): Float64Array => parseColumn(texts[i], n, new Float64Array(n));
  const item = parseColumn(texts[0], n, new Int32Array(n), -1);
  // the stored system ids (the responses are keyed by them), and their positions in the list of systems
  const a = parseColumn(texts[1], n, new Int32Array(n));
  const b = parseColumn(texts[2], n, new Int32Array(n));
  const ids = (raw: Int32Array): Int32Array => raw.map((id) => sysIndex[id]);
  const m = lean ? 0 : n;
  const t: ComparisonTable = {
    systems: systems.map((s) => s.name),
    judges: judges.map((j) => j.name),
    item: lean ? new Int32Array(0) : item,
    a: ids(a),
    b: ids(b),
    judge: new Int32Array(m),
    pA: col(3),
    seq: new Float64Array(m),
    lenA: new Float64Array(m).fill(Number.NaN),
    lenB: new Float64Array(m).fill(Number.NaN),
    strong: parseColumn(texts[4], n, new Uint8Array(n)),
    shownFirst: new Uint8Array(m),
  };
  const st: StyleColumns | undefined = withStyle
    ? { a: [col(5), col(6), col(7), col(8)], b: [col(9), col(10), col(11), col(12)] }
    : undefined;
  if (st) t.style = st;
  if (!lean) {
    const at = withStyle ? 13 : 5;
    parseColumn(texts[at], n, t.judge);
    for (let k = 0; k < n; k++) t.judge[k] = judgeIndex.get(t.judge[k]) ?? -1;
    parseColumn(texts[at + 1], n, t.seq);
    parseColumn(texts[at + 2], n, t.shownFirst);
  }
  if (lean && !withStyle) return t;
  const responses = readResponseColumns(db, withStyle);
  if (!responses) return null;
  for (let k = 0; k < n; k++) {
    if (item[k] < 0) continue; // a battle without an item has no stored responses
    const ra = responses.at.get(item[k] * 1048576 + a[k]);
    const rb = responses.at.get(item[k] * 1048576 + b[k]);
    if (!lean) {
      t.lenA[k] = ra === undefined ? Number.NaN : responses.length[ra];
      t.lenB[k] = rb === undefined ? Number.NaN : responses.length[rb];
    }
    if (st) {
      for (let s = 0; s < 4; s++) {
        // style stored on the comparison (battle files) takes precedence
        if (Number.isNaN(st.a[s][k]) && ra !== undefined) st.a[s][k] = responses.style[s][ra];
        if (Number.isNaN(st.b[s][k]) && rb !== undefined) st.b[s][k] = responses.style[s][rb];
      }
    }
  }
  return t;
}

/** Every response's length (and style) by (item id · 2²⁰ + system id), from the covering index of the lengths. */
function readResponseColumns(
  db: Database.Database,
  withStyle: boolean,
): { at: Map<number, number>; length: Float64Array; style: Float64Array[] } | null {
  const specs: ColumnSpec[] = [
    { expr: 'item_id' },
    { expr: 'system_id' },
    { expr: 'length' },
    ...(withStyle ? STYLE.map((s) => ({ expr: s, real: true })) : []),
  ];
  const scan = scanColumns(db, specs, 'responses', 'item_id, system_id');
  if (!scan) return null;
  const { count: n, texts } = scan;
  const item = parseColumn(texts[0], n, new Float64Array(n));
  const system = parseColumn(texts[1], n, new Float64Array(n));
  const at = new Map<number, number>();
  for (let k = 0; k < n; k++) at.set(item[k] * 1048576 + system[k], k);
  const length = parseColumn(texts[2], n, new Float64Array(n));
  const style = withStyle ? [3, 4, 5, 6].map((i) => parseColumn(texts[i], n, new Float64Array(n))) : [];
  return { at, length, style };
}
