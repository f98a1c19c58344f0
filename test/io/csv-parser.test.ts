import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, CsvSyntaxError, fieldOffsets, parseCsv } from '../../src/io/csv-parser.js';

/** csv-parse's reading of a text (the reference): records after the header, or the error. */
function reference(text: string): string[][] | 'error' {
  try {
    const rows: string[][] = parse(text, { skip_empty_lines: true, bom: true });
    return rows.slice(1);
  } catch {
    return 'error';
  }
}

/**
 * Ours, fed in chunks of the given sizes (cycled), so that records and quotes straddle chunk boundaries. With
 * `offsets`, quote-free records come as their place in the text and are cut by fieldOffsets (the streamed import's
 * way), which must give the same fields and the same errors.
 */
function ours(text: string, sizes: number[] = [text.length + 1], offsets = false): string[][] | 'error' {
  const p = new CsvParser();
  const out: string[][] = [];
  const on = (f: string[]): void => {
    out.push(f);
  };
  const at = new Int32Array(64);
  const onLine = (data: string, start: number, end: number, line: number): void => {
    const w = p.header!.length;
    fieldOffsets(data, start, end, w, line, at, 1);
    out.push(Array.from({ length: w }, (_, k) => data.slice(at[1 + k], at[2 + k] - 1)));
  };
  const lines = offsets ? onLine : undefined;
  try {
    for (let i = 0, k = 0; i < text.length; k++) {
      const size = Math.max(1, sizes[k % sizes.length]);
      p.push(text.slice(i, i + size), on, lines);
      i += size;
    }
    p.end(on, lines);
    return out;
  } catch (e) {
    if (e instanceof CsvSyntaxError) return 'error';
    throw e;
  }
}

const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const realCsv = (dir: string): string[] =>
  readdirSync(fixtures + dir)
    .filter((f) => f.endsWith('.csv'))
    .map((f) => fixtures + dir + f);

describe('the CSV parser', () => {
  it('reads real leaderboard files exactly as csv-parse does, whole and in small chunks', () => {
    const files = [...realCsv('arenahard/'), ...realCsv('arenahard/ko-ensemble/'), ...realCsv('alpacaeval/')];
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const want = reference(text);
      expect(want).not.toBe('error');
      expect(ours(text), f).toEqual(want);
      expect(ours(text, [7, 1, 33]), f).toEqual(want);
      expect(ours(text, [7, 1, 33], true), f).toEqual(want);
    }
  });

  it('handles quotes, doubled quotes, line breaks in quotes, CRLF, blank lines and a missing final line break', () => {
    const text = '\ufeffa,b,c\r\n1,"x,y",3\r\n\r\n4,"he said ""hi""\r\nnext",6\r\n"",,""\r\n7,8,9';
    const want = [
      ['1', 'x,y', '3'],
      ['4', 'he said "hi"\r\nnext', '6'],
      ['', '', ''],
      ['7', '8', '9'],
    ];
    expect(reference(text)).toEqual(want);
    for (const sizes of [[1000], [1], [2, 3], [5]]) {
      expect(ours(text, sizes)).toEqual(want);
      expect(ours(text, sizes, true)).toEqual(want);
    }
  });

  it('names the line of each malformed record, where csv-parse also fails', () => {
    const cases: [string, number, RegExp][] = [
      ['a,b\n1,2\n3\n4,5\n', 3, /expected 2 fields/],
      ['a,b\n1,2\n3,"4\n5,6\n', 3, /not closed/],
      ['a,b\n1,2"x",3\n', 2, /quote inside an unquoted field/],
      ['a,b\n1,"2"x\n', 2, /after a closing quote/],
      ['a,b\n1,"2\n\n2",3,4\n', 2, /expected 2 fields/],
    ];
    for (const [text, line, message] of cases) {
      expect(reference(text), text).toBe('error');
      expect(ours(text, undefined, true), text).toBe('error');
      let err: unknown;
      try {
        parseCsv(text);
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(CsvSyntaxError);
      expect((err as CsvSyntaxError).line, text).toBe(line);
      expect((err as Error).message, text).toMatch(message);
    }
  });

  it('gives the first line of each record, counting line breaks inside quotes', () => {
    const { records } = parseCsv('a,b\n1,"x\ny"\n\n2,3\n');
    expect(records.map((r) => r.line)).toEqual([2, 5]);
  });

  it('agrees with csv-parse on random well-formed and malformed texts, in random chunks', () => {
    const cell = fc.oneof(
      fc.constantFrom('', 'a', 'b c', '1.5', 'x"y', '"q"', 'l1\nl2', 'c,d', ' '),
      fc.string({ maxLength: 4 }),
    );
    const quote = (s: string): string => `"${s.replaceAll('"', '""')}"`;
    const table = fc.tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { maxLength: 6 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(
        table,
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1 }),
        fc.constantFrom('\n', '\r\n'),
        ([cols, rows, raw], sizes, eol) => {
          // raw: cells as they are (stray quotes and commas make malformed rows), except line breaks, which a file with
          // one line-break style cannot hold unquoted
          const line = (r: string[]): string => r.map((c) => (raw && !/[\r\n]/.test(c) ? c : quote(c))).join(',');
          const header = Array.from({ length: cols }, (_, i) => `h${i}`).join(',');
          const text = [header, ...rows.map(line)].join(eol) + eol;
          const want = reference(text);
          for (const offsets of [false, true]) {
            const got = ours(text, sizes, offsets);
            if (want === 'error') expect(got).toBe('error');
            else expect(got).toEqual(want);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
