import { normalQuantile } from './descriptive.js';
import { scoreEstimate } from './score-interval.js';

/**
 * Length bias of a judge from its games: Δᵢ = (len(A) − len(B)) / 1000 characters and yᵢ = P(A wins), over games
 * with Δ ≠ 0.
 * - P(longer wins) = mean of yᵢ where A is longer and 1 − yᵢ where B is longer, with a 95% interval in [0, 1]
 *   (Wilson at the effective sample size, {@link scoreEstimate});
 * - slope β of the logistic model yᵢ ~ σ(β·Δᵢ) (no intercept: the pair's orientation is arbitrary), fitted by
 *   Newton's method on the soft-label likelihood, CI ±1.96/√I(β) (I the Fisher information Σ σ(1−σ)Δ²).
 *   β > 0: longer answers win more (log-odds per 1,000 characters).
 * (Length bias as measured by AlpacaEval's length-controlled analysis and Dubois et al. 2024.)
 */
export function lengthBias(deltaChars: ArrayLike<number>, pA: ArrayLike<number>, confidence = 0.95) {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const d: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < deltaChars.length; i++) {
    if (deltaChars[i] !== 0 && Number.isFinite(deltaChars[i]) && Number.isFinite(pA[i])) {
      d.push(deltaChars[i] / 1000);
      y.push(pA[i]);
    }
  }
  const n = d.length;
  if (n === 0) return null;
  const longer = d.map((x, i) => (x > 0 ? y[i] : 1 - y[i]));
  const p = scoreEstimate(longer, confidence);
  let beta = 0;
  let info = 0;
  for (let iter = 0; iter < 50; iter++) {
    let g = 0;
    info = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-beta * d[i]));
      g += (y[i] - p) * d[i];
      info += p * (1 - p) * d[i] * d[i];
    }
    if (!(info > 0)) break;
    const step = g / info;
    beta += Math.max(-5, Math.min(5, step));
    if (Math.abs(step) < 1e-10) break;
  }
  const se = info > 0 ? 1 / Math.sqrt(info) : NaN;
  return {
    n,
    p_longer_wins: p.score,
    p_longer_ci_low: p.ci_low,
    p_longer_ci_high: p.ci_high,
    slope_per_1000_chars: beta,
    slope_ci_low: beta - z * se,
    slope_ci_high: beta + z * se,
  };
}
