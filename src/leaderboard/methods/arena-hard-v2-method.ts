import { bootstrapOrAnalytic } from '../../stats/intervals.js';
import { scoreEstimate } from '../../stats/score-interval.js';
import { QueryError } from '../../core/errors.js';
import { quantileSorted } from '../../stats/descriptive.js';
import { Rng } from '../../stats/random.js';
import { judgedTable } from '../judge-filter.js';
import type { LeaderboardColumn, LeaderboardMethod, LeaderboardResult } from '../method.js';

/**
 * `arena-hard-v2`: Arena-Hard-Auto v2.0's score. Per question and model, the games' scores for the model (a strong
 * verdict counts as three equal scores); a question with an unparsed game is dropped. Score = mean over
 * bootstrap rounds of the mean of a resample of those scores (100 rounds by default), interval = the 5% and 95%
 * quantiles of the round means (a 90% interval, as Arena-Hard v2.0 prints).
 */
export const arenaHardV2Method: LeaderboardMethod = {
  name: 'arena-hard-v2',
  description: 'Arena-Hard-Auto v2.0 score: bootstrap mean of per-game scores against the baseline, 90% interval',
  async run(store, o): Promise<LeaderboardResult> {
    const t = await judgedTable(store, o, { dataset: o.dataset, includeFailed: true });
    const baseline =
      o.baseline ?? ['o3-mini-2025-01-31', 'gemini-2.0-flash-001', 'gpt-4-0314'].find((b) => t.systems.includes(b));
    const b = baseline === undefined ? -1 : t.systems.indexOf(baseline);
    if (b < 0)
      throw new QueryError('UNKNOWN_SYSTEM', `unknown baseline${baseline ? ` "${baseline}"` : ''}: pass --baseline`);
    const perQuestion = new Map<string, { model: number; scores: number[]; failed: boolean }>();
    for (let i = 0; i < t.a.length; i++) {
      if (t.a[i] !== b && t.b[i] !== b) continue;
      const model = t.a[i] === b ? t.b[i] : t.a[i];
      const key = `${model}:${t.item[i] >= 0 ? t.item[i] : `row${i}`}`;
      const q = perQuestion.get(key) ?? { model, scores: [], failed: false };
      perQuestion.set(key, q);
      if (Number.isNaN(t.pA[i])) q.failed = true;
      else {
        const s = t.a[i] === model ? t.pA[i] : 1 - t.pA[i];
        for (let k = 0; k < (t.strong[i] ? 3 : 1); k++) q.scores.push(s);
      }
    }
    const byModel = new Map<number, number[]>();
    for (const q of perQuestion.values())
      if (!q.failed) (byModel.get(q.model) ?? byModel.set(q.model, []).get(q.model)!).push(...q.scores);
    const rounds = o.bootstrap ?? 100;
    const rows = [...byModel.entries()]
      .map(([m, scores]) => {
        const rng = new Rng((o.seed ?? 0) + m);
        const means = new Float64Array(Math.max(rounds, 1));
        for (let r = 0; r < means.length; r++) {
          let sum = 0;
          for (let k = 0; k < scores.length; k++) sum += scores[rng.int(scores.length)];
          means[r] = sum / scores.length;
        }
        means.sort();
        const score =
          rounds > 0
            ? means.reduce((a, v) => a + v, 0) / means.length
            : scores.reduce((a, v) => a + v, 0) / scores.length;
        // all rounds equal (every game scored alike): the 90% Wilson interval at the effective n of the game scores
        const ci = bootstrapOrAnalytic({ low: quantileSorted(means, 0.05), high: quantileSorted(means, 0.95) }, () => {
          const e = scoreEstimate(scores, 0.9);
          return { low: Math.min(e.ci_low, score), high: Math.max(e.ci_high, score) };
        });
        return {
          system: t.systems[m],
          score: 100 * score,
          ci_low: rounds > 0 ? 100 * ci.low : null,
          ci_high: rounds > 0 ? 100 * ci.high : null,
          n_scores: scores.length,
        };
      })
      .sort((p, q) => q.score - p.score);
    const columns: LeaderboardColumn[] = [
      { key: 'system', label: 'system', kind: 'text' },
      { key: 'score', label: 'score', kind: 'percent' },
      { key: 'ci_low', label: 'low (5%)', kind: 'percent' },
      { key: 'ci_high', label: 'high (95%)', kind: 'percent' },
      { key: 'n_scores', label: 'game scores', kind: 'count' },
    ];
    return {
      method: 'arena-hard-v2',
      title: 'Arena-Hard v2.0 score',
      baseline: baseline ?? null,
      columns,
      rows,
      value: { key: 'score', low: 'ci_low', high: 'ci_high', min: 0, max: 100 },
    };
  },
};
