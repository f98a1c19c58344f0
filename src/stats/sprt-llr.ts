import { brentRoot } from './root.js';

/**
 * Log-likelihood ratios of fishtest's generalized SPRT (Michel Van den Bergh, "Support of the MLE for multinomial
 * distributions", and "Normalized Elo, practical", cantate.be/Fishtest), written from the formulas.
 *
 * Results are frequencies low-to-high score: a trinomial [losses, draws, wins] or a pentanomial of game pairs
 * [0, ½, 1, 1½, 2 points]. Zero bins are replaced by 1e-3 (regularization); the empirical distribution puts
 * probability rᵢ/N on score aᵢ = i/(k − 1).
 */
export interface Pdf {
  a: Float64Array;
  p: Float64Array;
}

/** 800 / ln 10: normalized Elo per unit of t-value (nElo = 800/ln10 · (μ − ½)/σ). */
export const NELO_PER_T = 800 / Math.LN10;

/** Regularized empirical distribution of trinomial or pentanomial counts, and their total N. */
export function resultsToPdf(results: readonly number[]): { n: number; pdf: Pdf } {
  if (results.length !== 3 && results.length !== 5)
    throw new RangeError('results must have 3 (trinomial) or 5 (pentanomial) counts');
  const r = results.map((x) => (x === 0 ? 1e-3 : x));
  const n = r.reduce((s, x) => s + x, 0);
  const k = r.length;
  return { n, pdf: { a: Float64Array.from(r, (_, i) => i / (k - 1)), p: Float64Array.from(r, (x) => x / n) } };
}

/** Mean and variance of a discrete distribution. */
export function pdfStats(pdf: Pdf): { mean: number; variance: number } {
  let mean = 0;
  for (let i = 0; i < pdf.a.length; i++) mean += pdf.p[i] * pdf.a[i];
  let variance = 0;
  for (let i = 0; i < pdf.a.length; i++) variance += pdf.p[i] * (pdf.a[i] - mean) ** 2;
  return { mean, variance };
}

/** Mean, variance, skewness and excess kurtosis of a discrete distribution. */
export function pdfMoments(pdf: Pdf): { mean: number; variance: number; skewness: number; exkurt: number } {
  const { mean, variance } = pdfStats(pdf);
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < pdf.a.length; i++) {
    m3 += pdf.p[i] * (pdf.a[i] - mean) ** 3;
    m4 += pdf.p[i] * (pdf.a[i] - mean) ** 4;
  }
  return { mean, variance, skewness: m3 / variance ** 1.5, exkurt: m4 / variance ** 2 - 3 };
}

/** The x solving Σ pᵢ·cᵢ/(1 + x·cᵢ) = 0 on (−1/max c, −1/min c) (the "secular equation"; c must change sign). */
function secular(c: Float64Array, p: Float64Array): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of c) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(lo * hi < 0)) throw new RangeError('the hypothesis lies outside the range of observed scores');
  const f = (x: number): number => {
    let s = 0;
    for (let i = 0; i < c.length; i++) s += (p[i] * c[i]) / (1 + x * c[i]);
    return s;
  };
  const eps = 1e-9;
  const x = brentRoot(f, -1 / hi + eps, -1 / lo - eps);
  if (x === null) throw new RangeError('secular equation has no root');
  return x;
}

/** Maximum-likelihood distribution on the observed support with expected score s (Lagrange multiplier form). */
export function mleExpected(pdf: Pdf, s: number): Float64Array {
  const c = pdf.a.map((a) => a - s);
  const x = secular(c, pdf.p);
  return pdf.p.map((p, i) => p / (1 + x * c[i]));
}

/** Maximum-likelihood distribution with t-value (μ − ref)/σ = t, by fixed-point iteration from the uniform one. */
export function mleTValue(pdf: Pdf, ref: number, t: number): Float64Array {
  const n = pdf.a.length;
  let q: Float64Array = new Float64Array(n).fill(1 / n);
  for (let iter = 0; iter < 10; iter++) {
    const prev = q;
    const { mean, variance } = pdfStats({ a: pdf.a, p: q });
    const sigma = Math.sqrt(variance);
    const c = pdf.a.map((a) => a - ref - (t * sigma * (1 + ((mean - a) / sigma) ** 2)) / 2);
    const x = secular(c, pdf.p);
    q = pdf.p.map((p, i) => p / (1 + x * c[i]));
    let change = 0;
    for (let i = 0; i < n; i++) change = Math.max(change, Math.abs(prev[i] - q[i]));
    if (change < 1e-9) break;
  }
  return q;
}

/** Σ pᵢ·ln(q1ᵢ/q0ᵢ): the per-observation log-likelihood ratio of two fitted distributions. */
function meanJump(pdf: Pdf, q0: Float64Array, q1: Float64Array): number {
  let s = 0;
  for (let i = 0; i < pdf.p.length; i++) s += pdf.p[i] * (Math.log(q1[i]) - Math.log(q0[i]));
  return s;
}

/** Logistic Elo → expected score: L(x) = 1/(1 + 10^(−x/400)). */
export function eloToScore(elo: number): number {
  return 1 / (1 + 10 ** (-elo / 400));
}

/** Generalized LLR for H1: score = L(elo1) against H0: score = L(elo0) (logistic Elo, "expectation" statistic). */
export function llrLogistic(elo0: number, elo1: number, results: readonly number[]): number {
  const { n, pdf } = resultsToPdf(results);
  return n * meanJump(pdf, mleExpected(pdf, eloToScore(elo0)), mleExpected(pdf, eloToScore(elo1)));
}

/**
 * Generalized LLR for normalized Elo bounds ("t_value" statistic, reference score ½): nt = nElo/(800/ln10), times √2
 * for pentanomial results (a pair's t-value).
 */
export function llrNormalized(nelo0: number, nelo1: number, results: readonly number[]): number {
  const scale = results.length === 5 ? Math.SQRT2 : 1;
  const { n, pdf } = resultsToPdf(results);
  const [t0, t1] = [nelo0, nelo1].map((e) => (e / NELO_PER_T) * scale);
  return n * meanJump(pdf, mleTValue(pdf, 0.5, t0), mleTValue(pdf, 0.5, t1));
}
