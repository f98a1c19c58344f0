import { normalQuantile, sigmoid } from './descriptive.js';
import type { Interval } from './intervals.js';

/** Fewest items a length-controlled win rate is reported on: below it the fit says nothing a reader can trust. */
export const LC_MIN_ITEMS = 20;

/**
 * Interval of a length-only LC win rate (data other than AlpacaEval's own instructions, where the fit has no
 * instruction difficulty): LC = σ(β_ng) is one number, so AlpacaEval's sd(predictions)/√n would be 0. Instead the
 * uncertainty of β_ng, from the logistic model logit qᵢ = β_len·uᵢ + β_ng on the soft labels xᵢ, by the sandwich
 * (robust) covariance at the fitted β (White 1980; soft labels and ties make the model misspecified):
 *
 *   A = Σ qᵢ(1−qᵢ)·zᵢzᵢᵀ,  B = Σ (xᵢ − qᵢ)²·zᵢzᵢᵀ,  Cov(β) = A⁻¹ B A⁻¹,  zᵢ = (uᵢ, 1),
 *
 * and the interval σ(β_ng ± z·se(β_ng)) in percent (inside [0, 100]); the standard error is the delta method's
 * 100·σ'(β_ng)·se(β_ng). A dropped length term (β_len = 0 by the L1 penalty) leaves the intercept alone.
 */
export function lengthOnlyLcInterval(
  u: ArrayLike<number>,
  x: ArrayLike<number>,
  beta: { length: number; notGamed: number },
  confidence = 0.95,
): { se: number; interval: Interval } {
  const withLength = beta.length !== 0;
  let a11 = 0;
  let a12 = 0;
  let a22 = 0;
  let b11 = 0;
  let b12 = 0;
  let b22 = 0;
  for (let i = 0; i < x.length; i++) {
    const q = sigmoid(beta.length * u[i] + beta.notGamed);
    const w = q * (1 - q);
    const r2 = (x[i] - q) ** 2;
    a11 += w * u[i] * u[i];
    a12 += w * u[i];
    a22 += w;
    b11 += r2 * u[i] * u[i];
    b12 += r2 * u[i];
    b22 += r2;
  }
  let varNg: number;
  if (withLength && a11 * a22 - a12 * a12 > 1e-12 * a11 * a22) {
    // (A⁻¹ B A⁻¹)₂₂ with A⁻¹ = [[a22, −a12], [−a12, a11]] / det
    const det = a11 * a22 - a12 * a12;
    const r1 = -a12 / det;
    const r2 = a11 / det;
    varNg = r1 * r1 * b11 + 2 * r1 * r2 * b12 + r2 * r2 * b22;
  } else {
    varNg = b22 / (a22 * a22);
  }
  const seNg = Math.sqrt(Math.max(varNg, 0));
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = sigmoid(beta.notGamed);
  return {
    se: 100 * p * (1 - p) * seNg,
    interval: { low: 100 * sigmoid(beta.notGamed - z * seNg), high: 100 * sigmoid(beta.notGamed + z * seNg) },
  };
}
