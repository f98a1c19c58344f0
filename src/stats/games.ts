import { normalQuantile } from './descriptive.js';
import { normalCdf } from './normal.js';

/**
 * Likelihood of superiority from per-game scores: LOS = Φ((μ − ½)/(σ/√n)), σ the per-game standard deviation
 * (population, as fishtest's stat_util), the probability that the true expected score exceeds ½.
 */
export function likelihoodOfSuperiority(scores: ArrayLike<number>): number {
  const n = scores.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += scores[i] / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (scores[i] - m) ** 2 / n;
  if (v === 0) return m > 0.5 ? 1 : m < 0.5 ? 0 : 0.5;
  return normalCdf((m - 0.5) / Math.sqrt(v / n));
}

/**
 * The opponent level at which a player scores ½ (e.g. the bot difficulty or Elo it beats half the time): logistic
 * regression score ~ σ(β₀ + β₁·level) by Newton's method on the soft-label log-likelihood (draws count ½), then
 * level₅₀ = −β₀/β₁ with a delta-method CI: Var = (1/β₁²)·[Var β₀ + 2·level₅₀·Cov + level₅₀²·Var β₁] from the
 * inverse Fisher information. Null when the scores do not depend on the level (β₁ ≥ 0 or not identified).
 */
export function levelAtHalf(
  levels: ArrayLike<number>,
  scores: ArrayLike<number>,
  confidence = 0.95,
): { level: number; ci_low: number; ci_high: number; slope: number } | null {
  const n = levels.length;
  let center = 0;
  for (let i = 0; i < n; i++) center += levels[i] / n;
  let b0 = 0;
  let b1 = 0;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g0 = 0;
    let g1 = 0;
    h00 = h01 = h11 = 0;
    for (let i = 0; i < n; i++) {
      const x = levels[i] - center;
      const p = 1 / (1 + Math.exp(-(b0 + b1 * x)));
      const r = scores[i] - p;
      g0 += r;
      g1 += r * x;
      const w = p * (1 - p);
      h00 += w;
      h01 += w * x;
      h11 += w * x * x;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) return null;
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    b0 += d0;
    b1 += d1;
    if (Math.abs(d0) + Math.abs(d1 * (Math.abs(center) + 1)) < 1e-12) break;
  }
  const det = h00 * h11 - h01 * h01;
  if (!(b1 < 0) || !(det > 0)) return null;
  const [v00, v01, v11] = [h11 / det, -h01 / det, h00 / det];
  const x50 = -b0 / b1;
  const variance = (v00 + 2 * x50 * v01 + x50 * x50 * v11) / (b1 * b1);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const level = x50 + center;
  return { level, ci_low: level - z * Math.sqrt(variance), ci_high: level + z * Math.sqrt(variance), slope: b1 };
}
