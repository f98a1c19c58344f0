import { normalQuantile } from './descriptive.js';
import { normalCdf } from './normal.js';
import { NELO_PER_T, pdfMoments, resultsToPdf } from './sprt-llr.js';

/** Logistic Elo of an expected score, clamped to [0.001, 0.999]: −400·log10(1/x − 1). */
export function scoreToElo(x: number): number {
  const c = Math.min(Math.max(x, 1e-3), 1 - 1e-3);
  return -400 * Math.log10(1 / c - 1);
}

/** Fixed-games estimate of a match: Elo with a symmetric 95% CI, likelihood of superiority, normalized Elo with CI. */
export interface GameEloEstimate {
  elo: number;
  ci_low: number;
  ci_high: number;
  los: number;
  nelo: number;
  nelo_ci_low: number;
  nelo_ci_high: number;
  games: number;
  score: number;
}

/**
 * Elo from trinomial [L, D, W] or pentanomial pair counts as fishtest reports it for a finished test
 * (stat_util.get_elo and the nElo of its results page), zero bins regularized to 1e-3:
 * - games = N·(k−1)/2; μ = per-game mean score; σ² = per-game variance (pentanomial: pair variance / 2);
 *   μ± = μ ± 1.96·σ/√games; Elo = elo(μ), CI = Elo ± (elo(μ+) − elo(μ−))/2; LOS = Φ((μ − ½)/(σ/√games)).
 * - over the distribution of results on [0, 1]: t = (μ − ½)/σ, var(t) = 1 − t·skew + t²·(exkurt + 2)/4,
 *   nElo = 800/ln10 · t (÷√2 for pairs), CI = nElo ± coeff·1.96·√(var(t)/N).
 */
export function gameElo(results: readonly number[], confidence = 0.95): GameEloEstimate {
  const { n, pdf } = resultsToPdf(results);
  const k = results.length;
  const games = (n * (k - 1)) / 2;
  const r = results.map((x) => (x === 0 ? 1e-3 : x));
  const mu = r.reduce((s, x, i) => s + x * (i / 2), 0) / games;
  const muPer = ((k - 1) / 2) * mu;
  const variance = r.reduce((s, x, i) => s + x * (i / 2 - muPer) ** 2, 0) / games;
  const sd = Math.sqrt(variance);
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = (scoreToElo(mu + (z * sd) / Math.sqrt(games)) - scoreToElo(mu - (z * sd) / Math.sqrt(games))) / 2;
  const elo = scoreToElo(mu);
  const m = pdfMoments(pdf);
  const t = (m.mean - 0.5) / Math.sqrt(m.variance);
  const varT = 1 - t * m.skewness + (t ** 2 * (m.exkurt + 2)) / 4;
  const coeff = k === 5 ? NELO_PER_T / Math.SQRT2 : NELO_PER_T;
  const nelo = coeff * t;
  const neloHalf = coeff * z * Math.sqrt(varT / n);
  return {
    elo,
    ci_low: elo - half,
    ci_high: elo + half,
    los: normalCdf((mu - 0.5) / (sd / Math.sqrt(games))),
    nelo,
    nelo_ci_low: nelo - neloHalf,
    nelo_ci_high: nelo + neloHalf,
    games,
    score: mu,
  };
}

/** BayesElo → (P(loss), P(draw), P(win)) for a draw Elo (Coulom's BayesElo model). */
export function bayesEloToProba(belo: number, drawelo: number): [number, number, number] {
  const win = 1 / (1 + 10 ** ((-belo + drawelo) / 400));
  const loss = 1 / (1 + 10 ** ((belo + drawelo) / 400));
  return [loss, 1 - win - loss, win];
}

/** The draw Elo of trinomial [L, D, W] frequencies (zero bins regularized). */
export function drawElo(trinomial: readonly number[]): number {
  const r = trinomial.map((x) => (x === 0 ? 1e-3 : x));
  const n = r[0] + r[1] + r[2];
  const [loss, , win] = [r[0] / n, r[1] / n, r[2] / n];
  return 200 * Math.log10(((1 - loss) / loss) * ((1 - win) / win));
}

/** BayesElo → logistic Elo of the same expected score, for a draw Elo. */
export function bayesEloToElo(belo: number, drawelo: number): number {
  const [, draw, win] = bayesEloToProba(belo, drawelo);
  return scoreToElo(win + 0.5 * draw);
}
