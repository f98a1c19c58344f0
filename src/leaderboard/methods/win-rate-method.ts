import type { WinRateRow } from '../alpaca-eval-leaderboard.js';
import { winRateRowsFromStore } from '../from-store.js';
import { lcUsesThreads, prestartLcWorkers } from '../../stats/parallel-lc.js';
import { categoryBreakdown } from '../category-breakdown.js';
import { judgedTable, recordedBaseline } from '../judge-filter.js';
import type { LeaderboardColumn, LeaderboardMethod, LeaderboardResult } from '../method.js';

const COLUMNS: LeaderboardColumn[] = [
  { key: 'system', label: 'system', kind: 'text' },
  { key: 'lc_win_rate', label: 'LC win rate', kind: 'percent' },
  { key: 'lc_ci_low', label: 'LC low', kind: 'percent', digits: 1 },
  { key: 'lc_ci_high', label: 'LC high', kind: 'percent', digits: 1 },
  { key: 'win_rate', label: 'win rate', kind: 'percent' },
  { key: 'ci_low', label: 'low', kind: 'percent', digits: 1 },
  { key: 'ci_high', label: 'high', kind: 'percent', digits: 1 },
  { key: 'standard_error', label: 'SE', kind: 'number' },
  { key: 'discrete_win_rate', label: 'discrete', kind: 'percent' },
  { key: 'n_wins', label: 'W', kind: 'count' },
  { key: 'n_draws', label: 'T', kind: 'count' },
  { key: 'n_wins_base', label: 'L', kind: 'count' },
  { key: 'n_total', label: 'n', kind: 'count' },
  { key: 'avg_length', label: 'avg len', kind: 'count' },
];

function method(name: 'winrate' | 'lc'): LeaderboardMethod {
  const lc = name === 'lc';
  return {
    name,
    description: lc
      ? 'length-controlled win rate against a baseline (AlpacaEval 2.0), sorted by LC'
      : 'win rate against a baseline (ties as half), with LC alongside, sorted by win rate',
    async run(store, o): Promise<LeaderboardResult> {
      const table = await judgedTable(store, o, { dataset: o.dataset });
      // the fitting threads start while the fits are planned (one fit per system but the baseline)
      if (lcUsesThreads(table.systems.length - 1)) prestartLcWorkers();
      const notes: string[] = [];
      const rows: WinRateRow[] = await winRateRowsFromStore(store, table, {
        baseline: o.baseline ?? (await recordedBaseline(store, o, table.systems)),
        bootstrap: o.bootstrap,
        seed: o.seed,
        alpacaEvalLc: o.alpacaLc,
        dataset: o.dataset,
        notes,
      });
      const baseline = rows[0]?.baseline;
      const categories = baseline ? categoryBreakdown(table, baseline, await store.itemCategories(o.dataset)) : null;
      if (!lc) rows.sort((p, q) => (q.win_rate ?? -1) - (p.win_rate ?? -1) || p.system.localeCompare(q.system));
      return {
        method: name,
        title: lc ? 'Length-controlled win rate' : 'Win rate',
        baseline: rows[0]?.baseline ?? null,
        columns: lc ? COLUMNS : [COLUMNS[0], ...COLUMNS.slice(4), ...COLUMNS.slice(1, 4)],
        rows: rows as unknown as Record<string, unknown>[],
        value: lc
          ? { key: 'lc_win_rate', low: 'lc_ci_low', high: 'lc_ci_high', min: 0, max: 100 }
          : { key: 'win_rate', low: 'ci_low', high: 'ci_high', min: 0, max: 100 },
        extra: categories ? { categories } : undefined,
        notes: notes.length ? [...new Set(notes)] : undefined,
      };
    },
  };
}

/** AlpacaEval's raw win rate against the baseline (`--method winrate`). */
export const winRateMethod = method('winrate');
/** AlpacaEval 2.0's length-controlled win rate (`--method lc`). */
export const lcMethod = method('lc');
