import type { Rng } from './random.js';

const LOG_FACTORIAL: number[] = [0];

/**
 * ln k!: summed exactly below 256, Stirling's series with three correction terms above (relative error < 1e-16 there;
 * numpy's random_loggam uses the same series).
 */
export function logFactorial(k: number): number {
  if (k < 256) {
    for (let i = LOG_FACTORIAL.length; i <= k; i++) LOG_FACTORIAL.push(LOG_FACTORIAL[i - 1] + Math.log(i));
    return LOG_FACTORIAL[k];
  }
  const k2 = k * k;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k * k2) + 1 / (1260 * k * k2 * k2);
}

/**
 * A Binomial(n, p) draw by inversion, exact: below mean 30 from 0 upwards (BINV, Kachitvichyanukul & Schmeiser
 * 1988), above it from the mode outwards, alternating down and up (the pmf at the mode from ln-factorials, the
 * others by the pmf's ratio recurrences), which takes O(√(npq)) steps.
 */
export function binomial(rand: () => number, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rand, n, 1 - p);
  const q = 1 - p;
  const s = p / q;
  for (;;) {
    let u = rand();
    if (n * p < 30) {
      const a = (n + 1) * s;
      let r = Math.exp(n * Math.log1p(-p));
      let x = 0;
      while (u > r && x < n) {
        u -= r;
        x++;
        r *= a / x - s;
      }
      if (u <= r) return x;
      continue; // round-off left u above the total mass: draw again
    }
    const m = Math.floor((n + 1) * p);
    const fm = Math.exp(logFactorial(n) - logFactorial(m) - logFactorial(n - m) + m * Math.log(p) + (n - m) * Math.log1p(-p));
    u -= fm;
    if (u <= 0) return m;
    let lo = m;
    let hi = m;
    let flo = fm;
    let fhi = fm;
    while (lo > 0 || hi < n) {
      if (lo > 0) {
        flo *= lo / ((n - lo + 1) * s); // f(k − 1) = f(k) · k / (n − k + 1) · q / p
        lo--;
        u -= flo;
        if (u <= 0) return lo;
      }
      if (hi < n) {
        fhi *= ((n - hi) * s) / (hi + 1); // f(k + 1) = f(k) · (n − k) / (k + 1) · p / q
        hi++;
        u -= fhi;
        if (u <= 0) return hi;
      }
      if (flo < 1e-300 && fhi < 1e-300) break;
    }
  }
}

/**
 * One multinomial draw of `total` items over cells with probabilities ∝ `weights`, into `out`: the conditional
 * binomial method (cell k gets Binomial(items left, wₖ / weight left)), exact, in time linear in the number of cells
 * instead of the number of items — what makes a bootstrap of a million aggregated battles cheap (numpy's
 * `Generator.multinomial` draws the same way).
 */
export function multinomialInto(rng: Rng, total: number, weights: ArrayLike<number>, out: Float64Array): Float64Array {
  const rand = (): number => rng.next();
  let mass = 0;
  for (let k = 0; k < weights.length; k++) mass += weights[k];
  let left = total;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    if (left === 0 || w <= 0) {
      out[k] = 0;
      continue;
    }
    const x = k === weights.length - 1 || w >= mass ? left : binomial(rand, left, w / mass);
    out[k] = x;
    left -= x;
    mass -= w;
  }
  return out;
}
