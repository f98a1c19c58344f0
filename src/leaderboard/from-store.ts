import { isAlpacaEvalSet } from '../presets/alpaca-eval.js';
import type { Store } from '../store/store.js';
import { winRateLeaderboard, type WinRateLeaderboardOptions, type WinRateRow } from './alpaca-eval-leaderboard.js';

/** Options of {@link leaderboardFromStore}. */
export interface StoreLeaderboardOptions extends Omit<WinRateLeaderboardOptions, 'averageLengths'> {
  judge?: string;
  dataset?: string;
}

/** The win-rate leaderboard over what a store holds (what `winrate leaderboard` prints). */
export async function leaderboardFromStore(store: Store, options: StoreLeaderboardOptions = {}): Promise<WinRateRow[]> {
  const table = await store.comparisonTable({ judge: options.judge, dataset: options.dataset });
  const alpacaEvalLc = options.alpacaEvalLc ?? isAlpacaEvalSet(await store.instructions(options.dataset));
  return winRateLeaderboard(table, { ...options, alpacaEvalLc, averageLengths: await store.averageLengths(options.dataset) });
}
