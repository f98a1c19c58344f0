import erfc from '@stdlib/math-base-special-erfc';

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in both tails (stdlib's erfc, FreeBSD/Cephes-grade). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}
