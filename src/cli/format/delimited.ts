import type { LeaderboardResult } from '../../leaderboard/method.js';

/** A cell at full precision (CSV) or rounded (Markdown); null, undefined and NaN print empty. */
export function cell(v: unknown, digits?: number): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    return digits === undefined || Number.isInteger(v) ? String(v) : v.toFixed(digits);
  }
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? '';
}

/**
 * A text cell a spreadsheet cannot run: one starting with `=`, `+`, `-`, `@`, a tab or a carriage return (a system
 * named `=HYPERLINK(…)`) gets a leading `'`, as OWASP recommends against CSV injection. Numbers are not text cells.
 */
export function inertCell(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/** RFC 4180 CSV with a header row of column keys; text cells made inert for spreadsheets ({@link inertCell}). */
export function toCsv(lb: LeaderboardResult): string {
  const quote = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const text = (v: unknown): string => (typeof v === 'string' ? inertCell(v) : cell(v));
  const keys = [
    ...lb.columns.map((c) => c.key),
    ...(lb.baseline !== null && !lb.columns.some((c) => c.key === 'baseline') ? ['baseline'] : []),
  ];
  const lines = [keys.join(',')];
  for (const r of lb.rows) lines.push(keys.map((k) => quote(text(k === 'baseline' ? lb.baseline : r[k]))).join(','));
  return `${lines.join('\n')}\n`;
}

/** A GitHub-flavoured Markdown table (pipes and newlines in cells escaped). */
export function toMarkdown(lb: LeaderboardResult): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const lines = [
    `| ${lb.columns.map((c) => c.label).join(' | ')} |`,
    `|${lb.columns.map((c) => (c.kind === 'text' ? ' --- ' : ' ---: ')).join('|')}|`,
  ];
  for (const r of lb.rows)
    lines.push(
      `| ${lb.columns.map((c) => esc(cell(r[c.key], c.kind === 'text' ? undefined : (c.digits ?? 2)))).join(' | ')} |`,
    );
  return `${lines.join('\n')}\n`;
}

/** JSON array of row objects (each with its baseline); non-finite numbers become null. */
export function toJson(lb: LeaderboardResult): string {
  const rows = lb.rows.map((r) => ('baseline' in r || lb.baseline === null ? r : { ...r, baseline: lb.baseline }));
  return `${JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
