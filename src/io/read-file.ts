import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError, WinrateError } from '../core/errors.js';

/**
 * The most text one input file may hold once decompressed (MiB; env WINRATE_MAX_INPUT_MB, default 512, V8's
 * string limit): a small gzip "bomb" fails fast with a clear message instead of exhausting memory.
 */
export const maxInputBytes = (): number => (Number(process.env.WINRATE_MAX_INPUT_MB) || 512) * 1024 * 1024 - 64;

/** Reads a UTF-8 text file, transparently gunzipping `.gz` files, without a byte-order mark. Errors name the file. */
export function readTextFile(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WinrateError('FILE_NOT_FOUND', 'no such file', { file: path });
    throw new InputError('INPUT_PARSE', `cannot read: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  const limit = Math.min(maxInputBytes(), 0x1fffffe8);
  if (path.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf, { maxOutputLength: limit });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new InputError(
          'INPUT_PARSE',
          `decompresses to more than ${Math.round(limit / 2 ** 20)} MiB (a gzip bomb, or a file to split; WINRATE_MAX_INPUT_MB raises the limit up to 512)`,
          { file: path },
          { cause: e },
        );
      }
      throw new InputError(
        'INPUT_PARSE',
        `not a valid gzip file (${(e as Error).message})`,
        { file: path },
        { cause: e },
      );
    }
  } else if (buf.length > limit) {
    throw new InputError(
      'INPUT_PARSE',
      `is larger than ${Math.round(limit / 2 ** 20)} MiB (split it into several files)`,
      { file: path },
    );
  }
  // decoding would replace bytes that are not UTF-8 with U+FFFD: the text would be imported silently changed
  if (!isUtf8(buf)) {
    throw new InputError('INPUT_PARSE', 'is not valid UTF-8 (save it as UTF-8; a byte sequence is invalid)', {
      file: path,
      row: firstInvalidLine(buf),
    });
  }
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The 1-based line of a buffer's first byte sequence that is not UTF-8 (1 when no line alone is invalid). */
export function firstInvalidLine(buf: Buffer): number {
  let line = 1;
  for (let start = 0; start < buf.length; line++) {
    const nl = buf.indexOf(10, start);
    const end = nl < 0 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end))) return line;
    start = end + 1;
  }
  return line;
}

/** Parses a JSON document; a syntax error (e.g. a truncated file) names the file and the line. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos
      ? ` at line ${lineOf(text, Number(pos[1]))}`
      : text.trim().length > 0
        ? ' (truncated?)'
        : ' (empty file)';
    throw new InputError('INPUT_PARSE', `invalid JSON${where}: ${msg}`, { file }, { cause: e });
  }
}

/** Parses JSON Lines: one JSON value per non-blank line; errors name the 1-based line as the row. */
export function parseJsonLines(text: string, file: string): { row: number; value: unknown }[] {
  const out: { row: number; value: unknown }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push({ row: i + 1, value: JSON.parse(line) as unknown });
    } catch (e) {
      throw new InputError(
        'INPUT_PARSE',
        `invalid JSON line: ${(e as Error).message}`,
        { file, row: i + 1 },
        { cause: e },
      );
    }
  });
  return out;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
