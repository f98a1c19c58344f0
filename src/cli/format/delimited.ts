import { cell, LEADERBOARD_COLUMNS } from './columns.js';
import type { WinRateRow } from '../../leaderboard/alpaca-eval-leaderboard.js';

/** RFC 4180 CSV with a header row. */
export function toCsv(rows: WinRateRow[]): string {
  const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [LEADERBOARD_COLUMNS.join(',')];
  for (const r of rows) lines.push(LEADERBOARD_COLUMNS.map((c) => quote(cell(r[c], 10))).join(','));
  return `${lines.join('\n')}\n`;
}

/** A GitHub-flavoured Markdown table (pipes and newlines in names escaped). */
export function toMarkdown(rows: WinRateRow[]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const cols = LEADERBOARD_COLUMNS;
  const lines = [`| ${cols.join(' | ')} |`, `|${cols.map((c) => (c === 'system' || c === 'baseline' || c === 'lc_method' ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of rows) lines.push(`| ${cols.map((c) => esc(cell(r[c], 2))).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** JSON array of row objects; non-finite numbers become null. */
export function toJson(rows: WinRateRow[]): string {
  return `${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
