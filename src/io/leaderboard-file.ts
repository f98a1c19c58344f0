import { InputError } from '../core/errors.js';
import { parseJson, readTextFile } from './read-file.js';
import { readRecords } from './records.js';

/** Columns tried, in order, when no value column is named. */
const VALUE_COLUMNS = [
  'score',
  'rating',
  'lc_win_rate',
  'length_controlled_winrate',
  'win_rate',
  'wb_score',
  'WB_score',
  'mixture',
  'elo',
  'Arena Elo (hard-en) - latest',
  'Arena Elo',
];

/**
 * Reads a leaderboard (system → value) from a file: a JSON array of rows (`winrate leaderboard --format json`),
 * a JSON object keyed by system (WildBench all_stat files), or CSV (first column or `system`/`model`).
 */
export function readLeaderboardFile(file: string, column?: string): { column: string; values: Map<string, number> } {
  const base = file.replace(/\.gz$/, '');
  let rows: Record<string, unknown>[];
  if (base.endsWith('.csv')) {
    rows = readRecords(file).rows.map((r) => r.value as Record<string, unknown>);
  } else {
    const data = parseJson(readTextFile(file), file);
    rows = Array.isArray(data)
      ? (data as Record<string, unknown>[])
      : Object.entries(data as Record<string, Record<string, unknown>>).map(([k, v]) => ({ system: k, ...v }));
  }
  if (rows.length === 0) throw new InputError('INPUT_PARSE', 'no rows', { file });
  const nameKey = ['system', 'model', 'Model', ''].find((k) => k in rows[0]) ?? Object.keys(rows[0])[0];
  const col =
    column ??
    VALUE_COLUMNS.find((c) => rows.some((r) => Number.isFinite(Number(r[c])) && r[c] !== '' && r[c] !== null));
  if (col === undefined)
    throw new InputError('INPUT_FIELD', `no value column found (tried ${VALUE_COLUMNS.join(', ')}); name one`, {
      file,
    });
  const values = new Map<string, number>();
  for (const r of rows) {
    const v = r[col];
    const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    if (Number.isFinite(x)) values.set(String(r[nameKey]), x);
  }
  if (values.size === 0) throw new InputError('INPUT_FIELD', `column has no numeric values`, { file, field: col });
  return { column: col, values };
}
