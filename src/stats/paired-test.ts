import tcdf from '@stdlib/stats-base-dists-t-cdf';
import tquantile from '@stdlib/stats-base-dists-t-quantile';
import { bootstrapMeanInterval } from './bootstrap.js';
import { mean as meanOf, standardError } from './descriptive.js';

/** A paired t-test of mean(a − b) = 0, with its confidence interval (units of the inputs). */
export interface PairedTTest {
  n: number;
  difference: number;
  standard_error: number;
  t: number;
  df: number;
  p_value: number;
  ci_low: number;
  ci_high: number;
  /** Seeded percentile bootstrap over items, when asked for. */
  bootstrap_ci_low?: number;
  bootstrap_ci_high?: number;
}

/**
 * Paired t-test as `scipy.stats.ttest_rel(a, b)`: dᵢ = aᵢ − bᵢ, d̄ = mean(d), se = sd(d, ddof=1)/√n,
 * t = d̄/se with n − 1 degrees of freedom, two-sided p = 2·(1 − T_{n−1}(|t|)), CI = d̄ ± t_{1−α/2, n−1}·se
 * (Student 1908; Student's t from stdlib). With `bootstrap` rounds, also a seeded percentile bootstrap CI of d̄.
 * When all differences are equal, se = 0: p = 1 if d̄ = 0 else 0 (scipy returns NaN there).
 */
export function pairedTTest(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  o: { confidence?: number; bootstrap?: number; seed?: number } = {},
): PairedTTest {
  if (a.length !== b.length) throw new RangeError(`pairedTTest: ${a.length} vs ${b.length} values`);
  const n = a.length;
  if (n < 2) throw new RangeError('pairedTTest needs at least 2 pairs');
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = a[i] - b[i];
  const mean = meanOf(d);
  const se = standardError(d);
  const df = n - 1;
  const t = se > 0 ? mean / se : mean === 0 ? 0 : Math.sign(mean) * Infinity;
  const p = se > 0 ? 2 * tcdf(-Math.abs(t), df) : mean === 0 ? 1 : 0;
  const q = tquantile(1 - (1 - (o.confidence ?? 0.95)) / 2, df);
  const out: PairedTTest = {
    n,
    difference: mean,
    standard_error: se,
    t,
    df,
    p_value: Math.min(1, p),
    ci_low: mean - q * se,
    ci_high: mean + q * se,
  };
  if (o.bootstrap) {
    const ci = bootstrapMeanInterval(d, { rounds: o.bootstrap, seed: o.seed, confidence: o.confidence });
    out.bootstrap_ci_low = ci.low;
    out.bootstrap_ci_high = ci.high;
  }
  return out;
}
