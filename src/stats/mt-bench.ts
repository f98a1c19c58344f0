/**
 * MT-Bench (Zheng et al. 2023, "Judging LLM-as-a-judge with MT-Bench and Chatbot Arena"; FastChat
 * llm_judge `show_result.py`).
 */

/** Mean single-answer score per turn and over all valid (question, turn) rows. */
export function mtBenchScores(
  turns: ArrayLike<number>,
  scores: ArrayLike<number>,
): { overall: number; byTurn: Map<number, number>; n: number } {
  const sum = new Map<number, [number, number]>();
  let total = 0;
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) continue;
    const e = sum.get(turns[i]) ?? [0, 0];
    e[0] += scores[i];
    e[1]++;
    sum.set(turns[i], e);
    total += scores[i];
    n++;
  }
  return { overall: total / n, byTurn: new Map([...sum].map(([t, [s, c]]) => [t, s / c])), n };
}

/**
 * FastChat's pairwise verdict of one question from its two games (game 2 with positions swapped), from the
 * model's side: a win or a loss only when both games agree and game 1 is not a tie; otherwise a tie.
 * g1, g2 ∈ {1 (model won), 0.5 (tie), 0 (model lost)}.
 */
export function mtBenchPairVerdict(g1: number, g2: number): 1 | 0.5 | 0 {
  if (g1 === g2 && g1 !== 0.5) return g1 === 1 ? 1 : 0;
  return 0.5;
}

/** win_rate = W/(W+L+T), loss_rate = L/(W+L+T), adjusted win rate = (W + T/2)/(W+L+T). */
export function mtBenchWinRates(verdicts: ArrayLike<number>): {
  win: number;
  loss: number;
  tie: number;
  win_rate: number;
  loss_rate: number;
  win_rate_adjusted: number;
} {
  let win = 0;
  let loss = 0;
  let tie = 0;
  for (let i = 0; i < verdicts.length; i++) {
    if (verdicts[i] === 1) win++;
    else if (verdicts[i] === 0) loss++;
    else tie++;
  }
  const n = win + loss + tie;
  return { win, loss, tie, win_rate: win / n, loss_rate: loss / n, win_rate_adjusted: (win + tie / 2) / n };
}
