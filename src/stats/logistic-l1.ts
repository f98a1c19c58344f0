/**
 * Rows of a soft-label logistic regression: `k` features stored column-wise, a soft label
 * x ∈ [0, 1] (probability of the positive class) and a sample weight w ≥ 0 per row.
 */
export interface SoftLabelRows {
  /** k feature columns, each of length n. */
  features: Float64Array[];
  /** Soft labels in [0, 1]. */
  label: Float64Array;
  /** Sample weights. */
  weight: Float64Array;
}

/** Options of {@link fitL1Logistic}. */
export interface L1FitOptions {
  /** Start here (warm start along a path of C); defaults to zeros. */
  start?: Float64Array;
  /** Subset of row indices to fit on (cross-validation folds); defaults to all rows. */
  rows?: Int32Array;
  /** Stop when the largest Newton step is below this (default 1e-10). */
  tolerance?: number;
  /**
   * Take a Newton step below this size without evaluating where it lands, and stop (default: 0, never). Newton's
   * error after a step δ is O(δ²): a last step below 1e-6 leaves ~1e-12, and saves the pass that would only confirm
   * it. The sums of the last evaluated point stay in `sums` (its `at`), where the next fit of a C path can start.
   */
  finalStep?: number;
  maxIterations?: number;
  /**
   * The unscaled sums of a pass at `at` (on the same rows): used for the first pass when the fit starts there, and
   * replaced by those of the last pass at the returned β — what makes the next fit of a C path one pass cheaper.
   */
  sums?: { at?: Float64Array; raw?: Float64Array };
}

/**
 * L1-penalised logistic regression with soft labels and sample weights, no intercept — the objective
 * scikit-learn's liblinear solver minimises for `LogisticRegression(penalty="l1", fit_intercept=False)`:
 *
 *   F(β) = ‖β‖₁ + C · Σ_j w_j [softplus(z_j) − x_j z_j],   z_j = β·f_j.
 *
 * (A soft label x is the same as duplicating the row with y = 1, weight w·x and y = 0, weight w·(1 − x).)
 * Solved to high precision by proximal Newton steps (exact k×k quadratic model, its lasso subproblem by
 * cyclic coordinate descent, Armijo backtracking on F). Meant for few features (k ≲ 10) and many rows.
 */
export function fitL1Logistic(data: SoftLabelRows, C: number, options: L1FitOptions = {}): Float64Array {
  const k = data.features.length;
  const beta = options.start ? Float64Array.from(options.start) : new Float64Array(k);
  const rows = options.rows ?? identity(data.label.length);
  const tol = options.tolerance ?? 1e-10;
  const maxIter = options.maxIterations ?? 200;
  const finalStep = options.finalStep ?? 0;
  let result = beta;
  let g = new Float64Array(k);
  let H = new Float64Array(k * k);
  let gTrial = new Float64Array(k);
  let hTrial = new Float64Array(k * k);
  const delta = new Float64Array(k);
  const trial = new Float64Array(k);
  let raw = new Float64Array(1 + k + k * k);
  let rawTrial = new Float64Array(1 + k + k * k);
  // One pass gives the objective and, for the next Newton step, its gradient and Hessian; on a C path the previous
  // fit's last pass was at this very start (its unscaled sums are reused, exactly).
  let f: number;
  const cached = options.sums;
  const start = options.start;
  if (cached?.at && cached.raw && start && cached.at.length === k && cached.at.every((v, a) => v === start[a])) {
    raw.set(cached.raw);
    f = scaled(raw, beta, C, g, H);
  } else f = evaluate(data, rows, beta, C, g, H, raw);
  for (let iter = 0; iter < maxIter; iter++) {
    solveLassoQuadratic(g, H, beta, delta);
    let maxStep = 0;
    for (let a = 0; a < k; a++) maxStep = Math.max(maxStep, Math.abs(delta[a]));
    if (maxStep < tol) break;
    if (maxStep < finalStep) {
      for (let a = 0; a < k; a++) trial[a] = beta[a] + delta[a];
      result = trial;
      break;
    }
    // Predicted decrease of the composite objective (negative for a descent direction).
    let pred = 0;
    for (let a = 0; a < k; a++) pred += g[a] * delta[a] + Math.abs(beta[a] + delta[a]) - Math.abs(beta[a]);
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 60; ls++) {
      for (let a = 0; a < k; a++) trial[a] = beta[a] + t * delta[a];
      const ft = evaluate(data, rows, trial, C, gTrial, hTrial, rawTrial);
      if (ft <= f + 1e-4 * t * pred || ft <= f) {
        beta.set(trial);
        [g, gTrial] = [gTrial, g];
        [H, hTrial] = [hTrial, H];
        [raw, rawTrial] = [rawTrial, raw];
        // Stop once the objective no longer decreases measurably (floating-point floor).
        accepted = f - ft > 1e-14 * Math.max(1, Math.abs(f));
        f = ft;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) break;
  }
  if (options.sums)
    options.sums = Object.assign(options.sums, { at: Float64Array.from(beta), raw: Float64Array.from(raw) });
  return result === beta ? beta : Float64Array.from(result);
}

function identity(n: number): Int32Array {
  const r = new Int32Array(n);
  for (let i = 0; i < n; i++) r[i] = i;
  return r;
}

/** F(β), and C·∇f, C·∇²f into g and H, in one pass over the rows (one exp per row); `raw` keeps the unscaled sums. */
function evaluate(
  data: SoftLabelRows,
  rows: Int32Array,
  beta: Float64Array,
  C: number,
  g: Float64Array,
  H: Float64Array,
  raw: Float64Array,
): number {
  sums(data, rows, beta, raw);
  return scaled(raw, beta, C, g, H);
}

/**
 * The objective, gradient and Hessian at β from the unscaled sums of a pass (raw = [Σ loss, Σ ∇, Σ ∇² lower]): the
 * same products evaluate makes, so that the sums of a fit's last pass serve the next fit on the C path at that point
 * bit for bit, without another pass.
 */
function scaled(raw: Float64Array, beta: Float64Array, C: number, g: Float64Array, H: Float64Array): number {
  const k = beta.length;
  let l1 = 0;
  for (let a = 0; a < k; a++) {
    l1 += Math.abs(beta[a]);
    g[a] = C * raw[1 + a];
    for (let b = 0; b <= a; b++) H[a * k + b] = H[b * k + a] = C * raw[1 + k + a * k + b];
  }
  return l1 + C * raw[0];
}

/** The unscaled sums of one pass over the rows into raw (see {@link scaled}). */
function sums(data: SoftLabelRows, rows: Int32Array, beta: Float64Array, raw: Float64Array): void {
  const k = beta.length;
  if (k === 3) {
    sums3(data, rows, beta, raw);
    return;
  }
  const X = data.features;
  const label = data.label;
  const weight = data.weight;
  raw.fill(0);
  let loss = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    const w = weight[j];
    if (w === 0) continue;
    let z = 0;
    for (let a = 0; a < k; a++) z += beta[a] * X[a][j];
    // e = exp(−|z|): σ(z) and softplus(z) from the same exponential, without overflow.
    const e = Math.exp(-Math.abs(z));
    const q = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    loss += w * ((z > 0 ? z : 0) + Math.log1p(e) - label[j] * z);
    const res = w * (q - label[j]);
    const curv = w * q * (1 - q);
    for (let a = 0; a < k; a++) {
      const fa = X[a][j];
      raw[1 + a] += res * fa;
      const cf = curv * fa;
      for (let b = 0; b <= a; b++) raw[1 + k + a * k + b] += cf * X[b][j];
    }
  }
  raw[0] = loss;
}

/** {@link sums} unrolled for three features. */
function sums3(data: SoftLabelRows, rows: Int32Array, beta: Float64Array, raw: Float64Array): void {
  const [x0, x1, x2] = data.features;
  const label = data.label;
  const weight = data.weight;
  const b0 = beta[0];
  const b1 = beta[1];
  const b2 = beta[2];
  let loss = 0;
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    h00 = 0,
    h10 = 0,
    h11 = 0,
    h20 = 0,
    h21 = 0,
    h22 = 0;
  for (let r = 0; r < rows.length; r++) {
    const j = rows[r];
    const w = weight[j];
    const f0 = x0[j];
    const f1 = x1[j];
    const f2 = x2[j];
    const z = b0 * f0 + b1 * f1 + b2 * f2;
    const e = Math.exp(-Math.abs(z));
    const q = z >= 0 ? 1 / (1 + e) : e / (1 + e);
    const y = label[j];
    loss += w * ((z > 0 ? z : 0) + Math.log1p(e) - y * z);
    const res = w * (q - y);
    const curv = w * q * (1 - q);
    g0 += res * f0;
    g1 += res * f1;
    g2 += res * f2;
    const c0 = curv * f0;
    const c1 = curv * f1;
    h00 += c0 * f0;
    h10 += c1 * f0;
    h11 += c1 * f1;
    h20 += c0 * f2;
    h21 += c1 * f2;
    h22 += curv * f2 * f2;
  }
  raw[0] = loss;
  raw[1] = g0;
  raw[2] = g1;
  raw[3] = g2;
  raw[4] = h00;
  raw[7] = h10;
  raw[8] = h11;
  raw[10] = h20;
  raw[11] = h21;
  raw[12] = h22;
}

/**
 * min_δ gᵀδ + ½ δᵀHδ + ‖β + δ‖₁ by cyclic coordinate descent on v = β + δ with soft-thresholding.
 */
function solveLassoQuadratic(g: Float64Array, H: Float64Array, beta: Float64Array, delta: Float64Array): void {
  const k = beta.length;
  delta.fill(0);
  for (let sweep = 0; sweep < 500; sweep++) {
    let change = 0;
    for (let a = 0; a < k; a++) {
      const haa = H[a * k + a];
      // Gradient of the quadratic model at δ in coordinate a, excluding the diagonal term.
      let grad = g[a];
      for (let b = 0; b < k; b++) if (b !== a) grad += H[a * k + b] * delta[b];
      let v: number;
      if (haa <= 1e-300) {
        v = Math.abs(grad) <= 1 ? 0 : beta[a] + delta[a];
      } else {
        const u = beta[a] - grad / haa; // unpenalised minimiser of the 1-D quadratic in v
        v = Math.sign(u) * Math.max(Math.abs(u) - 1 / haa, 0);
      }
      const nd = v - beta[a];
      change = Math.max(change, Math.abs(nd - delta[a]));
      delta[a] = nd;
    }
    if (change < 1e-15) break;
  }
}
