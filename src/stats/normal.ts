import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in both tails (stdlib's erfc, FreeBSD/Cephes-grade). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Standard normal quantile Φ⁻¹(p) = −√2·erfcinv(2p) (as scipy.stats.norm.ppf). */
export function normalPpf(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  return -Math.SQRT2 * erfcinv(2 * p);
}
