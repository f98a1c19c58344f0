/**
 * An incremental, strict RFC 4180 CSV parser that knows the line of every record.
 *
 * Why not a library: csv-parse (strict, with lines) reads ~150k rows/s, a tenth of what a million-row import needs;
 * uDSV is fast but silently merges a short row with the next one and drops an unclosed quote, which would lose
 * data without an error. This parser splits a quote-free line with `String.split` (the common case, ~3M rows/s) and
 * walks a line with quotes character by character; a record may span chunks and lines. It fails, naming the line,
 * where csv-parse fails: a field count unlike the header's, a quote inside an unquoted field, text after a closing
 * quote, an unclosed quote at the end. Blank lines are skipped, `\r\n` and `\n` both end a record, and a leading
 * byte-order mark is dropped. test/io/csv-parser.test.ts checks it record for record against csv-parse.
 */
export class CsvParser {
  /** The header's field names once the first record was read. */
  header: string[] | null = null;
  private rest = '';
  /** Lines consumed so far (1-based line of the next line to read is `line + 1`). */
  private line = 0;
  private started = false;

  /**
   * Parses more text; calls `onRecord` with each complete data record (fields and its 1-based first line), or
   * `onLine` with a data record without quotes when given (its place in the text; see {@link OnLine}).
   * Throws a {@link CsvSyntaxError} naming the line on malformed input.
   */
  push(text: string, onRecord: OnRecord, onLine?: OnLine): void {
    let data = this.rest + text;
    if (!this.started && data.length > 0) {
      this.started = true;
      if (data.charCodeAt(0) === 0xfeff) data = data.slice(1);
    }
    this.rest = this.consume(data, false, onRecord, onLine);
  }

  /** Parses what is left at the end of the input (a last record without a line break). */
  end(onRecord: OnRecord, onLine?: OnLine): void {
    const rest = this.rest;
    this.rest = '';
    if (rest !== '') this.consume(rest, true, onRecord, onLine);
  }

  /** Consumes complete records of `data`; returns the unconsumed tail (a record not yet ended). */
  private consume(data: string, final: boolean, onRecord: OnRecord, onLine: OnLine | undefined): string {
    let pos = 0;
    const n = data.length;
    // the next quote at or after pos, searched again only once passed (a quote-free chunk is scanned once)
    let quote = -1;
    while (pos < n) {
      let nl = data.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) return data.slice(pos);
        nl = n;
      }
      const lineNo = this.line + 1;
      const end = nl > pos && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      if (end === pos) {
        this.line++;
        pos = nl + 1;
        continue;
      }
      let fields: string[];
      if (quote !== Infinity && quote < pos) {
        quote = data.indexOf('"', pos);
        if (quote < 0) quote = Infinity;
      }
      if (quote >= end) {
        const start = pos;
        this.line++;
        pos = nl + 1;
        if (onLine && this.header !== null) {
          onLine(data, start, end, lineNo);
          continue;
        }
        fields = data.slice(start, end).split(',');
      } else {
        const r = this.quoted(data, pos, final, lineNo);
        if (r === null) return data.slice(pos);
        fields = r.fields;
        pos = r.next;
      }
      this.record(fields, lineNo, onRecord);
    }
    return '';
  }

  private record(fields: string[], line: number, onRecord: OnRecord): void {
    if (this.header === null) {
      this.header = fields;
      return;
    }
    if (fields.length !== this.header.length) {
      throw new CsvSyntaxError(`expected ${this.header.length} fields as in the header, got ${fields.length}`, line);
    }
    onRecord(fields, line);
  }

  /**
   * Parses one record containing quotes from `start`; returns its fields and the position after its line break,
   * or null when the record continues past the end of `data` (more input needed).
   */
  private quoted(data: string, start: number, final: boolean, line: number): { fields: string[]; next: number } | null {
    const fields: string[] = [];
    const n = data.length;
    let pos = start;
    let lines = 0;
    for (;;) {
      if (data.charCodeAt(pos) === 34) {
        let i = pos + 1;
        let value = '';
        for (;;) {
          const close = data.indexOf('"', i);
          // a quote at the very end of the chunk may be the first of a doubled pair: wait for more
          if (close < 0 || (close + 1 >= n && !final)) {
            if (!final) return null;
            throw new CsvSyntaxError('a quoted field is not closed before the end of the file', line);
          }
          value += data.slice(i, close);
          if (data.charCodeAt(close + 1) === 34) {
            value += '"';
            i = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        for (let k = pos; k < i; k++) if (data.charCodeAt(k) === 10) lines++;
        pos = i;
        if (pos < n && data.charCodeAt(pos) === 13 && pos + 1 >= n && !final) return null;
        const c = pos < n ? data.charCodeAt(pos) : 10;
        const crlf = c === 13 && data.charCodeAt(pos + 1) === 10;
        if (c !== 44 && c !== 10 && !crlf) {
          throw new CsvSyntaxError('text after a closing quote (a quote inside a field must be doubled)', line + lines);
        }
        if (crlf) pos++;
        fields.push(value);
      } else {
        let i = pos;
        while (i < n) {
          const c = data.charCodeAt(i);
          if (c === 44 || c === 10) break;
          if (c === 34) {
            throw new CsvSyntaxError('a quote inside an unquoted field (quote the whole field)', line + lines);
          }
          i++;
        }
        if (i >= n && !final) return null;
        const crlf = i > pos && data.charCodeAt(i - 1) === 13 && (i >= n || data.charCodeAt(i) === 10);
        fields.push(data.slice(pos, crlf ? i - 1 : i));
        pos = i;
      }
      if (pos >= n || data.charCodeAt(pos) === 10) {
        this.line += lines + 1;
        return { fields, next: pos + 1 };
      }
      pos++; // the comma
    }
  }
}

/** Hears a data record's fields and its 1-based first line. */
export type OnRecord = (fields: string[], line: number) => void;

/**
 * Hears a data record without quotes as its place in `data`, `[start, end)` without the line break, instead of its
 * fields: a reader that keeps the text and the field offsets ({@link fieldOffsets}) allocates no string per field
 * until it reads one (a million rows held as strings cost the garbage collector more than parsing them).
 */
export type OnLine = (data: string, start: number, end: number, line: number) => void;

/**
 * Writes the offsets of a quote-free record's `width` fields into `out` from `o`: field k is
 * `data.slice(out[o + k], out[o + k + 1] - 1)` (width + 1 numbers). Throws, naming the line, when the record does not
 * have `width` fields (as {@link CsvParser} does for a split record).
 */
export function fieldOffsets(
  data: string,
  start: number,
  end: number,
  width: number,
  line: number,
  out: Int32Array,
  o: number,
): void {
  out[o] = start;
  let k = 1;
  for (let c = data.indexOf(',', start); c >= 0 && c < end; c = data.indexOf(',', c + 1)) {
    if (k < width) out[o + k] = c + 1;
    k++;
  }
  if (k !== width) throw new CsvSyntaxError(`expected ${width} fields as in the header, got ${k}`, line);
  out[o + width] = end + 1;
}

/** A malformed CSV record, with the 1-based line where the problem is. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** Parses a whole CSV text: the header's names and each data record with its line. */
export function parseCsv(text: string): { header: string[]; records: { fields: string[]; line: number }[] } {
  const p = new CsvParser();
  const records: { fields: string[]; line: number }[] = [];
  const on = (fields: string[], line: number): void => {
    records.push({ fields, line });
  };
  p.push(text, on);
  p.end(on);
  return { header: p.header ?? [], records };
}
