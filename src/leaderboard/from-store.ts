import { isAlpacaEvalSet } from '../presets/alpaca-eval.js';
import type { ComparisonTable, Store } from '../store/store.js';
import { winRateLeaderboard, type WinRateLeaderboardOptions, type WinRateRow } from './alpaca-eval-leaderboard.js';

/** Options of {@link leaderboardFromStore}. */
export interface StoreLeaderboardOptions extends Omit<WinRateLeaderboardOptions, 'averageLengths'> {
  judge?: string;
  dataset?: string;
}

/**
 * Win-rate rows for a comparison table of the store: the store supplies average lengths, and AlpacaEval's LC
 * model is used (unless `alpacaEvalLc` is false) only when the items are AlpacaEval's own instructions.
 */
export async function winRateRowsFromStore(store: Store, table: ComparisonTable, options: StoreLeaderboardOptions = {}): Promise<WinRateRow[]> {
  const alpacaEvalLc = options.alpacaEvalLc !== false && isAlpacaEvalSet(await store.instructions(options.dataset));
  return winRateLeaderboard(table, { ...options, alpacaEvalLc, averageLengths: await store.averageLengths(options.dataset) });
}

/** The win-rate leaderboard over what a store holds (what `winrate leaderboard` prints). */
export async function leaderboardFromStore(store: Store, options: StoreLeaderboardOptions = {}): Promise<WinRateRow[]> {
  return winRateRowsFromStore(store, await store.comparisonTable({ judge: options.judge, dataset: options.dataset }), options);
}
