import { parse as parseCsv } from 'csv-parse/sync';
import { InputError } from '../core/errors.js';
import { parseJsonLines, readTextFile } from './read-file.js';

/** One input record with its 1-based row (line for JSONL, record line for CSV). */
export interface RowRecord {
  row: number;
  value: unknown;
}

/** Reads a record file: CSV with a header (`.csv`), JSON Lines otherwise, each optionally gzipped. */
export function readRecords(file: string): { text: string; rows: RowRecord[] } {
  const text = readTextFile(file);
  const base = file.replace(/\.gz$/, '');
  return { text, rows: base.endsWith('.csv') ? csvRows(text, file) : parseJsonLines(text, file) };
}

function csvRows(content: string, file: string): RowRecord[] {
  try {
    // on_record keeps only the line of each record (csv-parse's `info` object per record costs ~200 bytes × rows)
    const onRecord = (record: Record<string, string>, ctx: { lines: number }): RowRecord => ({
      row: ctx.lines,
      value: record,
    });
    return parseCsv(content, {
      columns: true,
      skip_empty_lines: true,
      bom: true,
      on_record: onRecord as never,
    }) as unknown as RowRecord[];
  } catch (e) {
    const line = (e as { lines?: number }).lines;
    throw new InputError('INPUT_PARSE', `invalid CSV: ${(e as Error).message}`, { file, row: line }, { cause: e });
  }
}
