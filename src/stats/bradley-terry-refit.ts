import { centred, fitBradleyTerry, gradientHessian, reducedFactor } from './bradley-terry.js';
import { solveCholesky } from './linear-solve.js';
import type { PairCounts } from './pairwise-data.js';

/**
 * A Bradley–Terry fit with the Cholesky factor of its Hessian, ready to refit resamples of the same comparisons
 * ({@link refitBradleyTerry}).
 */
export interface BradleyTerryFactor {
  theta: Float64Array;
  free: Int32Array;
  L: Float64Array;
  ridge: number;
  fixed?: { index: Int32Array; theta: Float64Array };
}

/** Factors the Hessian of the penalised likelihood of `counts` at the fit θ (see {@link refitBradleyTerry}). */
export function bradleyTerryFactor(
  counts: PairCounts,
  theta: Float64Array,
  options: { ridge?: number; fixed?: BradleyTerryFactor['fixed'] } = {},
): BradleyTerryFactor {
  const n = counts.nSystems;
  const ridge = options.ridge ?? 1e-8;
  const H = new Float64Array(n * n);
  gradientHessian(counts, theta, ridge, new Float64Array(n), H);
  const fixed = options.fixed && options.fixed.index.length > 0 ? options.fixed : undefined;
  const isFixed = fixed ? new Uint8Array(n) : undefined;
  if (fixed && isFixed) for (const k of fixed.index) isFixed[k] = 1;
  return { theta, ...reducedFactor(H, n, isFixed), ridge, fixed };
}

/** Passes of {@link refitBradleyTerry} before it hands over to the full Newton fit. */
const MAX_CHORD_PASSES = 30;

/**
 * The Bradley–Terry maximum-likelihood fit of a resample (a bootstrap round: same systems and pairs, other counts of
 * the same total), by Newton's method with the Hessian held at the full-data fit (the "chord" or simplified Newton
 * method): θ ← θ + H₀⁻¹ g(θ) from θ₀ until the step is below `tolerance`. Each pass costs one sweep over the pairs and
 * two triangular solves (O(S²)) instead of a Hessian and its O(S³) factorisation; the resample's Hessian differs from
 * H₀ by its sampling noise (a few per cent at a large sample), so each pass cuts the error by that factor. It converges
 * to the same maximum as {@link fitBradleyTerry} (where the gradient is zero); when it does not settle within
 * MAX_CHORD_PASSES passes, or a step grows (a small or separated resample), the full Newton fit takes over from θ₀.
 * The result is centred like fitBradleyTerry's (or left as is with fixed strengths).
 */
export function refitBradleyTerry(counts: PairCounts, factor: BradleyTerryFactor, tolerance = 1e-8): Float64Array {
  const n = counts.nSystems;
  const m = factor.free.length;
  const theta = Float64Array.from(factor.theta);
  const g = new Float64Array(n);
  const gr = new Float64Array(m);
  const x = new Float64Array(m);
  const y = new Float64Array(m);
  let last = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < MAX_CHORD_PASSES; pass++) {
    gradientHessian(counts, theta, factor.ridge, g);
    for (let i = 0; i < m; i++) gr[i] = g[factor.free[i]];
    solveCholesky(factor.L, gr, m, x, y);
    let size = 0;
    for (let i = 0; i < m; i++) {
      theta[factor.free[i]] += x[i];
      size = Math.max(size, Math.abs(x[i]));
    }
    if (!(size < 1) || (pass > 2 && size > 0.9 * last)) break; // not contracting: Newton proper takes over
    if (size < tolerance) return factor.fixed ? theta : centred(theta);
    last = size;
  }
  return fitBradleyTerry(counts, { start: factor.theta, tolerance, ridge: factor.ridge, fixed: factor.fixed });
}
