import { cholesky, solveCholesky } from './linear-solve.js';
import type { PairCounts } from './pairwise-data.js';

/** Elo points per natural-log-odds unit: 400 / ln 10. */
export const ELO_SCALE = 400 / Math.LN10;

/** Options of {@link fitBradleyTerry}. */
export interface BradleyTerryOptions {
  /**
   * Ridge penalty λ/2·Σ(θᵢ − θ̄)² keeping ratings finite for undefeated systems or disconnected graphs (default 1e-8).
   */
  ridge?: number;
  start?: Float64Array;
  tolerance?: number;
  /**
   * Strengths held fixed (anchors, e.g. bots of known rating): θ[index] = value, only the others are fitted
   * (constrained maximum likelihood); the result is then not re-centred.
   */
  fixed?: { index: Int32Array; theta: Float64Array };
}

/**
 * Bradley–Terry maximum likelihood (Bradley & Terry 1952; Chatbot Arena's `compute_mle_elo`):
 * P(i beats j) = σ(θᵢ − θⱼ); maximise Σ_pairs [Wᵢⱼ log σ(θᵢ − θⱼ) + (Nᵢⱼ − Wᵢⱼ) log σ(θⱼ − θᵢ)] − λ/2·Σ(θᵢ − θ̄)²
 * where Nᵢⱼ is the pair's total weight and Wᵢⱼ the weighted wins of i (a tie is half a win each way).
 * Newton's method on the aggregated counts (cost per step O(pairs + S³), independent of the number of
 * comparisons). Returns θ in natural log-odds, centred on mean 0 (the likelihood is shift invariant).
 */
export function fitBradleyTerry(counts: PairCounts, options: BradleyTerryOptions = {}): Float64Array {
  const n = counts.nSystems;
  const ridge = options.ridge ?? 1e-8;
  const tol = options.tolerance ?? 1e-10;
  const theta = options.start ? Float64Array.from(options.start) : new Float64Array(n);
  const fixed = options.fixed && options.fixed.index.length > 0 ? options.fixed : undefined;
  const isFixed = new Uint8Array(n);
  if (fixed) fixed.index.forEach((k, m) => ((isFixed[k] = 1), (theta[k] = fixed.theta[m])));
  const g = new Float64Array(n);
  const H = new Float64Array(n * n);
  let f = objective(counts, theta, ridge);
  for (let iter = 0; iter < 100; iter++) {
    gradientHessian(counts, theta, ridge, g, H);
    const step = newtonStep(H, g, n, fixed ? isFixed : undefined);
    let t = 1;
    let improved = false;
    const trial = new Float64Array(n);
    for (let ls = 0; ls < 40; ls++) {
      for (let i = 0; i < n; i++) trial[i] = theta[i] + t * step[i];
      const ft = objective(counts, trial, ridge);
      if (ft <= f) {
        improved = f - ft > 1e-15 * Math.max(1, Math.abs(f));
        theta.set(trial);
        f = ft;
        break;
      }
      t /= 2;
    }
    let maxStep = 0;
    for (let i = 0; i < n; i++) maxStep = Math.max(maxStep, Math.abs(t * step[i]));
    if (maxStep < tol || !improved) break;
  }
  return fixed ? theta : centred(theta);
}

/** θ shifted in place to mean 0 (the likelihood is shift invariant; fits without fixed strengths report it so). */
export function centred(theta: Float64Array): Float64Array {
  let mean = 0;
  for (let i = 0; i < theta.length; i++) mean += theta[i] / theta.length;
  for (let i = 0; i < theta.length; i++) theta[i] -= mean;
  return theta;
}

/** Solves H·δ = g over the free strengths ({@link reducedFactor}). */
function newtonStep(H: Float64Array, g: Float64Array, n: number, isFixed?: Uint8Array): Float64Array {
  const step = new Float64Array(n);
  const { free, L } = reducedFactor(H, n, isFixed);
  if (free.length === 0) return step;
  const x = solveCholesky(
    L,
    Float64Array.from(free, (k) => g[k]),
    free.length,
  );
  free.forEach((k, i) => (step[k] = x[i]));
  return step;
}

/**
 * The gradient g of the penalised log-likelihood and the Hessian H of its negative (positive semi-definite) at θ,
 * written into the given arrays: g = Σ (Wᵢⱼ − Nᵢⱼ·p) (eᵢ − eⱼ) − λ(θ − θ̄),
 * H = Σ Nᵢⱼ·p(1 − p) (eᵢ − eⱼ)(eᵢ − eⱼ)ᵀ + λ(I − 11ᵀ/n).
 */
export function gradientHessian(
  counts: PairCounts,
  theta: Float64Array,
  ridge: number,
  g: Float64Array,
  H?: Float64Array,
): void {
  const n = counts.nSystems;
  g.fill(0);
  H?.fill(0);
  for (let c = 0; c < counts.i.length; c++) {
    const N = counts.total[c];
    if (N === 0) continue;
    const i = counts.i[c];
    const j = counts.j[c];
    const p = sigmoid(theta[i] - theta[j]);
    const r = counts.winsI[c] - N * p;
    g[i] += r;
    g[j] -= r;
    if (!H) continue;
    const h = N * p * (1 - p);
    H[i * n + i] += h;
    H[j * n + j] += h;
    H[i * n + j] -= h;
    H[j * n + i] -= h;
  }
  // The ridge acts on the deviations from the mean strength, λ/2·Σ(θᵢ − θ̄)²: shift invariant like the likelihood, so
  // holding θ₀ (reducedFactor) or starting from a centred θ (the bootstrap refits) leaves the maximum where it is.
  let mean = 0;
  for (let i = 0; i < n; i++) mean += theta[i] / n;
  for (let i = 0; i < n; i++) {
    g[i] -= ridge * (theta[i] - mean);
    if (!H) continue;
    for (let k = 0; k < n; k++) H[i * n + k] += ridge * ((i === k ? 1 : 0) - 1 / n);
  }
}

/**
 * The Cholesky factor of H restricted to the free strengths: all but θ₀ (the likelihood only sees differences, so
 * the full H is singular up to the ridge; the reduced system is well conditioned on a connected comparison graph),
 * or all but the fixed ones when anchors are given. A nearly singular H gets a growing jitter on its diagonal.
 */
export function reducedFactor(H: Float64Array, n: number, isFixed?: Uint8Array): { free: Int32Array; L: Float64Array } {
  const free = Int32Array.from({ length: n }, (_, i) => i).filter((i) => (isFixed ? !isFixed[i] : i > 0));
  const m = free.length;
  const Hr = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) Hr[i * m + j] = H[free[i] * n + free[j]];
  for (let extra = 0; ; extra = extra === 0 ? 1e-9 : extra * 100) {
    if (extra > 0) for (let i = 0; i < m; i++) Hr[i * m + i] += extra;
    try {
      return { free, L: cholesky(Hr, m) };
    } catch (e) {
      if (extra > 1) throw e;
    }
  }
}

/** Negative penalised log-likelihood. */
function objective(counts: PairCounts, theta: Float64Array, ridge: number): number {
  let f = 0;
  for (let c = 0; c < counts.i.length; c++) {
    const N = counts.total[c];
    if (N === 0) continue;
    const d = theta[counts.i[c]] - theta[counts.j[c]];
    // −[W log σ(d) + (N − W) log σ(−d)] = N·softplus(−d) + (N − W)·d
    f += N * softplusNeg(d) + (N - counts.winsI[c]) * d;
  }
  let mean = 0;
  for (let i = 0; i < theta.length; i++) mean += theta[i] / theta.length;
  let r = 0;
  for (let i = 0; i < theta.length; i++) r += (theta[i] - mean) ** 2;
  return f + 0.5 * ridge * r;
}

/** σ(z) = 1 / (1 + e^(−z)), without overflow. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** softplus(−d) = ln(1 + e^(−d)). */
function softplusNeg(d: number): number {
  return d < 0 ? -d + Math.log1p(Math.exp(d)) : Math.log1p(Math.exp(-d));
}

/**
 * Elo-scale ratings from BT strengths: R = 400·θ/ln 10 + 1000, then shifted so that `anchor` has `anchorRating`
 * (without an anchor the mean is 1000).
 */
export function toEloScale(theta: Float64Array, anchor?: { index: number; rating: number }): Float64Array {
  const r = Float64Array.from(theta, (t) => ELO_SCALE * t + 1000);
  if (anchor) {
    const shift = anchor.rating - r[anchor.index];
    for (let i = 0; i < r.length; i++) r[i] += shift;
  }
  return r;
}

/** Predicted probability that a system rated Ra beats one rated Rb: 1 / (1 + 10^((Rb − Ra)/400)). */
export function eloWinProbability(ra: number, rb: number): number {
  return 1 / (1 + 10 ** ((rb - ra) / 400));
}
