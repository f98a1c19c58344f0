import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/** A value written to a column: text, number, boolean (as 0/1) or null. */
export type Cell = string | number | boolean | null | undefined;

/** One CSV field of COPY: NULL is an unquoted empty field, every text is quoted (so '' stays an empty string). */
function csvField(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot store ${v} in a number column`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? '1' : '0';
  return `"${v.replaceAll('"', '""')}"`;
}

/**
 * Bulk-writes rows into a table with COPY … FROM STDIN (CSV) in the caller's transaction; rows keep their order,
 * so identity ids follow it. Small batches use one multi-row INSERT instead (COPY's set-up costs more).
 */
export async function insertRows(
  client: PoolClient,
  table: string,
  columns: readonly string[],
  rows: Iterable<Cell[]>,
  count = Array.isArray(rows) ? rows.length : Number.POSITIVE_INFINITY,
): Promise<void> {
  if (count === 0) return;
  if (count <= 50) {
    const params: Cell[] = [];
    const values = [...rows].map(
      (r) =>
        `(${r.map((v) => (params.push(typeof v === 'boolean' ? Number(v) : (v ?? null)), `$${params.length}`)).join(', ')})`,
    );
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`, params);
    return;
  }
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`;
  function* lines(): Generator<string> {
    let chunk = '';
    for (const r of rows) {
      chunk += `${r.map(csvField).join(',')}\n`;
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), client.query(copyFrom(sql)));
}

/**
 * Streams the rows of a query of number columns with COPY … TO STDOUT (text format), calling `onRow` with each row
 * (NaN for NULL). Far faster than row objects for the million-row scans of the statistics core.
 */
export async function copyNumbers(client: PoolClient, sql: string, onRow: (row: Float64Array) => void): Promise<void> {
  const stream = client.query(copyTo(`COPY (${sql}) TO STDOUT`));
  let rest = '';
  let row: Float64Array | null = null;
  for await (const buf of stream as AsyncIterable<Buffer>) {
    const text = rest + buf.toString('latin1');
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const fields = text.slice(start, nl).split('\t');
      row ??= new Float64Array(fields.length);
      for (let k = 0; k < fields.length; k++) row[k] = fields[k] === '\\N' ? Number.NaN : Number(fields[k]);
      onRow(row);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
}
