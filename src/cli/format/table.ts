import type { WinRateRow } from '../../leaderboard/alpaca-eval-leaderboard.js';

const BAR_WIDTH = 24;

/**
 * A terminal table: rank, system, LC win rate with its 95% CI, raw win rate with its CI, counts, average
 * length, and a bar of the LC win rate (0–100%) with the CI marked.
 */
export function toTable(rows: WinRateRow[]): string {
  const f = (v: number | null, d = 1): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));
  const ci = (lo: number | null, hi: number | null): string => (lo === null || hi === null || !Number.isFinite(lo) ? '' : `[${f(lo)}, ${f(hi)}]`);
  const header = ['#', 'system', 'LC win rate', '95% CI', 'win rate', '95% CI', 'W/T/L', 'n', 'avg len', ''];
  const body = rows.map((r, i) => [
    String(i + 1), r.system, f(r.lc_win_rate, 2), ci(r.lc_ci_low, r.lc_ci_high), f(r.win_rate, 2), ci(r.ci_low, r.ci_high),
    `${r.n_wins}/${r.n_draws}/${r.n_wins_base}`, String(r.n_total), r.avg_length === null ? '—' : String(r.avg_length),
    bar(r.lc_win_rate ?? r.win_rate, r.lc_win_rate !== null ? r.lc_ci_low : r.ci_low, r.lc_win_rate !== null ? r.lc_ci_high : r.ci_high),
  ]);
  const all = [header, ...body];
  const width = header.map((_, c) => Math.max(...all.map((row) => [...row[c]].length)));
  const right = new Set([0, 2, 4, 6, 7, 8]);
  const line = (row: string[]): string => row.map((v, c) => (right.has(c) ? v.padStart(width[c]) : v.padEnd(width[c]))).join('  ').trimEnd();
  const baseline = rows[0]?.baseline ?? '';
  return `${[`baseline: ${baseline}`, line(header), width.map((w) => '─'.repeat(w)).join('  ').trimEnd(), ...body.map(line)].join('\n')}\n`;
}

function bar(v: number | null, lo: number | null, hi: number | null): string {
  if (v === null || !Number.isFinite(v)) return '';
  const pos = (x: number): number => Math.max(0, Math.min(BAR_WIDTH - 1, Math.round((x / 100) * (BAR_WIDTH - 1))));
  const chars: string[] = Array.from({ length: BAR_WIDTH }, (_, i) => (i <= pos(v) ? '█' : '·'));
  if (lo !== null && hi !== null && Number.isFinite(lo) && Number.isFinite(hi)) {
    for (let i = pos(lo); i <= pos(hi); i++) if (i > pos(v)) chars[i] = '░';
  }
  return chars.join('');
}
