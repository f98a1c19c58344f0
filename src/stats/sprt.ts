import { brentRoot } from './root.js';
import { brownianOutcomeCdf } from './brownian.js';
import { bayesEloToElo, drawElo, gameElo, type GameEloEstimate } from './game-elo.js';
import { eloToScore, llrLogistic, llrNormalized, NELO_PER_T, pdfStats, resultsToPdf } from './sprt-llr.js';

/** Elo model of SPRT bounds: logistic Elo, normalized Elo, or legacy BayesElo (converted to logistic). */
export type EloModel = 'logistic' | 'normalized' | 'bayeselo';

/** An SPRT: H0 elo = elo0 against H1 elo = elo1 with error rates α, β, on trinomial or pentanomial results. */
export interface SprtInput {
  wins?: number;
  draws?: number;
  losses?: number;
  /** Game pairs scoring 0, ½, 1, 1½, 2 points. When given, the test uses it instead of the trinomial. */
  pentanomial?: readonly number[];
  elo0: number;
  elo1: number;
  alpha?: number;
  beta?: number;
  /** Model of the bounds; default normalized, fishtest's model for new tests. */
  eloModel?: EloModel;
}

/** fishtest's verdict and estimates for an SPRT's current results (the fixed-games estimate as {@link gameElo}). */
export interface SprtResult extends Omit<GameEloEstimate, 'games' | 'score'> {
  llr: number;
  lower_bound: number;
  upper_bound: number;
  decision: 'accepted' | 'rejected' | 'continue';
  /** Median-unbiased logistic Elo and 95% CI corrected for sequential stopping, and the LOS of that model. */
  sprt_elo: number;
  sprt_ci_low: number;
  sprt_ci_high: number;
  sprt_los: number;
  games: number;
  results: 'trinomial' | 'pentanomial';
}

/**
 * fishtest's SPRT (official-stockfish/fishtest, server/fishtest/stats), written from its formulas:
 * - bounds: lower = ln(β/(1−α)), upper = ln((1−β)/α); accepted when LLR > upper, rejected when LLR < lower.
 * - LLR: the generalized log-likelihood ratio of {@link llrLogistic} (logistic) or {@link llrNormalized}
 *   (normalized); BayesElo bounds are first converted to logistic Elo with the draw Elo of the trinomial.
 * - elo, CI, LOS, nElo: {@link gameElo} (the fixed-games estimate).
 * - sprt_elo: the Elo whose stopped-Brownian-motion model makes the observed (T, LLR) the median outcome; CI from
 *   its 2.5% and 97.5% quantiles ({@link sprtEloEstimate}).
 */
export function sprt(input: SprtInput): SprtResult {
  const alpha = input.alpha ?? 0.05;
  const beta = input.beta ?? 0.05;
  const trinomial = [input.losses ?? 0, input.draws ?? 0, input.wins ?? 0];
  const results = input.pentanomial ? [...input.pentanomial] : trinomial;
  if (results.some((x) => !Number.isFinite(x) || x < 0))
    throw new RangeError('result counts must be non-negative numbers');
  let { elo0, elo1 } = input;
  let model = input.eloModel ?? 'normalized';
  if (model === 'bayeselo') {
    const de = drawElo(trinomial);
    [elo0, elo1] = [bayesEloToElo(elo0, de), bayesEloToElo(elo1, de)];
    model = 'logistic';
  }
  const lower = Math.log(beta / (1 - alpha));
  const upper = Math.log((1 - beta) / alpha);
  const llr = model === 'logistic' ? llrLogistic(elo0, elo1, results) : llrNormalized(elo0, elo1, results);
  const fixed = gameElo(results);
  const est = sprtEloEstimate(results, { elo0, elo1, alpha, beta, model });
  return {
    llr,
    lower_bound: lower,
    upper_bound: upper,
    decision: llr > upper ? 'accepted' : llr < lower ? 'rejected' : 'continue',
    elo: fixed.elo,
    ci_low: fixed.ci_low,
    ci_high: fixed.ci_high,
    los: fixed.los,
    nelo: fixed.nelo,
    nelo_ci_low: fixed.nelo_ci_low,
    nelo_ci_high: fixed.nelo_ci_high,
    sprt_elo: est.elo,
    sprt_ci_low: est.ci_low,
    sprt_ci_high: est.ci_high,
    sprt_los: est.los,
    games: (results.reduce((x, y) => x + y, 0) * (results.length - 1)) / 2,
    results: results.length === 5 ? 'pentanomial' : 'trinomial',
  };
}

/**
 * Elo estimate corrected for sequential stopping (fishtest stat_util.SPRT_elo): the LLR is modelled as a Brownian
 * motion with drift μ = (s − (s0+s1)/2)(s1 − s0)/v and variance (s1 − s0)²/v per observation (v: observed variance);
 * the observed LLR N·μ̂ (clamped to a bound, with T = bound/slope) is located in the distribution of outcomes
 * ({@link brownianOutcomeCdf}); the estimate solves P(worse outcome | elo) = ½, the CI = 2.5% and 97.5%, and
 * LOS = P(worse outcome | elo = 0). Always logistic Elo.
 */
export function sprtEloEstimate(
  results: readonly number[],
  o: { elo0: number; elo1: number; alpha: number; beta: number; model: 'logistic' | 'normalized' },
) {
  const a = Math.log(o.beta / (1 - o.alpha));
  const b = Math.log((1 - o.beta) / o.alpha);
  const { n, pdf } = resultsToPdf(results);
  const { mean: sHat, variance: vHat } = pdfStats(pdf);
  const sigmaPg = Math.sqrt(results.length === 5 ? 2 * vHat : vHat);
  const toScore = (e: number): number => (o.model === 'normalized' ? (e / NELO_PER_T) * sigmaPg + 0.5 : eloToScore(e));
  const [s0, s1] = [toScore(o.elo0), toScore(o.elo1)];
  const drift = (s: number, v: number): { mu: number; sigma2: number } => ({
    mu: ((s - (s0 + s1) / 2) * (s1 - s0)) / v,
    sigma2: (s1 - s0) ** 2 / v,
  });
  let llr = n * drift(sHat, vHat).mu;
  let T = n;
  const slope = llr / n;
  if (llr < a) {
    T = a / slope;
    llr = a;
  } else if (llr > b) {
    T = b / slope;
    llr = b;
  }
  const outcome = (elo: number): number => {
    const s = eloToScore(elo);
    return brownianOutcomeCdf({ a, b, ...drift(s, vHat) }, T, llr);
  };
  const quantile = (p: number): number => {
    const avg = (o.elo0 + o.elo1) / 2;
    const delta = o.elo1 - o.elo0;
    for (let k = 30; ; k *= 2) {
      const lo = Math.max(avg - k * delta, -1000);
      const hi = Math.min(avg + k * delta, 1000);
      const root = brentRoot((e) => outcome(e) - (1 - p), lo, hi);
      if (root !== null) return root;
      if (lo > -1000 || hi < 1000) continue;
      return outcome(lo) - (1 - p) > 0 ? hi : lo;
    }
  };
  return { elo: quantile(0.5), ci_low: quantile(0.025), ci_high: quantile(0.975), los: outcome(0) };
}
