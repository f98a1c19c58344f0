import { normalCdf } from './normal.js';
/** Descriptive statistics over typed arrays. Pure functions, no allocation beyond the result. */

/** Arithmetic mean, Σx / n. NaN for an empty array. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/**
 * Sample standard deviation with `ddof` delta degrees of freedom (default 1, as pandas' `.std()`):
 * sd = √( Σ(x − x̄)² / (n − ddof) ). Two-pass for accuracy. NaN when n ≤ ddof.
 */
export function sd(x: ArrayLike<number>, ddof = 1): number {
  const n = x.length;
  if (n <= ddof) return Number.NaN;
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = x[i] - m;
    s += d * d;
  }
  return Math.sqrt(s / (n - ddof));
}

/** Standard error of the mean, sd(x, ddof = 1) / √n. */
export function standardError(x: ArrayLike<number>): number {
  return sd(x, 1) / Math.sqrt(x.length);
}

/** Logistic function σ(z) = 1 / (1 + e^(−z)), computed without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softplus(z) = ln(1 + e^z), computed without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * Quantile with linear interpolation between order statistics (numpy's default "linear" method):
 * h = (n − 1)·q, Q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎). `sorted` must be ascending.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Inverse of the standard normal CDF: Acklam's rational approximation (relative error < 1.2e-9), refined by one step
 * of Halley's method on Φ(x) − p with stdlib's erfc, as Acklam recommends, to full double precision (scipy's
 * norm.ppf(0.975) = 1.959963984540054 and norm.ppf(0.95) = 1.6448536269514722 to 1e-15).
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const x = acklam(p);
  const e = normalCdf(x) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Acklam's rational approximation of the normal quantile (relative error < 1.2e-9). */
function acklam(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - pl) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Mean of values (per game, per item) with its standard error (sd with n − 1 / √n) and a normal CI. */
export function meanWithError(
  x: ArrayLike<number>,
  confidence = 0.95,
): { n: number; mean: number; se: number; ci_low: number; ci_high: number } {
  const n = x.length;
  const m = mean(x);
  const se = n > 1 ? standardError(x) : NaN;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  return { n, mean: m, se, ci_low: m - z * se, ci_high: m + z * se };
}
