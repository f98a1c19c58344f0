/**
 * Inter-rater agreement on nominal verdicts (categories 0..k−1; −1 = no verdict). Used for juries of LLM judges
 * and for human annotators.
 */

/**
 * Cohen's κ for two raters over the units both rated: κ = (pₒ − pₑ) / (1 − pₑ), with pₒ the observed agreement
 * and pₑ = Σ_c p_A(c)·p_B(c) the chance agreement from each rater's marginals (Cohen 1960). NaN with < 1 unit.
 */
export function cohenKappa(a: ArrayLike<number>, b: ArrayLike<number>, k = 3): number {
  const ma = new Float64Array(k);
  const mb = new Float64Array(k);
  let n = 0;
  let agree = 0;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < 0 || b[i] < 0) continue;
    n++;
    ma[a[i]]++;
    mb[b[i]]++;
    if (a[i] === b[i]) agree++;
  }
  if (n === 0) return Number.NaN;
  let pe = 0;
  for (let c = 0; c < k; c++) pe += (ma[c] / n) * (mb[c] / n);
  return pe === 1 ? 1 : (agree / n - pe) / (1 - pe);
}

/**
 * Fleiss' κ over units each rated by the same number of raters m ≥ 2 (Fleiss 1971):
 * P̄ = mean_i [Σ_c n_ic(n_ic − 1) / (m(m − 1))], P̄ₑ = Σ_c p_c², κ = (P̄ − P̄ₑ)/(1 − P̄ₑ).
 * `counts[i][c]` is how many raters put unit i in category c.
 */
export function fleissKappa(counts: number[][]): number {
  if (counts.length === 0) return Number.NaN;
  const m = counts[0].reduce((s, v) => s + v, 0);
  const k = counts[0].length;
  const p = new Float64Array(k);
  let pBar = 0;
  for (const row of counts) {
    let s = 0;
    for (let c = 0; c < k; c++) {
      s += row[c] * (row[c] - 1);
      p[c] += row[c] / (counts.length * m);
    }
    pBar += s / (m * (m - 1)) / counts.length;
  }
  let pe = 0;
  for (let c = 0; c < k; c++) pe += p[c] * p[c];
  return pe === 1 ? 1 : (pBar - pe) / (1 - pe);
}

/**
 * Krippendorff's α for nominal data with missing values (Krippendorff 2011): from the coincidence matrix
 * o_ck = Σ_units Σ_{pairs of values c,k in the unit} 1/(m_u − 1), α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c n_k.
 * `ratings[u]` lists the verdicts given to unit u (−1 entries ignored); units with < 2 verdicts are skipped.
 */
export function krippendorffAlphaNominal(ratings: number[][], k = 3): number {
  const o = Array.from({ length: k }, () => new Float64Array(k));
  for (const unit of ratings) {
    const v = unit.filter((x) => x >= 0);
    const m = v.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) o[v[i]][v[j]] += 1 / (m - 1);
  }
  const nc = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = nc.reduce((s, x) => s + x, 0);
  let disagreeObserved = 0;
  let disagreeExpected = 0;
  for (let c = 0; c < k; c++) {
    for (let d = 0; d < k; d++) {
      if (c === d) continue;
      disagreeObserved += o[c][d];
      disagreeExpected += nc[c] * nc[d];
    }
  }
  if (n <= 1 || disagreeExpected === 0) return Number.NaN;
  return 1 - ((n - 1) * disagreeObserved) / disagreeExpected;
}

/** A probability that A wins as a nominal verdict: 0 = A, 1 = tie, 2 = B (ties within 1e-9 of ½). */
export function verdictCategory(pA: number): number {
  if (Number.isNaN(pA)) return -1;
  return Math.abs(pA - 0.5) < 1e-9 ? 1 : pA > 0.5 ? 0 : 2;
}
