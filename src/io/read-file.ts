import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { InputError, WinrateError } from '../core/errors.js';

/** Reads a UTF-8 text file, transparently gunzipping `.gz` files. Errors name the file. */
export function readTextFile(path: string): string {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new WinrateError('FILE_NOT_FOUND', 'no such file', { file: path });
    throw new InputError('INPUT_PARSE', `cannot read: ${(e as Error).message}`, { file: path }, { cause: e });
  }
  if (path.endsWith('.gz')) {
    try {
      buf = gunzipSync(buf);
    } catch (e) {
      throw new InputError('INPUT_PARSE', `not a valid gzip file (${(e as Error).message})`, { file: path }, { cause: e });
    }
  }
  return buf.toString('utf8');
}

/** Parses a JSON document; a syntax error (e.g. a truncated file) names the file and the line. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? ` at line ${lineOf(text, Number(pos[1]))}` : text.trim().length > 0 ? ' (truncated?)' : ' (empty file)';
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
      throw new InputError('INPUT_PARSE', `invalid JSON line: ${(e as Error).message}`, { file, row: i + 1 }, { cause: e });
    }
  });
  return out;
}

function lineOf(text: string, pos: number): number {
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
