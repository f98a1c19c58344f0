import { mean, standardError } from './descriptive.js';

/**
 * AlpacaEval's raw metrics over per-item probabilities x ∈ [0, 1] that the model beats the baseline
 * (x = preference − 1; tatsu-lab/alpaca_eval `get_winrate`):
 *
 *   win_rate = 100·mean(x), standard_error = 100·sd(x, ddof=1)/√n,
 *   n_wins = #(x > ½), n_wins_base = #(x < ½), n_draws = #(x = ½), discrete_win_rate = 100·(n_wins + n_draws/2)/n.
 */
export interface RawWinRate {
  n_total: number;
  n_wins: number;
  n_wins_base: number;
  n_draws: number;
  win_rate: number;
  standard_error: number;
  discrete_win_rate: number;
}

/** Computes {@link RawWinRate} from per-item win probabilities. */
export function rawWinRate(x: ArrayLike<number>): RawWinRate {
  const n = x.length;
  let wins = 0;
  let losses = 0;
  let draws = 0;
  for (let i = 0; i < n; i++) {
    if (x[i] > 0.5) wins++;
    else if (x[i] < 0.5) losses++;
    else draws++;
  }
  return {
    n_total: n,
    n_wins: wins,
    n_wins_base: losses,
    n_draws: draws,
    win_rate: 100 * mean(x),
    standard_error: n > 1 ? 100 * standardError(x) : Number.NaN,
    discrete_win_rate: (100 * (wins + draws / 2)) / n,
  };
}

/** Counts of discrete outcomes from the model's side. */
export interface Outcomes {
  wins: number;
  ties: number;
  losses: number;
}

/** Tallies outcomes with x > ½ a win, x < ½ a loss, x = ½ a tie. */
export function countOutcomes(x: ArrayLike<number>): Outcomes {
  const r = rawWinRate(x);
  return { wins: r.n_wins, ties: r.n_draws, losses: r.n_wins_base };
}

/**
 * The win-rate variants the literature reports, all as fractions in [0, 1] (ratio unbounded):
 * - `tiesHalf` (default everywhere in winrate; AlpacaEval's discrete win rate, FastChat's "win_rate_adjusted"):
 *   (W + T/2) / N
 * - `winOnly` (FastChat MT-Bench "win_rate"): W / N
 * - `tieOrWin` ("win + tie rate", e.g. reader studies reporting non-inferiority): (W + T) / N
 * - `excludingTies` (ties dropped): W / (W + L)
 * - `winLossRatio`: W / L (∞ when L = 0)
 */
export function winRateVariants(o: Outcomes): {
  tiesHalf: number;
  winOnly: number;
  tieOrWin: number;
  excludingTies: number;
  winLossRatio: number;
} {
  const n = o.wins + o.ties + o.losses;
  return {
    tiesHalf: (o.wins + o.ties / 2) / n,
    winOnly: o.wins / n,
    tieOrWin: (o.wins + o.ties) / n,
    excludingTies: o.wins / (o.wins + o.losses),
    winLossRatio: o.losses === 0 ? (o.wins === 0 ? Number.NaN : Infinity) : o.wins / o.losses,
  };
}
