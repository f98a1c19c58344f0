import { isAlpacaEvalSet } from '../presets/alpaca-eval.js';
import type { ComparisonTable, Store } from '../store/store.js';
import { lengthControlledWinRates } from '../stats/parallel-lc.js';
import {
  plannedLcFits,
  winRateLeaderboard,
  type WinRateLeaderboardOptions,
  type WinRateRow,
} from './alpaca-eval-leaderboard.js';

/** Options of {@link leaderboardFromStore}. */
export interface StoreLeaderboardOptions extends Omit<WinRateLeaderboardOptions, 'averageLengths'> {
  judge?: string;
  dataset?: string;
}

/**
 * Win-rate rows for a comparison table of the store: the store supplies average lengths, and AlpacaEval's LC
 * model is used (unless `alpacaEvalLc` is false) only when the items are AlpacaEval's own instructions.
 */
export async function winRateRowsFromStore(
  store: Store,
  table: ComparisonTable,
  options: StoreLeaderboardOptions = {},
): Promise<WinRateRow[]> {
  const alpacaEvalSet = isAlpacaEvalSet(await store.instructions(options.dataset));
  const alpacaEvalLc = options.alpacaEvalLc !== false && alpacaEvalSet;
  // avg_length is the mean over the system's stored responses, empty ones included: AlpacaEval's
  // `int(model_outputs["output"].str.len().mean())` (main.py). Its published values for models whose annotations
  // lack rows come from model_outputs files that hold those rows as empty outputs; importing them reproduces it.
  const totals = await store.lengthTotals(options.dataset);
  const averageLengths = new Map([...totals].map(([s, t]) => [s, t.total / t.n]));
  const planned = { ...options, alpacaEvalLc, averageLengths };
  return winRateLeaderboard(table, {
    ...planned,
    lcFits: await lengthControlledWinRates(plannedLcFits(table, planned)),
  });
}

/** The win-rate leaderboard over what a store holds (what `winrate leaderboard` prints). */
export async function leaderboardFromStore(store: Store, options: StoreLeaderboardOptions = {}): Promise<WinRateRow[]> {
  return winRateRowsFromStore(
    store,
    await store.comparisonTable({ judge: options.judge, dataset: options.dataset }),
    options,
  );
}
