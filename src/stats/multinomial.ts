import type { Rng } from './random.js';

/**
 * A source of uniform numbers in [0, 1) (an Rng). Passed as the object, not as a closure: a new closure per draw
 * sequence made V8 throw away the samplers' optimised code at every bootstrap round ("wrong call target").
 */
export interface Uniform {
  next(): number;
}

/**
 * An exact Binomial(n, p) draw: below mean 30 by inversion from 0 upwards (BINV), above it by BTPE's
 * triangle-parallelogram-exponential rejection (both Kachitvichyanukul & Schmeiser 1988, as numpy's
 * `random_binomial` does): O(1) expected time, one or two uniforms per draw, logarithms only in the tails.
 */
export function binomial(rng: Uniform, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(rng, n, 1 - p);
  if (n * p < 30) return binomialInversion(rng, n, p);
  return binomialBtpe(rng, n, p);
}

function binomialInversion(rng: Uniform, n: number, p: number): number {
  const s = p / (1 - p);
  const a = (n + 1) * s;
  for (;;) {
    let u = rng.next();
    let r = Math.exp(n * Math.log1p(-p));
    let x = 0;
    while (u > r && x < n) {
      u -= r;
      x++;
      r *= a / x - s;
    }
    if (u <= r) return x; // else round-off left u above the total mass: draw again
  }
}

/** BTPE for p ≤ ½ and n·p ≥ 30 (numpy's random_binomial_btpe, step by step). */
function binomialBtpe(rng: Uniform, n: number, p: number): number {
  const r = p;
  const q = 1 - r;
  const fm = n * r + r;
  const m = Math.floor(fm);
  const nrq = n * r * q;
  const p1 = Math.floor(2.195 * Math.sqrt(nrq) - 4.6 * q) + 0.5;
  const xm = m + 0.5;
  const xl = xm - p1;
  const xr = xm + p1;
  const c = 0.134 + 20.5 / (15.3 + m);
  let a = (fm - xl) / (fm - xl * r);
  const laml = a * (1 + a / 2);
  a = (xr - fm) / (xr * q);
  const lamr = a * (1 + a / 2);
  const p2 = p1 * (1 + 2 * c);
  const p3 = p2 + c / laml;
  const p4 = p3 + c / lamr;
  for (;;) {
    const u = rng.next() * p4;
    let v = rng.next();
    let y: number;
    if (u <= p1) return Math.floor(xm - p1 * v + u); // the triangle: accepted at once
    if (u <= p2) {
      // the parallelograms
      const x = xl + (u - p1) / c;
      v = v * c + 1 - Math.abs(m - x + 0.5) / p1;
      if (v > 1) continue;
      y = Math.floor(x);
    } else if (u <= p3) {
      // the left exponential tail
      y = Math.floor(xl + Math.log(v) / laml);
      if (y < 0 || v === 0) continue;
      v *= (u - p2) * laml;
    } else {
      // the right exponential tail
      y = Math.floor(xr - Math.log(v) / lamr);
      if (y > n || v === 0) continue;
      v *= (u - p3) * lamr;
    }
    const k = Math.abs(y - m);
    if (k <= 20 || k >= nrq / 2 - 1) {
      // f(y) / f(m) by the pmf's ratio recurrence
      const s = r / q;
      const aa = s * (n + 1);
      let F = 1;
      if (m < y) for (let i = m + 1; i <= y; i++) F *= aa / i - s;
      else if (m > y) for (let i = y + 1; i <= m; i++) F /= aa / i - s;
      if (v > F) continue;
      return y;
    }
    // squeeze on ln f(y)/f(m), then the exact test by Stirling's formula
    const rho = (k / nrq) * ((k * (k / 3 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    const t = (-k * k) / (2 * nrq);
    const A = Math.log(v);
    if (A < t - rho) return y;
    if (A > t + rho) continue;
    const x1 = y + 1;
    const f1 = m + 1;
    const z = n + 1 - m;
    const w = n - y + 1;
    if (
      A >
      xm * Math.log(f1 / x1) +
        (n - m + 0.5) * Math.log(z / w) +
        (y - m) * Math.log((w * r) / (x1 * q)) +
        stirlingTail(f1) +
        stirlingTail(z) +
        stirlingTail(x1) +
        stirlingTail(w)
    )
      continue;
    return y;
  }
}

/** The correction term of Stirling's series at x, as BTPE writes it. */
function stirlingTail(x: number): number {
  const x2 = x * x;
  return (13680 - (462 - (132 - (99 - 140 / x2) / x2) / x2) / x2) / x / 166320;
}

/**
 * One multinomial draw of `total` items over cells with probabilities ∝ `weights`, into `out`: the conditional
 * binomial method (cell k gets Binomial(items left, wₖ / weight left)), exact, in time linear in the number of cells
 * instead of the number of items — what makes a bootstrap of a million aggregated battles cheap (numpy's
 * `Generator.multinomial` draws the same way).
 */
export function multinomialInto(rng: Rng, total: number, weights: ArrayLike<number>, out: Float64Array): Float64Array {
  let mass = 0;
  for (let k = 0; k < weights.length; k++) mass += weights[k];
  let left = total;
  const last = weights.length - 1;
  for (let k = 0; k <= last; k++) {
    // one store per cell on every path: a store on a rarely taken branch had V8 deoptimise this loop again and again
    const w = weights[k];
    const x = left === 0 || w <= 0 ? 0 : k === last || w >= mass ? left : binomial(rng, left, w / mass);
    out[k] = x;
    left -= x;
    mass -= w > 0 ? w : 0;
  }
  return out;
}
