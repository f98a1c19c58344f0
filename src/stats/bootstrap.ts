import { quantileSorted } from './descriptive.js';
import type { Interval } from './intervals.js';
import { Rng } from './random.js';

/** Options of the seeded bootstraps. */
export interface BootstrapOptions {
  /** Resampling rounds (default 1000). */
  rounds?: number;
  /** Seed of the random stream (default 0): same seed, same interval. */
  seed?: number;
  /** Confidence level (default 0.95). */
  confidence?: number;
}

/**
 * Percentile bootstrap CI of the mean of x, resampling items with replacement (Efron 1979):
 * for b = 1..B draw n indices uniformly, m_b = mean(x[idx]); CI = [Q(α/2), Q(1 − α/2)] of {m_b}
 * (linear-interpolated quantiles, as numpy).
 */
export function bootstrapMeanInterval(x: ArrayLike<number>, options: BootstrapOptions = {}): Interval {
  const means = bootstrapMeans(x, options);
  const alpha = 1 - (options.confidence ?? 0.95);
  return { low: quantileSorted(means, alpha / 2), high: quantileSorted(means, 1 - alpha / 2) };
}

/** The sorted bootstrap distribution of the mean (see {@link bootstrapMeanInterval}). */
export function bootstrapMeans(x: ArrayLike<number>, options: BootstrapOptions = {}): Float64Array {
  const n = x.length;
  const rounds = options.rounds ?? 1000;
  const rng = new Rng(options.seed ?? 0);
  const means = new Float64Array(rounds);
  for (let b = 0; b < rounds; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[rng.int(n)];
    means[b] = s / n;
  }
  return means.sort();
}
