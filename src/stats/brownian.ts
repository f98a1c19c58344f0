import { normalCdf } from './normal.js';

/**
 * A Brownian motion with drift μ and variance σ² per unit time, started at 0 and stopped at the barriers a < 0 < b
 * (the continuous approximation of an SPRT's LLR). {@link brownianOutcomeCdf} is the probability that the path
 * "passes to the right of" (T, y): of an outcome worse than stopping at time T at level y — the quantity fishtest's
 * stopping-corrected Elo estimate inverts. Exact series (Van den Bergh, fishtest brownian) where it converges fast,
 * Siegmund's corrected normal approximation (Siegmund, Sequential Analysis, 1985) otherwise.
 */
export interface BrownianParams {
  a: number;
  b: number;
  mu: number;
  sigma2: number;
}

const U = (n: number, gamma: number, A: number, y: number): number =>
  (2 * A * gamma * Math.sin((Math.PI * n * y) / A) - 2 * Math.PI * n * Math.cos((Math.PI * n * y) / A)) /
  (A ** 2 * gamma ** 2 + Math.PI ** 2 * n ** 2);

/** P(outcome worse than (T, y)) for the stopped Brownian motion. */
export function brownianOutcomeCdf(w: BrownianParams, T: number, y: number): number {
  const gamma = w.mu / w.sigma2;
  const A = w.b - w.a;
  return (w.sigma2 * T) / A ** 2 < 1e-2 || Math.abs(gamma * A) > 15 ? siegmund(w, T, y) : series(w, T, y);
}

function series(w: BrownianParams, T: number, yIn: number): number {
  const { mu, sigma2 } = w;
  const A = w.b - w.a;
  const x = -w.a;
  const y = yIn - w.a;
  const gamma = mu / sigma2;
  const lambda = (n: number): number => (((n * Math.PI) / A) ** 2 * sigma2) / 2 + mu ** 2 / sigma2 / 2;
  const l1 = lambda(1);
  const t0 = Math.exp(-l1 * T - x * gamma + y * gamma);
  let s = 0;
  for (let n = 1; n < 100_000; n++) {
    const t1 = Math.exp(-(lambda(n) - l1) * T);
    const t3 = U(n, gamma, A, y);
    s += t1 * t3 * Math.sin((n * Math.PI * x) / A);
    if (Math.abs(t0 * t1 * t3) <= 1e-9) break;
  }
  let pre: number;
  if (gamma * A > 30) pre = Math.exp(-2 * gamma * x);
  else if (Math.abs(gamma * A) < 1e-8) pre = (A - x) / A;
  else pre = (1 - Math.exp(2 * gamma * (A - x))) / (1 - Math.exp(2 * gamma * A));
  return pre + t0 * s;
}

function siegmund(w: BrownianParams, T: number, y: number): number {
  const denom = Math.sqrt(T * w.sigma2);
  const offset = w.mu * T;
  const gamma = w.mu / w.sigma2;
  const z = (y - offset) / denom;
  const za = (-y + offset + 2 * w.a) / denom;
  const zb = (y - offset - 2 * w.b) / denom;
  // e^{2γc}·Φ(z), with Φ's asymptotic expansion where e^{2γc} would overflow
  const term = (c: number, zc: number): number =>
    gamma * c >= 5
      ? (-Math.exp(-(zc ** 2) / 2 + 2 * gamma * c) / Math.sqrt(2 * Math.PI)) * (1 / zc - 1 / zc ** 3)
      : Math.exp(2 * gamma * c) * normalCdf(zc);
  return normalCdf(z) + term(w.a, za) - term(w.b, zb);
}
