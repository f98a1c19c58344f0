import type { PoolClient } from 'pg';
import type { ComparisonFilter, ComparisonTable, OutcomeCounts, StyleColumns } from '../store.js';
import { copyNumbers } from './pg-copy.js';

/**
 * A text as an SQL literal (COPY (query) takes no parameters): an escape string `E'…'`, whose backslashes are escapes
 * whatever `standard_conforming_strings` says (with it off, a plain `'…'` literal reads `\'` as a quote, and a value
 * could end it); a text with a NUL, which no PostgreSQL text holds, is NULL and so matches nothing.
 */
export const lit = (s: string): string =>
  s.includes('\u0000') ? 'NULL' : `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/**
 * Loads the ok comparisons as typed columns, in id order like the SQLite backend, streaming with COPY: response
 * lengths and style come from one pass over `responses`; style stored on a comparison (battle files) wins.
 */
export async function readComparisonTablePg(client: PoolClient, filter: ComparisonFilter): Promise<ComparisonTable> {
  const { systems, judges, sysIndex, judgeIndex } = await names(client);
  const where = [filter.includeFailed ? 'true' : "c.status = 'ok'"];
  if (filter.judge !== undefined) where.push(`c.judge_id = (SELECT id FROM judges WHERE name = ${lit(filter.judge)})`);
  if (filter.judges?.length === 0) where.push('false');
  else if (filter.judges)
    where.push(`c.judge_id IN (SELECT id FROM judges WHERE name IN (${filter.judges.map(lit).join(', ')}))`);
  if (filter.dataset !== undefined)
    where.push(`c.item_id IN (SELECT id FROM items WHERE dataset = ${lit(filter.dataset)})`);
  const cond = where.join(' AND ');
  const style = filter.withStyle
    ? ', c.tokens_a, c.headers_a, c.lists_a, c.bolds_a, c.tokens_b, c.headers_b, c.lists_b, c.bolds_b'
    : '';

  const responses = new Map<number, Float64Array>();
  await copyNumbers(
    client,
    `SELECT item_id, system_id, length${filter.withStyle ? ', tokens, headers, lists, bolds' : ''} FROM responses`,
    (r) => responses.set(r[0] * 1048576 + r[1], r.slice()),
  );

  const count = (await client.query<{ n: number }>(`SELECT count(*) AS n FROM comparisons c WHERE ${cond}`)).rows[0].n;
  const nan = (): Float64Array => new Float64Array(count).fill(Number.NaN);
  const t: ComparisonTable = {
    systems,
    judges,
    item: new Int32Array(count),
    a: new Int32Array(count),
    b: new Int32Array(count),
    judge: new Int32Array(count),
    pA: new Float64Array(count),
    seq: new Float64Array(count),
    lenA: nan(),
    lenB: nan(),
    shownFirst: new Uint8Array(count),
    strong: new Uint8Array(count),
  };
  const st: StyleColumns | undefined = filter.withStyle
    ? { a: [nan(), nan(), nan(), nan()], b: [nan(), nan(), nan(), nan()] }
    : undefined;
  if (st) t.style = st;
  let i = 0;
  await copyNumbers(
    client,
    `SELECT c.item_id, c.system_a, c.system_b, c.judge_id, c.p_a, coalesce(c.seq, c.id), c.strong,
    CASE c.shown_first WHEN 'a' THEN 1 WHEN 'b' THEN 2 ELSE 0 END${style} FROM comparisons c WHERE ${cond} ORDER BY c.id`,
    (row) => {
      const item = row[0];
      const ra = Number.isNaN(item) ? undefined : responses.get(item * 1048576 + row[1]);
      const rb = Number.isNaN(item) ? undefined : responses.get(item * 1048576 + row[2]);
      t.item[i] = Number.isNaN(item) ? -1 : item;
      t.a[i] = sysIndex[row[1]];
      t.b[i] = sysIndex[row[2]];
      t.judge[i] = judgeIndex.get(row[3]) ?? -1;
      t.pA[i] = row[4];
      t.seq[i] = row[5];
      t.strong[i] = row[6];
      t.shownFirst[i] = row[7];
      if (ra) t.lenA[i] = ra[2];
      if (rb) t.lenB[i] = rb[2];
      if (st) {
        for (let k = 0; k < 4; k++) {
          st.a[k][i] = pick(row[8 + k], ra?.[3 + k]);
          st.b[k][i] = pick(row[12 + k], rb?.[3 + k]);
        }
      }
      i++;
    },
  );
  return t;
}

/** The comparison's own style value, else the response's, else NaN. */
function pick(own: number, fromResponse: number | undefined): number {
  return !Number.isNaN(own) ? own : (fromResponse ?? Number.NaN);
}

/** Sums the outcome deltas per (judge, pair, verdict), in key order (as SQLite's WITHOUT ROWID table returns them). */
export async function readOutcomeCountsPg(client: PoolClient, filter: { judge?: string }): Promise<OutcomeCounts> {
  const { systems, judges, sysIndex, judgeIndex } = await names(client);
  const r = await client.query({
    text: `SELECT judge_id, system_a, system_b, p_a, strong, sum(n) AS n FROM pair_outcomes
      WHERE ($1::text IS NULL OR judge_id = (SELECT id FROM judges WHERE name = $1)) GROUP BY 1, 2, 3, 4, 5
      HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5`,
    values: [filter.judge ?? null],
    rowMode: 'array',
  });
  const rows = r.rows as number[][];
  const n = rows.length;
  const out: OutcomeCounts = {
    systems,
    judges,
    judge: new Int32Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    pA: new Float64Array(n),
    strong: new Uint8Array(n),
    count: new Float64Array(n),
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
  return {
    systems: s.rows.map((r) => r.name),
    judges: j.rows.map((r) => r.name),
    judgeIndex: new Map(j.rows.map((r, i) => [r.id, i])),
    sysIndex,
  };
}
