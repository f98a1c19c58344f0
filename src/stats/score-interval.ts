import { mean, standardError } from './descriptive.js';
import { scoreToElo } from './game-elo.js';
import { meanProportionInterval } from './intervals.js';

/** A mean score in [0, 1] with an interval inside [0, 1] that contains it, and the logistic Elo of each. */
export interface ScoreEstimate {
  n: number;
  score: number;
  ci_low: number;
  ci_high: number;
  /** −400·log10(1/score − 1), scores clamped to [0.001, 0.999] (±1199.8 Elo, fishtest's regularisation). */
  elo: number;
  elo_ci_low: number;
  elo_ci_high: number;
}

/**
 * Mean score of games (1 win, ½ draw, 0 loss, or fractions) with an interval of real coverage at every n: the
 * Wilson interval at the effective sample size n* = p̂(1−p̂)/se² (Korn & Graubard 1998;
 * {@link meanProportionInterval}), so 0 of n and n of n get a one-sided interval of non-zero width ([0, 0.66] for
 * 0 of 2) and one game gets Wilson's [0.21, 1] for a win. Elo and its interval are the logistic transform of the score
 * and its ends (monotone, so the Elo interval contains the Elo); −0 is printed as 0.
 */
export function scoreEstimate(scores: ArrayLike<number>, confidence = 0.95): ScoreEstimate {
  const n = scores.length;
  const score = mean(scores);
  const se = n > 1 ? standardError(scores) : Number.NaN;
  const ci = meanProportionInterval(score, se, n, confidence);
  const elo = (s: number): number => scoreToElo(s) + 0;
  return {
    n,
    score,
    ci_low: Math.min(ci.low, score),
    ci_high: Math.max(ci.high, score),
    elo: elo(score),
    elo_ci_low: Math.min(elo(ci.low), elo(score)),
    elo_ci_high: Math.max(elo(ci.high), elo(score)),
  };
}
