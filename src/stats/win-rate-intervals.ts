import { wilsonInterval, type Interval } from './intervals.js';

/** A proportion with its Wilson interval, in percent. */
export interface Percent {
  value: number;
  low: number;
  high: number;
}

/** k/n in percent with the Wilson 95% interval (Wilson 1927); NaN when n = 0. */
export function percentWithWilson(k: number, n: number, confidence = 0.95): Percent {
  const ci: Interval = wilsonInterval(k, n, confidence);
  return { value: n ? (100 * k) / n : NaN, low: 100 * ci.low, high: 100 * ci.high };
}

/**
 * The win/loss ratio W/L with the interval of a ratio of two Poisson counts conditioned on their sum: W given W + L is
 * binomial with p = ρ/(1 + ρ), so the Wilson interval [p₋, p₊] of W/(W + L) maps to [p₋/(1 − p₋), p₊/(1 − p₊)]
 * (monotone, so it contains W/L; 0 wins give [0, …), no losses give […, ∞)). NaN when W + L = 0.
 */
export function winLossRatio(wins: number, losses: number, confidence = 0.95): Percent {
  const ci: Interval = wilsonInterval(wins, wins + losses, confidence);
  const ratio = (p: number): number => (p >= 1 ? Infinity : p / (1 - p));
  const value = losses > 0 ? wins / losses : wins > 0 ? Infinity : NaN;
  return { value, low: Math.min(ratio(ci.low), value), high: Math.max(ratio(ci.high), value) };
}
