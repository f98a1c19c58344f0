import type Database from 'better-sqlite3';

/** A column of a {@link scanColumns} query: an SQL expression and whether it is a REAL (else an INTEGER or NULL). */
export interface ColumnSpec {
  expr: string;
  real?: boolean;
}

/**
 * REALs in this range print exactly with 17 significant digits in SQLite's printf (checked on 300k random doubles:
 * every one from 1e-82 to 1e82 reads back bit for bit); beyond it SQLite's conversion can be off by an ulp, so such
 * a value is sent as the marker `x` and the caller reads that table the slow way.
 */
const exact = (column: string): string => `abs(${column}) BETWEEN 1e-80 AND 1e80 OR ${column} = 0`;

/**
 * Reads columns of a query as one comma-separated text per column (SQLite's group_concat, in `order`), so that
 * better-sqlite3 hands over a few strings instead of a JS value per cell: each cell costs it ~0.2 µs through N-API,
 * which made reading 28k aggregated outcomes take 45 ms and 47k comparisons 130 ms. NULL arrives as an empty field.
 * Returns null when a REAL lies outside the range printed exactly (see exact), or a column's text would exceed a
 * string's limit: read those rows the ordinary way.
 */
export function scanColumns(db: Database.Database, columns: ColumnSpec[], from: string, order: string,
  params: unknown[] = []): { count: number; texts: string[] } | null {
  // integral REALs (counts, lengths) as integers: printf costs ~0.3 µs a cell, which a 1M-row style read felt
  const cell = (c: ColumnSpec, i: number): string => (c.real
    ? `CASE WHEN c${i} IS NULL THEN '' WHEN c${i} = CAST(c${i} AS INTEGER) AND abs(c${i}) < 1e15 `
      + `THEN CAST(c${i} AS INTEGER) WHEN ${exact(`c${i}`)} THEN printf('%!.17g', c${i}) ELSE 'x' END`
    : `coalesce(c${i}, '')`);
  const inner = columns.map((c, i) => `${c.expr} AS c${i}`).join(', ');
  const outer = columns.map((c, i) => `coalesce(group_concat(${cell(c, i)}, ','), '')`).join(', ');
  const sql = `SELECT count(*), ${outer} FROM (SELECT ${inner} FROM ${from} ORDER BY ${order})`;
  let row: [number, ...string[]];
  try {
    row = db.prepare(sql).raw().get(...params) as [number, ...string[]];
  } catch (e) {
    // a column's text beyond SQLite's or V8's string limit (~500 M characters: tens of millions of rows)
    const what = String((e as { code?: string }).code ?? (e as Error).message);
    if (e instanceof RangeError || /TOOBIG|too big|string length/i.test(what)) return null;
    throw e;
  }
  const texts = row.slice(1) as string[];
  if (columns.some((c, i) => c.real && texts[i].includes('x'))) return null;
  return { count: row[0], texts };
}

/**
 * Parses `count` comma-separated numbers into `out` (an empty field is `missing`): integers digit by digit, anything
 * else (a decimal point, an exponent) by Number, which reads the 17 significant digits back to the same double.
 */
export function parseColumn<T extends Float64Array | Int32Array | Uint8Array>(text: string, count: number, out: T,
  missing = Number.NaN): T {
  let k = 0;
  let start = 0;
  let value = 0;
  let neg = false;
  let plain = true;
  const n = text.length;
  if (count === 0) return out;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 44;
    if (c === 44) {
      out[k++] = i === start ? missing : plain ? (neg ? -value : value) : Number(text.slice(start, i));
      start = i + 1;
      value = 0;
      neg = false;
      plain = true;
    } else if (c >= 48 && c <= 57) value = value * 10 + (c - 48);
    else if (c === 45 && i === start) neg = true;
    else plain = false;
  }
  if (k !== count) throw new Error(`parseColumn: ${k} values where ${count} were expected`);
  return out;
}
