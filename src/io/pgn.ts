import { InputError } from '../core/errors.js';
import { readTextFile } from './read-file.js';
import type { RowRecord } from './records.js';

/**
 * The games of a PGN file (Portable Game Notation, as written by chess GUIs, cutechess-cli and fishtest workers)
 * as records of their tag pairs with lowercase names (`white`, `black`, `result`, `round`, `date`, ...); a
 * record's row is the line of its first tag. Movetext is skipped.
 */
export function readPgnGames(file: string): { text: string; rows: RowRecord[] } {
  const text = readTextFile(file);
  const rows: RowRecord[] = [];
  let current: Record<string, string> | null = null;
  let inMoves = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    const t = line.trim();
    const tag = /^\[(\w+)\s+"((?:[^"\\]|\\.)*)"\s*\]$/.exec(t);
    if (tag) {
      if (!current || inMoves) {
        current = {};
        inMoves = false;
        rows.push({ row: i + 1, value: current });
      }
      current[tag[1].toLowerCase()] = tag[2].replace(/\\(.)/g, '$1');
    } else if (t !== '' && !t.startsWith('%') && !t.startsWith(';')) {
      if (!current)
        throw new InputError('INPUT_PARSE', 'movetext before any tag pair: not a PGN file', { file, row: i + 1 });
      inMoves = true;
    }
  });
  if (rows.length === 0)
    throw new InputError('INPUT_PARSE', 'no games found (expected [White "..."] [Black "..."] [Result "..."] tags)', {
      file,
    });
  return { text, rows };
}
