import type { WinRateRow } from '../../leaderboard/alpaca-eval-leaderboard.js';

/** Fields of a leaderboard row printed by the csv and md formats, in order (json prints every field). */
export const LEADERBOARD_COLUMNS: readonly (keyof WinRateRow)[] = [
  'system', 'baseline', 'lc_win_rate', 'lc_standard_error', 'win_rate', 'standard_error', 'ci_low', 'ci_high',
  'discrete_win_rate', 'n_wins', 'n_wins_base', 'n_draws', 'n_total', 'avg_length', 'lc_method',
];

/** Prints a cell: numbers with up to `digits` decimals, null/NaN as empty. */
export function cell(v: unknown, digits = 6): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Number.isInteger(v) ? v : Number(v.toFixed(digits))) : '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v) ?? '';
}
