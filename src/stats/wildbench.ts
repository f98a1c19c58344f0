import { scoreEstimate } from './score-interval.js';
/**
 * WildBench (Lin et al. 2024, "WildBench: Benchmarking LLMs with Challenging Tasks from Real Users in the
 * Wild"; allenai/WildBench leaderboard code) — WB-Reward and WB-Score.
 */

/** Outcome of a pairwise WildBench judgment for the tested model: +2 much better … −2 much worse. */
export type WbOutcome = 2 | 1 | 0 | -1 | -2;

/** Counts of outcomes for one model against one reference; `total` includes skipped (empty/truncated) tasks. */
export interface WbCounts {
  win_much: number;
  win: number;
  tie: number;
  lose: number;
  lose_much: number;
  total: number;
}

/**
 * Applies WildBench's length penalty K: a slight win (±1) whose winner's response is longer than the loser's
 * by more than K characters becomes a tie; strong outcomes never change; K = −1 disables the rule.
 */
export function applyLengthPenalty(outcome: WbOutcome, lenModel: number, lenRef: number, k: number): WbOutcome {
  if (k < 0) return outcome;
  if (outcome === 1 && lenModel - lenRef > k) return 0;
  if (outcome === -1 && lenRef - lenModel > k) return 0;
  return outcome;
}

/** Tallies outcomes; `total` is the number of tasks (judged or not, as WildBench divides by all tasks). */
export function countOutcomes(outcomes: ArrayLike<number>, total = outcomes.length): WbCounts {
  const c: WbCounts = { win_much: 0, win: 0, tie: 0, lose: 0, lose_much: 0, total };
  for (let i = 0; i < outcomes.length; i++) {
    const o = outcomes[i];
    if (o === 2) c.win_much++;
    else if (o === 1) c.win++;
    else if (o === 0) c.tie++;
    else if (o === -1) c.lose++;
    else if (o === -2) c.lose_much++;
  }
  return c;
}

/** WB-Reward as a fraction: (win_much + ½·win − ½·lose − lose_much) / total. Multiply by 100 for the leaderboard. */
export function wbReward(c: WbCounts): number {
  return (c.win_much + 0.5 * c.win - 0.5 * c.lose - c.lose_much) / c.total;
}

/** Reward within a task category: the same sum over the category's judged tasks only (their own count). */
export function wbCategoryReward(c: Omit<WbCounts, 'total'>): number {
  const n = c.win_much + c.win + c.tie + c.lose + c.lose_much;
  return (c.win_much + 0.5 * c.win - 0.5 * c.lose - c.lose_much) / n;
}

/** WildBench's task-group weights for macro averages (sum 4.75). */
export const WB_TASK_WEIGHTS: Readonly<Record<string, number>> = {
  'Creative Tasks': 0.5,
  'Planning & Reasoning': 1.25,
  'Math & Data Analysis': 1,
  'Information/Advice seeking': 0.75,
  'Coding & Debugging': 1.25,
};

/** Weighted macro average over task groups: Σ wₜ·vₜ / Σ wₜ over the groups present. */
export function wbTaskMacro(
  values: Record<string, number>,
  weights: Readonly<Record<string, number>> = WB_TASK_WEIGHTS,
): number {
  let num = 0;
  let den = 0;
  for (const [task, v] of Object.entries(values)) {
    const w = weights[task];
    if (w === undefined) continue;
    num += w * v;
    den += w;
  }
  return num / den;
}

/** WB-Score from 1–10 judge scores: 10·2·(mean − 5), i.e. the mean rescaled so 5 → 0 and 10 → 100. */
export function wbScore(scores: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < scores.length; i++) s += scores[i];
  return 20 * (s / scores.length - 5);
}

/**
 * 95% interval of the WB-Score: the judge's scores lie in [1, 10], so their mean is a bounded mean; it gets the
 * Wilson interval at the effective n of the scores mapped to [0, 1] by (s − 1)/9 ({@link scoreEstimate}), mapped back
 * to 20·(1 + 9p − 5). Inside the WB-Score's range [−80, 100], containing the score, of non-zero width when every
 * score is the same (a normal interval has width 0 there), and close to the normal one at large n.
 */
export function gradeScoreInterval(scores: ArrayLike<number>): { low: number; high: number } {
  const e = scoreEstimate(Array.from(scores, (s) => (s - 1) / 9));
  const wb = (p: number): number => 20 * (1 + 9 * p - 5);
  return { low: wb(e.ci_low), high: wb(e.ci_high) };
}
