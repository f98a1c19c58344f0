import type { PoolClient } from 'pg';
import type { ComparisonFilter, ComparisonTable, OutcomeCounts, StyleColumns } from '../store.js';
import { copyNumbers } from './pg-copy.js';

/** Quotes a text for an SQL literal (COPY (query) takes no parameters). */
const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Loads the ok comparisons as typed columns, in id order like the SQLite backend, streaming with COPY: response
 * lengths and style come from one pass over `responses`; style stored on a comparison (battle files) wins.
 */
export async function readComparisonTablePg(client: PoolClient, filter: ComparisonFilter): Promise<ComparisonTable> {
  const { systems, judges, sysIndex, judgeIndex } = await names(client);
  const where = [filter.includeFailed ? 'true' : "c.status = 'ok'"];
  if (filter.judge !== undefined) where.push(`c.judge_id = (SELECT id FROM judges WHERE name = ${lit(filter.judge)})`);
  if (filter.judges?.length) where.push(`c.judge_id IN (SELECT id FROM judges WHERE name IN (${filter.judges.map(lit).join(', ')}))`);
  if (filter.dataset !== undefined) where.push(`c.item_id IN (SELECT id FROM items WHERE dataset = ${lit(filter.dataset)})`);
  const cond = where.join(' AND ');
  const style = filter.withStyle ? ', c.tokens_a, c.headers_a, c.lists_a, c.bolds_a, c.tokens_b, c.headers_b, c.lists_b, c.bolds_b' : '';

  const responses = new Map<number, Float64Array>();
  await copyNumbers(client, `SELECT item_id, system_id, length${filter.withStyle ? ', tokens, headers, lists, bolds' : ''} FROM responses`,
    (r) => responses.set(r[0] * 1048576 + r[1], r.slice()));

  const cols = { item: [] as number[], a: [] as number[], b: [] as number[], judge: [] as number[], pA: [] as number[], seq: [] as number[],
    strong: [] as number[], shown: [] as number[], lenA: [] as number[], lenB: [] as number[] };
  const styleCols: number[][] = Array.from({ length: 8 }, () => []);
  await copyNumbers(client, `SELECT c.item_id, c.system_a, c.system_b, c.judge_id, c.p_a, coalesce(c.seq, c.id), c.strong,
    CASE c.shown_first WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 0 END${style} FROM comparisons c WHERE ${cond} ORDER BY c.id`, (row) => {
    const item = row[0];
    const ra = Number.isNaN(item) ? undefined : responses.get(item * 1048576 + row[1]);
    const rb = Number.isNaN(item) ? undefined : responses.get(item * 1048576 + row[2]);
    cols.item.push(Number.isNaN(item) ? -1 : item);
    cols.a.push(sysIndex[row[1]]);
    cols.b.push(sysIndex[row[2]]);
    cols.judge.push(judgeIndex.get(row[3]) ?? -1);
    cols.pA.push(row[4]);
    cols.seq.push(row[5]);
    cols.strong.push(row[6]);
    cols.shown.push(row[7]);
    cols.lenA.push(ra ? ra[2] : Number.NaN);
    cols.lenB.push(rb ? rb[2] : Number.NaN);
    if (filter.withStyle) {
      for (let k = 0; k < 4; k++) {
        styleCols[k].push(pick(row[8 + k], ra?.[3 + k]));
        styleCols[4 + k].push(pick(row[12 + k], rb?.[3 + k]));
      }
    }
  });
  const t: ComparisonTable = {
    systems, judges, item: Int32Array.from(cols.item), a: Int32Array.from(cols.a), b: Int32Array.from(cols.b),
    judge: Int32Array.from(cols.judge), pA: Float64Array.from(cols.pA), seq: Float64Array.from(cols.seq),
    lenA: Float64Array.from(cols.lenA), lenB: Float64Array.from(cols.lenB), shownFirst: Uint8Array.from(cols.shown),
    strong: Uint8Array.from(cols.strong),
  };
  if (filter.withStyle) {
    const f = (k: number): Float64Array => Float64Array.from(styleCols[k]);
    t.style = { a: [f(0), f(1), f(2), f(3)], b: [f(4), f(5), f(6), f(7)] } satisfies StyleColumns;
  }
  return t;
}

/** The comparison's own style value, else the response's, else NaN. */
function pick(own: number, fromResponse: number | undefined): number {
  return !Number.isNaN(own) ? own : fromResponse ?? Number.NaN;
}

/** Reads the materialised pair_outcomes table in primary-key order (as SQLite's WITHOUT ROWID table returns it). */
export async function readOutcomeCountsPg(client: PoolClient, filter: { judge?: string }): Promise<OutcomeCounts> {
  const { systems, judges, sysIndex, judgeIndex } = await names(client);
  const r = await client.query({
    text: `SELECT judge_id, system_a, system_b, p_a, strong, n FROM pair_outcomes
      WHERE ($1::text IS NULL OR judge_id = (SELECT id FROM judges WHERE name = $1)) ORDER BY judge_id, system_a, system_b, p_a, strong`,
    values: [filter.judge ?? null], rowMode: 'array',
  });
  const rows = r.rows as number[][];
  const n = rows.length;
  const out: OutcomeCounts = {
    systems, judges, judge: new Int32Array(n), a: new Int32Array(n), b: new Int32Array(n), pA: new Float64Array(n),
    strong: new Uint8Array(n), count: new Float64Array(n),
  };
  rows.forEach((row, i) => {
    out.judge[i] = judgeIndex.get(row[0]) ?? -1;
    out.a[i] = sysIndex[row[1]];
    out.b[i] = sysIndex[row[2]];
    out.pA[i] = row[3];
    out.strong[i] = row[4];
    out.count[i] = Number(row[5]);
  });
  return out;
}

async function names(client: PoolClient) {
  const s = await client.query<{ id: number; name: string }>('SELECT id, name FROM systems ORDER BY id');
  const j = await client.query<{ id: number; name: string }>('SELECT id, name FROM judges ORDER BY id');
  const sysIndex = new Int32Array((s.rows.at(-1)?.id ?? 0) + 1).fill(-1);
  s.rows.forEach((row, i) => (sysIndex[row.id] = i));
  return { systems: s.rows.map((r) => r.name), judges: j.rows.map((r) => r.name), judgeIndex: new Map(j.rows.map((r, i) => [r.id, i])), sysIndex };
}
