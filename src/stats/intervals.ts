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

/** Normal (Wald) interval estimate ± z·se. */
export function normalInterval(estimate: number, se: number, confidence = 0.95): Interval {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return { low: estimate - z * se, high: estimate + z * se };
}
