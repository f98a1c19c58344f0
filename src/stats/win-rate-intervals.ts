import { normalQuantile } from './descriptive.js';
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
 * The win/loss ratio W/L with a log-normal interval: exp(ln(W/L) ± z·√(1/W + 1/L)) (the usual interval of a ratio of
 * two Poisson counts, as for odds ratios); 0.5 is added to both counts when one is zero (Haldane–Anscombe).
 */
export function winLossRatio(wins: number, losses: number, confidence = 0.95): Percent {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const [w, l] = wins === 0 || losses === 0 ? [wins + 0.5, losses + 0.5] : [wins, losses];
  const r = w / l;
  const se = Math.sqrt(1 / w + 1 / l);
  return { value: losses === 0 ? Infinity : wins / losses, low: r * Math.exp(-z * se), high: r * Math.exp(z * se) };
}
