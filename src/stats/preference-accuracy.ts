/**
 * Reward-model accuracy (RewardBench): the share of preference pairs whose chosen response scores strictly higher
 * than the rejected one, sᶜ > sʳ (ties count as wrong, as RewardBench; they are reported). The same number from a
 * policy's log-likelihoods is its ranking accuracy (Chen et al. 2024, "Preference Learning Algorithms Do Not Learn
 * Preference Rankings").
 */
export function pairAccuracy(
  chosen: ArrayLike<number>,
  rejected: ArrayLike<number>,
): { accuracy: number; n: number; ties: number } {
  let correct = 0;
  let ties = 0;
  for (let i = 0; i < chosen.length; i++) {
    if (chosen[i] > rejected[i]) correct++;
    else if (chosen[i] === rejected[i]) ties++;
  }
  return { accuracy: chosen.length ? correct / chosen.length : NaN, n: chosen.length, ties };
}

/**
 * RewardBench section scores: per section, 100·Σ accₛ·countₛ / Σ countₛ over its subsets present, and the overall
 * score as the mean of the sections present (rewardbench `calculate_scores_per_section`).
 */
export function sectionScores(
  accuracy: Map<string, number>,
  sections: Readonly<Record<string, readonly string[]>>,
  counts: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [section, subsets] of Object.entries(sections)) {
    let w = 0;
    let s = 0;
    for (const sub of subsets) {
      const a = accuracy.get(sub);
      if (a === undefined || counts[sub] === undefined) continue;
      s += a * counts[sub];
      w += counts[sub];
    }
    if (w > 0) out[section] = (100 * s) / w;
  }
  const vals = Object.values(out);
  if (vals.length) out.Score = vals.reduce((a, b) => a + b, 0) / vals.length;
  return out;
}

/**
 * Idealized ranking accuracy (Chen et al. 2024, Theorem 3.1): the model that perfectly optimises the DPO/RLHF
 * objective with reference π_ref and strength β ranks a pair correctly iff
 *   ln π_ref(y_w) − ln π_ref(y_l) + (1/β)·logit(α) > 0,
 * α = P(y_w ≻ y_l) (the share of raters preferring the chosen response; clamped to [1e-9, 1 − 1e-9]). Ties count half.
 */
export function idealizedRankingAccuracy(
  refChosen: ArrayLike<number>,
  refRejected: ArrayLike<number>,
  alpha: ArrayLike<number>,
  beta: number,
): number {
  let s = 0;
  for (let i = 0; i < refChosen.length; i++) {
    const a = Math.min(1 - 1e-9, Math.max(1e-9, alpha[i]));
    const margin = refChosen[i] - refRejected[i] + Math.log(a / (1 - a)) / beta;
    s += margin > 0 ? 1 : margin === 0 ? 0.5 : 0;
  }
  return s / refChosen.length;
}

/**
 * Best-of-n win rate from N scored samples per item (n = 1..N): the expected win probability (against a baseline) of
 * the highest-scoring of n samples drawn without replacement, estimated without bias over all subsets: with the
 * samples sorted by score ascending, the k-th is the best of a random n-subset with probability C(k−1, n−1)/C(N, n),
 * so BoN(n) = Σₖ C(k−1, n−1)/C(N, n)·wₖ (tied scores share their mean w: a random tie-break). Averaged over items.
 * (The estimator used for best-of-n curves, e.g. InfAlign, adaptive inference-time compute.)
 */
export function bestOfN(
  items: { scores: number[]; wins: number[] }[],
): { n: number; win_rate: number; standard_error: number }[] {
  const N = Math.min(...items.map((it) => it.scores.length));
  if (!(N >= 1)) return [];
  const per: number[][] = Array.from({ length: N }, () => []);
  for (const it of items) {
    const order = it.scores
      .map((s, i) => [s, it.wins[i]] as const)
      .slice(0, N)
      .sort((p, q) => p[0] - q[0]);
    const w = order.map(([, x]) => x);
    for (let i = 0; i < N;) {
      let j = i;
      while (j + 1 < N && order[j + 1][0] === order[i][0]) j++;
      const m = w.slice(i, j + 1).reduce((a, b) => a + b, 0) / (j - i + 1);
      for (let k = i; k <= j; k++) w[k] = m;
      i = j + 1;
    }
    for (let n = 1; n <= N; n++) {
      // C(k−1, n−1)/C(N, n) computed in logs for stability
      let v = 0;
      for (let k = n; k <= N; k++) v += Math.exp(logChoose(k - 1, n - 1) - logChoose(N, n)) * w[k - 1];
      per[n - 1].push(v);
    }
  }
  return per.map((xs, i) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : NaN;
    return { n: i + 1, win_rate: 100 * m, standard_error: (100 * sd) / Math.sqrt(xs.length) };
  });
}

function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}
