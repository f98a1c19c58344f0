import { mean, sd, sigmoid, standardError } from './descriptive.js';
import { fitL1Logistic, type SoftLabelRows } from './logistic-l1.js';
import { groupKFold, splitFold } from './cross-validation.js';

/**
 * Regularisation rows AlpacaEval adds to every length-controlled fit: outputs of "gamed" baselines
 * (verbose and concise prompts of the baseline model) with their soft preference against the baseline.
 * Features enter with ng = 0. See data/alpacaeval/gamed-rows.json.
 */
export interface GamedRows {
  /** tanh(standardised length difference) of each row. */
  u: Float64Array;
  /** Instruction difficulty of each row. */
  difficulty: Float64Array;
  /** Soft label: probability the gamed output wins. */
  p: Float64Array;
  /** Original row position, used to group rows for cross-validation. */
  group: Int32Array;
}

/** Inputs of {@link lengthControlledWinRate}, one entry per comparison in row order. */
export interface LcInput {
  /** Probability that the model beats the baseline (AlpacaEval preference − 1). */
  x: Float64Array;
  /** Length of the model's output, in Unicode code points. */
  lenModel: Float64Array;
  /** Length of the baseline's output, in Unicode code points. */
  lenBaseline: Float64Array;
  /** Instruction difficulty by row position (length ≥ n). */
  difficulty: Float64Array;
  /** Gamed-baseline regularisation rows; omitted means no regularisation. */
  gamed?: GamedRows;
  /** Weight λ of the gamed rows (each gets λ/2). Default 0.2. */
  lambda?: number;
  /** Folds of the cross-validation choosing C. Default 5. */
  folds?: number;
}

/** GLM weights of a length-controlled fit. */
export interface LcWeights {
  length: number;
  difficulty: number;
  notGamed: number;
}

/** Result of {@link lengthControlledWinRate}. Percent units, as AlpacaEval. */
export interface LcResult {
  lcWinRate: number;
  lcStandardError: number;
  weights: LcWeights;
  /** Regularisation strength chosen by cross-validation. */
  C: number;
  /** Length-neutral prediction q̃ᵢ per row, in [0, 1]. */
  predictions: Float64Array;
}

/**
 * Newton steps below this size end an LC fit unevaluated (see fitL1Logistic's `finalStep`): the error left, O(step²),
 * moves an LC win rate by less than 1e-9 points (checked against fully converged fits on the 58-model board).
 */
const LC_FINAL_STEP = 1e-5;

/** AlpacaEval's grid of C: 10^(−4 + 8k/9), k = 0..9 (numpy.logspace(−4, 4, 10)). */
export const LC_C_GRID: readonly number[] = Array.from({ length: 10 }, (_, k) => 10 ** (-4 + (8 * k) / 9));

/**
 * AlpacaEval 2.0 length-controlled win rate ("length_controlled_v1", Dubois et al. 2024,
 * "Length-Controlled AlpacaEval", arXiv:2404.04475):
 *
 *   Δᵢ = len(baseline) − len(model),  uᵢ = tanh(Δᵢ / sd(Δ, ddof=1)),  dᵢ = difficulty at row position i
 *   logit qᵢ = β_len·uᵢ + β_diff·dᵢ + β_ng
 *
 * fitted by L1-penalised soft-label logistic regression (model rows weight 1, gamed rows weight λ/2, ng = 0
 * there), C chosen on {@link LC_C_GRID} by grouped k-fold cross-validation on the weighted soft log-loss,
 * then refitted; LC = 100·mean σ(β_ng + β_diff·dᵢ) and its standard error 100·sd/√n.
 */
export function lengthControlledWinRate(input: LcInput): LcResult {
  const n = input.x.length;
  if (n === 0) throw new RangeError('lengthControlledWinRate: no rows');
  if (input.difficulty.length < n)
    throw new RangeError(`lengthControlledWinRate: ${n} rows but only ${input.difficulty.length} difficulties`);
  const rows = buildRows(input);
  const k = input.folds ?? 5;
  const fold = groupKFold(rows.group, k, rows.count);
  const splits = Array.from({ length: k }, (_, f) => splitFold(fold, f));
  let bestC = LC_C_GRID[0];
  let bestLoss = Infinity;
  // each fold's last evaluated point and the sums of its pass: the next fit on the C path starts there, one pass
  // cheaper
  const sums: { at?: Float64Array; raw?: Float64Array }[] = splits.map(() => ({}));
  for (const C of LC_C_GRID) {
    let total = 0;
    splits.forEach((s, f) => {
      const beta = fitL1Logistic(rows, C, {
        rows: s.train,
        start: sums[f].at ?? new Float64Array(3),
        sums: sums[f],
        finalStep: LC_FINAL_STEP,
      });
      total += softLogLoss(rows, s.test, beta);
    });
    const loss = total / k;
    if (loss < bestLoss) {
      bestLoss = loss;
      bestC = C;
    }
  }
  const beta = fitL1Logistic(rows, bestC, { finalStep: LC_FINAL_STEP });
  const weights: LcWeights = { length: beta[0], difficulty: beta[1], notGamed: beta[2] };
  const predictions = new Float64Array(n);
  for (let i = 0; i < n; i++) predictions[i] = sigmoid(weights.notGamed + weights.difficulty * input.difficulty[i]);
  return {
    lcWinRate: 100 * mean(predictions),
    lcStandardError: 100 * standardError(predictions),
    weights,
    C: bestC,
    predictions,
  };
}

/**
 * LC win rate of model m against another baseline b, both fitted against the same reference:
 * 100 · mean σ((β_ng,m − β_ng,b) + (β_diff,m − β_diff,b)·dᵢ) over the given difficulties.
 */
export function lcAgainst(
  m: LcWeights,
  b: LcWeights,
  difficulty: Float64Array,
): { lcWinRate: number; lcStandardError: number } {
  const q = new Float64Array(difficulty.length);
  for (let i = 0; i < q.length; i++)
    q[i] = sigmoid(m.notGamed - b.notGamed + (m.difficulty - b.difficulty) * difficulty[i]);
  return { lcWinRate: 100 * mean(q), lcStandardError: 100 * standardError(q) };
}

interface LcRows extends SoftLabelRows {
  group: Int32Array;
  count: Float64Array;
}

function buildRows(input: LcInput): LcRows {
  const n = input.x.length;
  const g = input.gamed;
  const m = g ? g.u.length : 0;
  const total = n + m;
  const u = new Float64Array(total);
  const d = new Float64Array(total);
  const ng = new Float64Array(total);
  const label = new Float64Array(total);
  const weight = new Float64Array(total);
  const group = new Int32Array(total);
  const count = new Float64Array(total).fill(2);
  const lengthTerm = lengthFeature(input.lenModel, input.lenBaseline);
  for (let i = 0; i < n; i++) {
    u[i] = lengthTerm[i];
    d[i] = input.difficulty[i];
    ng[i] = 1;
    label[i] = input.x[i];
    weight[i] = 1;
    group[i] = i;
  }
  const half = (input.lambda ?? 0.2) / 2;
  for (let j = 0; j < m && g; j++) {
    u[n + j] = g.u[j];
    d[n + j] = g.difficulty[j];
    label[n + j] = g.p[j];
    weight[n + j] = half;
    group[n + j] = n + j;
  }
  return { features: [u, d, ng], label, weight, group, count };
}

/** The LC model's length feature uᵢ = tanh(Δᵢ / sd(Δ, ddof=1)), Δᵢ = len(baseline) − len(model); 0 when sd(Δ) = 0. */
export function lengthFeature(lenModel: Float64Array, lenBaseline: Float64Array): Float64Array {
  const n = lenModel.length;
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) delta[i] = lenBaseline[i] - lenModel[i];
  const s = n > 1 ? sd(delta) : 0;
  return delta.map((v) => (s > 0 ? Math.tanh(v / s) : 0));
}

function softLogLoss(rows: SoftLabelRows, test: Int32Array, beta: Float64Array): number {
  let num = 0;
  let den = 0;
  for (let r = 0; r < test.length; r++) {
    const j = test[r];
    const w = rows.weight[j];
    const z = beta[0] * rows.features[0][j] + beta[1] * rows.features[1][j] + beta[2] * rows.features[2][j];
    const q = Math.min(Math.max(sigmoid(z), 1e-15), 1 - 1e-15);
    const x = rows.label[j];
    num += w * (-x * Math.log(q) - (1 - x) * Math.log(1 - q));
    den += w;
  }
  return num / den;
}
