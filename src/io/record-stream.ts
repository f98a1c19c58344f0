import { InputError } from '../core/errors.js';
import { CsvParser, CsvSyntaxError } from './csv-parser.js';
import { textChunks } from './text-stream.js';

/**
 * A run of records of a record file, read as they stream in. `column(field)(i)` is the value of a field of record
 * `i` (a string for CSV, as parsed for JSON Lines; undefined when absent) and `line[i]` its 1-based line, so readers
 * validate without building an object per CSV row.
 */
export interface RecordChunk {
  length: number;
  line: number[];
  /** A reader of one field for every record of the chunk (the field's position resolved once). */
  column(field: string): (i: number) => unknown;
  /** Whether record i is an object (always for CSV; a JSON line may hold any value). */
  isObject(i: number): boolean;
  /** Record i as a plain object (for errors and for readers that need every field). */
  value(i: number): unknown;
}

/**
 * Streams a record file (CSV with a header when the name ends in `.csv`, JSON Lines otherwise; either gzipped) in
 * chunks of at least `size` records; memory is bounded by a chunk, not by the file. Syntax errors name the line.
 */
export async function* recordChunks(file: string, size = 20000, onRead?: (bytes: number) => void): AsyncGenerator<RecordChunk> {
  const csv = file.replace(/\.gz$/, '').endsWith('.csv');
  if (csv) yield* csvChunks(file, size, onRead);
  else yield* jsonlChunks(file, size, onRead);
}

async function* csvChunks(file: string, size: number, onRead?: (bytes: number) => void): AsyncGenerator<RecordChunk> {
  const parser = new CsvParser();
  let rows: string[][] = [];
  let lines: number[] = [];
  const on = (fields: string[], line: number): void => {
    rows.push(fields);
    lines.push(line);
  };
  const chunk = (): RecordChunk => {
    const header = parser.header ?? [];
    const index = new Map(header.map((h, i) => [h, i]));
    const [r, l] = [rows, lines];
    rows = [];
    lines = [];
    return {
      length: r.length, line: l, isObject: () => true,
      column: (field) => {
        const k = index.get(field);
        return k === undefined ? () => undefined : (i) => r[i][k];
      },
      value: (i) => Object.fromEntries(header.map((h, k) => [h, r[i][k]])),
    };
  };
  try {
    for await (const text of textChunks(file, onRead)) {
      parser.push(text, on);
      if (rows.length >= size) yield chunk();
    }
    parser.end(on);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new InputError('INPUT_PARSE', `invalid CSV: ${e.message}`, { file, row: e.line }, { cause: e });
    throw e;
  }
  if (rows.length > 0) yield chunk();
}

async function* jsonlChunks(file: string, size: number, onRead?: (bytes: number) => void): AsyncGenerator<RecordChunk> {
  let values: unknown[] = [];
  let lines: number[] = [];
  let rest = '';
  let line = 0;
  const take = (text: string): void => {
    line++;
    if (text.trim() === '') return;
    try {
      values.push(JSON.parse(text) as unknown);
    } catch (e) {
      throw new InputError('INPUT_PARSE', `invalid JSON line: ${(e as Error).message}`, { file, row: line }, { cause: e });
    }
    lines.push(line);
  };
  const chunk = (): RecordChunk => {
    const [v, l] = [values, lines];
    values = [];
    lines = [];
    return {
      length: v.length, line: l, value: (i) => v[i],
      isObject: (i) => typeof v[i] === 'object' && v[i] !== null && !Array.isArray(v[i]),
      column: (field) => (i) => fieldOf(v[i], field),
    };
  };
  let first = true;
  for await (let text of textChunks(file, onRead)) {
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    let pos = 0;
    text = rest + text;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
      take(text.slice(pos, nl));
      pos = nl + 1;
    }
    rest = text.slice(pos);
    if (values.length >= size) yield chunk();
  }
  if (rest !== '') take(rest);
  if (values.length > 0) yield chunk();
}

/** A field of a JSON value, undefined unless the value is an object. */
function fieldOf(o: unknown, field: string): unknown {
  return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[field] : undefined;
}

/** Records already in memory (a whole-file read) as one {@link RecordChunk}. */
export function chunkOf(records: { row: number; value: unknown }[]): RecordChunk {
  return {
    length: records.length, line: records.map((r) => r.row),
    column: (field) => (i) => fieldOf(records[i].value, field),
    value: (i) => records[i].value,
    isObject: (i) => typeof records[i].value === 'object' && records[i].value !== null && !Array.isArray(records[i].value),
  };
}
