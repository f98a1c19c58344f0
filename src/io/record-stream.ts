import { InputError } from '../core/errors.js';
import { CsvParser, CsvSyntaxError, fieldOffsets } from './csv-parser.js';
import { textChunks, type ContentHash } from './text-stream.js';

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
 * `hash`, when given, is fed the file's text along the way (see textChunks).
 */
export async function* recordChunks(
  file: string,
  size = 20000,
  onRead?: (bytes: number) => void,
  hash?: ContentHash,
): AsyncGenerator<RecordChunk> {
  const csv = file.replace(/\.gz$/, '').endsWith('.csv');
  if (csv) yield* csvChunks(file, size, onRead, hash);
  else yield* jsonlChunks(file, size, onRead, hash);
}

async function* csvChunks(
  file: string,
  size: number,
  onRead?: (bytes: number) => void,
  hash?: ContentHash,
): AsyncGenerator<RecordChunk> {
  const parser = new CsvParser();
  let rows = new CsvRows();
  const onRecord = (fields: string[], line: number): void => rows.record(fields, line);
  const onLine = (data: string, start: number, end: number, line: number): void =>
    rows.line(data, start, end, line, parser.header!.length);
  const chunk = (): RecordChunk => {
    const c = rows.chunk(parser.header ?? []);
    rows = new CsvRows();
    return c;
  };
  try {
    for await (const text of textChunks(file, onRead, hash)) {
      parser.push(text, onRecord, onLine);
      if (rows.length >= size) yield chunk();
    }
    parser.end(onRecord, onLine);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      throw new InputError('INPUT_PARSE', `invalid CSV: ${e.message}`, { file, row: e.line }, { cause: e });
    throw e;
  }
  if (rows.length > 0) yield chunk();
}

/**
 * The records of a CSV chunk as the texts they came in and each field's offsets (see {@link OnLine}); a record
 * with quotes, parsed, as its fields. A field becomes a string only when read, and dies young.
 */
class CsvRows {
  length = 0;
  private readonly lines: number[] = [];
  private readonly texts: string[] = [];
  private textOf: Int32Array = new Int32Array(1024);
  private offsets: Int32Array = new Int32Array(1024);
  private readonly parsed = new Map<number, string[]>();

  line(data: string, start: number, end: number, line: number, width: number): void {
    const i = this.grow(line);
    if (this.texts.at(-1) !== data) this.texts.push(data);
    this.textOf[i] = this.texts.length - 1;
    if (this.offsets.length < (i + 1) * (width + 1)) this.offsets = grown(this.offsets, (i + 1) * (width + 1));
    fieldOffsets(data, start, end, width, line, this.offsets, i * (width + 1));
  }

  record(fields: string[], line: number): void {
    this.parsed.set(this.grow(line), fields);
  }

  private grow(line: number): number {
    if (this.length === this.textOf.length) this.textOf = grown(this.textOf, this.length + 1);
    this.lines.push(line);
    return this.length++;
  }

  chunk(header: string[]): RecordChunk {
    const index = new Map(header.map((h, i) => [h, i]));
    const { texts, textOf, offsets, parsed } = this;
    const w = header.length + 1;
    const cut = (i: number, k: number): string =>
      texts[textOf[i]].slice(offsets[i * w + k], offsets[i * w + k + 1] - 1);
    const field = parsed.size === 0 ? cut : (i: number, k: number): string => parsed.get(i)?.[k] ?? cut(i, k);
    return {
      length: this.length,
      line: this.lines,
      isObject: () => true,
      column: (name) => {
        const k = index.get(name);
        return k === undefined ? () => undefined : (i) => field(i, k);
      },
      value: (i) => Object.fromEntries(header.map((h, k) => [h, field(i, k)])),
    };
  }
}

function grown(a: Int32Array, need: number): Int32Array {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

async function* jsonlChunks(
  file: string,
  size: number,
  onRead?: (bytes: number) => void,
  hash?: ContentHash,
): AsyncGenerator<RecordChunk> {
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
      throw new InputError(
        'INPUT_PARSE',
        `invalid JSON line: ${(e as Error).message}`,
        { file, row: line },
        { cause: e },
      );
    }
    lines.push(line);
  };
  const chunk = (): RecordChunk => {
    const [v, l] = [values, lines];
    values = [];
    lines = [];
    return {
      length: v.length,
      line: l,
      value: (i) => v[i],
      isObject: (i) => typeof v[i] === 'object' && v[i] !== null && !Array.isArray(v[i]),
      column: (field) => (i) => fieldOf(v[i], field),
    };
  };
  let first = true;
  for await (let text of textChunks(file, onRead, hash)) {
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
    length: records.length,
    line: records.map((r) => r.row),
    column: (field) => (i) => fieldOf(records[i].value, field),
    value: (i) => records[i].value,
    isObject: (i) =>
      typeof records[i].value === 'object' && records[i].value !== null && !Array.isArray(records[i].value),
  };
}
