import { normalQuantile } from './descriptive.js';

/** A two-sided confidence interval. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a proportion p̂ = k/n at confidence 1 − α (Wilson 1927):
 *
 *   (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n),  z = Φ⁻¹(1 − α/2).
 *
 * k may be fractional (ties counted as half a win).
 */
export function wilsonInterval(k: number, n: number, confidence = 0.95): Interval {
  if (n <= 0) return { low: Number.NaN, high: Number.NaN };
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = k / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const den = 1 + z2 / n;
  return { low: Math.max(0, (centre - half) / den), high: Math.min(1, (centre + half) / den) };
}

/**
 * Interval of a mean of outcomes in [0, 1] (win rates with ties and fractional verdicts) that stays in [0, 1] and
 * widens honestly for small n: the Wilson interval at the mean p̂ with the effective sample size
 * n* = p̂(1−p̂)/se² (capped at n; n when se = 0), as Korn & Graubard (1998) do for survey proportions. For 0/1
 * outcomes n* ≈ n and this is Wilson's; for large n it approaches the normal interval p̂ ± z·se.
 */
export function meanProportionInterval(p: number, se: number, n: number, confidence = 0.95): Interval {
  if (n <= 0 || !Number.isFinite(p)) return { low: Number.NaN, high: Number.NaN };
  const v = p * (1 - p);
  const nEff = se > 0 && v > 0 ? Math.min(n, v / (se * se)) : n;
  return wilsonInterval(p * nEff, nEff, confidence);
}

/** Normal (Wald) interval estimate ± z·se. */
export function normalInterval(estimate: number, se: number, confidence = 0.95): Interval {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return { low: estimate - z * se, high: estimate + z * se };
}

/**
 * A percentile bootstrap interval, unless it has no width: when every resample gives the same value (all wins, one
 * item, identical grades) the bootstrap sees no variability and its interval no coverage, so the analytic interval
 * of the same quantity (Wilson at the effective n for a mean in [0, 1]) is returned instead.
 */
export function bootstrapOrAnalytic(boot: Interval, analytic: () => Interval): Interval {
  return boot.high - boot.low > 1e-12 * Math.max(1, Math.abs(boot.high)) ? boot : analytic();
}
