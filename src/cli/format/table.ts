import { visible } from './visible.js';
import type { LeaderboardResult } from '../../leaderboard/method.js';

const BAR_WIDTH = 24;

/**
 * A terminal table of any leaderboard: its columns (intervals folded into "[low, high]"), and a bar of the
 * headline value on the method's axis with the interval shaded.
 */
export function toTable(lb: LeaderboardResult): string {
  const f = (v: unknown, d: number): string => {
    if (typeof v === 'number')
      return Number.isFinite(v) ? (Number.isInteger(v) && d <= 1 ? String(v) : v.toFixed(d)) : '—';
    return typeof v === 'string' ? visible(v) : '—';
  };
  const bounds = new Map<string, [string, string]>();
  for (const c of lb.columns) {
    const p = CI_COLUMNS[c.key];
    if (p && lb.columns.some((x) => x.key === p[0]) && lb.columns.some((x) => x.key === p[1])) bounds.set(c.key, p);
  }
  const hidden = new Set([...bounds.values()].flat());
  const shown = lb.columns.filter((c) => !hidden.has(c.key));
  const header: string[] = [];
  const cols: ((r: Record<string, unknown>) => string)[] = [];
  for (const c of shown) {
    const d = c.kind === 'count' ? 0 : (c.digits ?? 2);
    header.push(c.label);
    cols.push((r) => f(r[c.key], d));
    const ci = bounds.get(c.key);
    if (ci) {
      header.push('95% CI');
      cols.push((r) =>
        typeof r[ci[0]] === 'number' && Number.isFinite(r[ci[0]]) ? `[${f(r[ci[0]], 1)}, ${f(r[ci[1]], 1)}]` : '',
      );
    }
  }
  header.push('');
  cols.push((r) => bar(r, lb));
  const body = lb.rows.map((r) => cols.map((fn) => fn(r)));
  const all = [header, ...body];
  const width = header.map((_, c) => Math.max(...all.map((row) => [...row[c]].length)));
  const left = new Set(header.map((h, i) => (shown.some((c) => c.kind === 'text' && c.label === h) ? i : -1)));
  const line = (row: string[]): string =>
    row
      .map((v, c) => (left.has(c) || c === row.length - 1 ? v.padEnd(width[c]) : v.padStart(width[c])))
      .join('  ')
      .trimEnd();
  const title = `${lb.title}${lb.baseline !== null ? ` — baseline: ${lb.baseline}` : ''}`;
  return `${[
    title,
    line(header),
    width
      .map((w) => '─'.repeat(w))
      .join('  ')
      .trimEnd(),
    ...body.map(line),
  ].join('\n')}\n`;
}

/** Interval columns folded next to their value column. */
const CI_COLUMNS: Record<string, [string, string]> = {
  rating: ['ci_low', 'ci_high'],
  score: ['score_ci_low', 'score_ci_high'],
  win_rate: ['ci_low', 'ci_high'],
  lc_win_rate: ['lc_ci_low', 'lc_ci_high'],
};

function bar(r: Record<string, unknown>, lb: LeaderboardResult): string {
  const { key, low, high, min, max } = lb.value;
  const v = r[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || max <= min) return '';
  const pos = (x: number): number =>
    Math.max(0, Math.min(BAR_WIDTH - 1, Math.round(((x - min) / (max - min)) * (BAR_WIDTH - 1))));
  const chars: string[] = Array.from({ length: BAR_WIDTH }, (_, i) => (i <= pos(v) ? '█' : '·'));
  const lo = low ? r[low] : undefined;
  const hi = high ? r[high] : undefined;
  if (typeof lo === 'number' && typeof hi === 'number' && Number.isFinite(lo) && Number.isFinite(hi)) {
    for (let i = pos(lo); i <= pos(hi); i++) if (i > pos(v)) chars[i] = '░';
  }
  return chars.join('');
}
