import { gradientHessian, reducedFactor } from './bradley-terry.js';
import { solveCholesky } from './linear-solve.js';
import type { PairCounts } from './pairwise-data.js';

/**
 * The Laplace (normal) approximation of the Bradley–Terry posterior at the fitted θ: the covariance Σ = H⁻¹ of the
 * free strengths, H the Hessian of the negative penalised log-likelihood (the ridge is the weak N(0, 1/λ) prior on
 * the deviations from the mean strength; Bishop 2006, §4.4). Strengths held fixed (anchors), or θ₀ when none is, have
 * zero variance; the likelihood sees only differences, so what is reported is the variance of a difference.
 * Returns `variance(i, j)` = Var(θᵢ − θⱼ) and `centred(i)` = Var(θᵢ − θ̄) (θ̄ over all systems).
 */
export function laplaceVariances(
  counts: PairCounts,
  theta: Float64Array,
  ridge: number,
  isFixed?: Uint8Array,
): { difference: (i: number, j: number) => number; centred: (i: number) => number; fixed: (i: number) => number } {
  const n = counts.nSystems;
  const H = new Float64Array(n * n);
  gradientHessian(counts, theta, ridge, new Float64Array(n), H);
  const { free, L } = reducedFactor(H, n, isFixed);
  const m = free.length;
  const S = new Float64Array(n * n); // Σ in full coordinates, zero rows for the pinned strengths
  const e = new Float64Array(m);
  for (let c = 0; c < m; c++) {
    e.fill(0);
    e[c] = 1;
    const x = solveCholesky(L, e, m);
    for (let r = 0; r < m; r++) S[free[r] * n + free[c]] = x[r];
  }
  const rowMean = new Float64Array(n);
  let all = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) rowMean[i] += S[i * n + j] / n;
    all += rowMean[i] / n;
  }
  return {
    difference: (i, j) => Math.max(0, S[i * n + i] + S[j * n + j] - 2 * S[i * n + j]),
    // (PΣP)ᵢᵢ with P = I − 11ᵀ/n
    centred: (i) => Math.max(0, S[i * n + i] - 2 * rowMean[i] + all),
    fixed: (i) => Math.max(0, S[i * n + i]),
  };
}
