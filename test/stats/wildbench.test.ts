import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  applyLengthPenalty,
  countOutcomes,
  wbCategoryReward,
  wbReward,
  wbScore,
  wbTaskMacro,
} from '../../src/stats/wildbench.js';
import { averageRanks, kendallTauB, pearson, spearman } from '../../src/stats/correlation.js';
import { mtBenchPairVerdict, mtBenchScores, mtBenchWinRates } from '../../src/stats/mt-bench.js';

type Counts = { win_much: number; win: number; tie: number; lose: number; lose_much: number };
interface Published {
  pairwise: Record<
    string,
    Record<
      string,
      Counts & {
        total: number;
        reward: number;
        task_macro_reward: number;
        task_categorized_results: Record<string, Counts>;
        task_categorized_rewards: Record<string, number>;
      }
    >
  >;
  all_stat: Record<string, Record<string, Record<string, number>>>;
}
const published = JSON.parse(
  gunzipSync(readFileSync(new URL('../fixtures/wildbench/leaderboard.json.gz', import.meta.url))).toString(),
) as Published;

describe('WB-Reward reproduces the published WildBench leaderboard files exactly', () => {
  const files = Object.entries(published.pairwise);
  it('has the 12 pairwise files (3 references × 4 K)', () => expect(files).toHaveLength(12));

  it.each(files)('%s: reward, per-task rewards and task-macro reward', (_f, models) => {
    for (const [model, m] of Object.entries(models)) {
      if (m.total === 0) continue;
      expect(wbReward(m), model).toBeCloseTo(m.reward, 12);
      for (const [task, c] of Object.entries(m.task_categorized_results)) {
        expect(wbCategoryReward(c), `${model} ${task}`).toBeCloseTo(m.task_categorized_rewards[task], 12);
      }
      expect(wbTaskMacro(m.task_categorized_rewards), model).toBeCloseTo(m.task_macro_reward, 12);
    }
  });

  it('mixture of rewards, task-macro mixture and RewardScore_Avg of all_stat for every K', () => {
    let checked = 0;
    for (const [K, models] of Object.entries(published.all_stat)) {
      const ref = (r: string) => published.pairwise[`pairwise-${r}-K=${K}`];
      for (const [model, s] of Object.entries(models)) {
        const rows = ['haiku', 'llama', 'gpt4t'].map((r) => ref(r)[model]);
        if (rows.some((r) => r === undefined) || typeof s[`mixture_of_rewards.K=${K}`] !== 'number') continue;
        const mixture = (100 * rows.reduce((acc, r) => acc + wbReward(r), 0)) / 3;
        expect(mixture, model).toBeCloseTo(s[`mixture_of_rewards.K=${K}`], 9);
        const macro = (100 * rows.reduce((acc, r) => acc + wbTaskMacro(r.task_categorized_rewards), 0)) / 3;
        expect(macro, model).toBeCloseTo(s[`task_macro_reward.K=${K}`], 9);
        if (typeof s['WB_score.task_macro'] === 'number')
          expect((macro + s['WB_score.task_macro']) / 2, model).toBeCloseTo(s.RewardScore_Avg, 9);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('the length penalty K turns only slight wins of the longer side into ties', () => {
    expect(applyLengthPenalty(1, 1600, 1000, 500)).toBe(0);
    expect(applyLengthPenalty(1, 1400, 1000, 500)).toBe(1);
    expect(applyLengthPenalty(-1, 1000, 1600, 500)).toBe(0);
    expect(applyLengthPenalty(-1, 1600, 1000, 500)).toBe(-1);
    expect(applyLengthPenalty(2, 9000, 10, 500)).toBe(2);
    expect(applyLengthPenalty(1, 9000, 10, -1)).toBe(1);
    expect(countOutcomes([2, 1, 0, -1, -2, Number.NaN])).toEqual({
      win_much: 1,
      win: 1,
      tie: 1,
      lose: 1,
      lose_much: 1,
      total: 6,
    });
  });

  it('WB-Score rescales the mean 1–10 score', () => {
    expect(wbScore([5, 5])).toBe(0);
    expect(wbScore([10])).toBe(100);
    expect(wbScore([7, 8])).toBeCloseTo(50, 12);
  });
});

describe('rank correlation', () => {
  it('matches scipy on data with ties', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = [2, 1, 4, 3, 6, 6];
    expect(Array.from(averageRanks(y))).toEqual([2, 1, 4, 3, 5.5, 5.5]);
    // numpy.corrcoef(range(1, 7), [2, 1, 4, 3, 5.5, 5.5]) (Spearman = Pearson of average ranks)
    expect(spearman(x, y)).toBeCloseTo(0.8696565534786727, 12);
    // 12 concordant, 2 discordant, 1 pair tied in y: τ-b = (12 − 2)/√(15·14)
    expect(kendallTauB(x, y)).toBeCloseTo(10 / Math.sqrt(210), 12);
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
  });
});

describe('MT-Bench', () => {
  it('scores per turn and overall skip unparsed rows', () => {
    const s = mtBenchScores([1, 1, 2, 2, 2], [8, 6, 5, Number.NaN, 9]);
    expect(s.overall).toBeCloseTo(7, 12);
    expect(s.byTurn.get(1)).toBe(7);
    expect(s.byTurn.get(2)).toBe(7);
    expect(s.n).toBe(4);
  });

  it('a pairwise question is a win or loss only when both games agree', () => {
    expect(mtBenchPairVerdict(1, 1)).toBe(1);
    expect(mtBenchPairVerdict(0, 0)).toBe(0);
    expect(mtBenchPairVerdict(1, 0)).toBe(0.5);
    expect(mtBenchPairVerdict(0.5, 0.5)).toBe(0.5);
    expect(mtBenchPairVerdict(0.5, 1)).toBe(0.5);
    const r = mtBenchWinRates([1, 1, 0, 0.5]);
    expect(r).toMatchObject({ win: 2, loss: 1, tie: 1, win_rate: 0.5, loss_rate: 0.25, win_rate_adjusted: 0.625 });
  });
});
