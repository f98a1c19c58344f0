import { solveSpd } from './linear-solve.js';
import type { PairCells, PairwiseData } from './pairwise-data.js';
import { evaluate, Work, type RowTerms } from './style-control-pass.js';
import { gather, styleRuns, type StyleRuns } from './style-runs.js';

/** Pairwise data with per-comparison style covariates (already normalised, see {@link styleFeatures}). */
export interface StyleData extends PairwiseData {
  features: Float64Array[];
}

/** A style-controlled fit: strengths θ (log-odds) and style coefficients γ. */
export interface StyleFit {
  theta: Float64Array;
  gamma: Float64Array;
}

/**
 * Style-controlled Bradley–Terry (Chatbot Arena "style control", Arena-Hard-Auto v0.1 style control;
 * Li et al. 2024): logit P(a beats b) = θₐ − θ_b + Σₖ γₖ·fₖ, fitted per comparison by penalised maximum
 * likelihood with soft labels (a tie is y = ½):
 *
 *   minimise Σᵢ wᵢ·mᵢ [softplus(zᵢ) − yᵢ zᵢ] + (λ/2)(‖θ‖² + ‖γ‖²)
 *
 * (λ = 1 is scikit-learn's `LogisticRegression(C=1)`, which Arena-Hard v0.1 uses). Newton's method with the
 * θθ block of the Hessian aggregated per system pair: one pass over the comparisons (grouped by pair, `runs`) per
 * step, O(S³) solve; it stops once a Newton step is below `tolerance`, taking that step. `mult` are bootstrap
 * multiplicities per comparison (omitted = 1), or `runsMult` the same in the order of `runs`; `passes` counts passes.
 */
export function fitStyleBradleyTerry(
  d: StyleData,
  cells: PairCells,
  options: {
    ridge?: number;
    mult?: Float64Array;
    runsMult?: Float64Array;
    start?: StyleFit;
    tolerance?: number;
    runs?: StyleRuns;
    passes?: { n: number };
    /** The row terms at `start` (four features only): the first pass then needs no exponentials. */
    startTerms?: RowTerms;
  } = {},
): StyleFit {
  const S = d.nSystems;
  const K = d.features.length;
  const P = S + K;
  const ridge = options.ridge ?? 1;
  const runs = options.runs ?? styleRuns(d, cells);
  const mult = options.runsMult ?? (options.mult && gather(options.mult, runs.order));
  const beta = new Float64Array(P);
  if (options.start) {
    beta.set(options.start.theta);
    beta.set(options.start.gamma, S);
  }
  const tol = options.tolerance ?? 1e-9;
  const pass = (at: Float64Array, w: Work, terms?: RowTerms): number => {
    if (options.passes) options.passes.n++;
    return evaluate(runs, at, ridge, mult, w, terms);
  };
  const work = new Work(S, K, cells.i.length);
  let f = pass(beta, work, options.start && K === 4 ? options.startTerms : undefined);
  const trial = new Float64Array(P);
  const next = new Work(S, K, cells.i.length);
  for (let iter = 0; iter < 50; iter++) {
    const H = work.hessian(cells, ridge);
    const step = solveSpd(
      H,
      work.g.map((v) => -v),
      P,
    );
    let maxStep = 0;
    for (let p = 0; p < P; p++) maxStep = Math.max(maxStep, Math.abs(step[p]));
    if (maxStep < tol) {
      // Converged: Newton's error after this step is of the order of its square, so it is taken without another pass.
      for (let p = 0; p < P; p++) beta[p] += step[p];
      break;
    }
    let t = 1;
    let accepted = false;
    for (let ls = 0; ls < 30; ls++) {
      for (let p = 0; p < P; p++) trial[p] = beta[p] + t * step[p];
      const ft = pass(trial, next);
      // Accept a full Newton step unless the objective rises beyond summation round-off.
      if (ft <= f + 1e-12 * Math.abs(f)) {
        accepted = true;
        beta.set(trial);
        work.copyFrom(next);
        f = ft;
        break;
      }
      t /= 2;
    }
    if (!accepted || maxStep * t < tol) break;
  }
  return { theta: beta.slice(0, S), gamma: beta.slice(S) };
}

/**
 * Style features of Arena-Hard-Auto v0.1 / Chatbot Arena: for each style count x (answer tokens, markdown
 * headers, lists, bold), f = (x_a − x_b) / (x_a + x_b + 1), then standardised to mean 0 and (population)
 * standard deviation 1 over all comparisons. Also returns each feature's mean and sd, so that a coefficient γ on
 * the standardised feature is γ/sd on the raw normalised difference.
 */
export function styleFeatures(
  a: ArrayLike<number>[],
  b: ArrayLike<number>[],
): { features: Float64Array[]; mean: number[]; sd: number[] } {
  const mean: number[] = [];
  const sdv: number[] = [];
  const features = a.map((xa, k) => {
    const xb = b[k];
    const n = xa.length;
    const f = new Float64Array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      f[i] = (xa[i] - xb[i]) / (xa[i] + xb[i] + 1);
      m += f[i] / n;
    }
    let v = 0;
    for (let i = 0; i < n; i++) v += (f[i] - m) ** 2 / n;
    const s = Math.sqrt(v);
    for (let i = 0; i < n; i++) f[i] = s > 0 ? (f[i] - m) / s : 0;
    mean.push(m);
    sdv.push(s);
    return f;
  });
  return { features, mean, sd: sdv };
}
