import { QueryError } from '../../core/errors.js';
import { mean } from '../../stats/descriptive.js';
import {
  applyLengthPenalty,
  countOutcomes,
  gradeScoreInterval,
  wbReward,
  wbScore,
  type WbOutcome,
} from '../../stats/wildbench.js';
import { singleJudge } from '../judge-filter.js';
import type { LeaderboardColumn, LeaderboardMethod, LeaderboardResult } from '../method.js';

/** WildBench's three reference models for WB-Reward (their mixture is the headline reward). */
export const WILDBENCH_REFERENCES = ['gpt-4-turbo-2024-04-09', 'claude-3-haiku-20240307', 'Llama-2-70b-chat-hf'];

/** `wb-score`: WB-Score = 10·2·(mean score − 5) per system over its graded tasks, with avg_len of complete outputs. */
export const wbScoreMethod: LeaderboardMethod = {
  name: 'wb-score',
  needs: 'grades',
  description: 'WildBench WB-Score from single-answer grades (1–10 → −100…100), with avg_len',
  async run(store, o): Promise<LeaderboardResult> {
    const judge = await singleJudge(store, o.judge, 'grades');
    const grades = await store.grades({ judge });
    if (grades.length === 0)
      throw new QueryError(
        'EMPTY_STORE',
        'no grades in the store: import score-mode judgments first (winrate import wildbench ...)',
      );
    const by = new Map<string, { scores: number[]; lens: number[]; failed: number }>();
    for (const g of grades) {
      const e = by.get(g.system) ?? { scores: [], lens: [], failed: 0 };
      by.set(g.system, e);
      if (g.score === null) e.failed++;
      else e.scores.push(g.score);
      if (g.outputStatus === 'ok' && typeof g.outputLength === 'number') e.lens.push(g.outputLength);
    }
    const rows = [...by.entries()]
      .map(([system, e]) => {
        const s = Float64Array.from(e.scores);
        const score = wbScore(s);
        const ci = gradeScoreInterval(s);
        return {
          system,
          wb_score: score,
          ci_low: ci.low,
          ci_high: ci.high,
          mean_score: mean(s),
          n: s.length,
          failed: e.failed,
          avg_len: e.lens.length ? mean(e.lens) : null,
        };
      })
      .sort((p, q) => q.wb_score - p.wb_score);
    const columns: LeaderboardColumn[] = [
      { key: 'system', label: 'system', kind: 'text' },
      { key: 'wb_score', label: 'WB-Score', kind: 'number' },
      { key: 'ci_low', label: 'low', kind: 'number' },
      { key: 'ci_high', label: 'high', kind: 'number' },
      { key: 'mean_score', label: 'mean 1–10', kind: 'number', digits: 3 },
      { key: 'n', label: 'n', kind: 'count' },
      { key: 'failed', label: 'unparsed', kind: 'count' },
      { key: 'avg_len', label: 'avg len', kind: 'number', digits: 1 },
    ];
    return {
      method: 'wb-score',
      title: 'WildBench WB-Score',
      baseline: null,
      columns,
      rows,
      value: { key: 'wb_score', low: 'ci_low', high: 'ci_high', min: -100, max: 100 },
    };
  },
};

/**
 * `wb-reward`: WB-Reward of every system against each reference, with the length penalty K, and their mean
 * (WildBench's "mixture of rewards"). Failed judgments stay in the denominator.
 */
export const wbRewardMethod: LeaderboardMethod = {
  name: 'wb-reward',
  description: 'WildBench WB-Reward against each reference (length penalty K) and their mixture',
  async run(store, o): Promise<LeaderboardResult> {
    const judge = await singleJudge(store, o.judge);
    const t = await store.comparisonTable({ judge, dataset: o.dataset, includeFailed: true });
    if (t.a.length === 0)
      throw new QueryError('EMPTY_STORE', 'the store has no comparisons: import WildBench pairwise judgments first');
    const k = o.k ?? 500;
    const present = new Set<string>([...t.a, ...t.b].map((s) => t.systems[s]));
    const refs = o.baseline !== undefined ? [o.baseline] : WILDBENCH_REFERENCES.filter((r) => present.has(r));
    if (refs.length === 0)
      throw new QueryError(
        'UNKNOWN_SYSTEM',
        `none of WildBench's references (${WILDBENCH_REFERENCES.join(', ')}) is in the store: pass --baseline`,
      );
    for (const r of refs) if (!present.has(r)) throw new QueryError('UNKNOWN_SYSTEM', `unknown baseline "${r}"`);
    const outcomes = new Map<string, number[]>();
    for (let i = 0; i < t.a.length; i++) {
      const a = t.systems[t.a[i]];
      const b = t.systems[t.b[i]];
      const ref = refs.includes(b) ? b : refs.includes(a) ? a : null;
      if (ref === null || a === b) continue;
      const modelIsA = ref === b;
      const model = modelIsA ? a : b;
      const key = `${model}\u0000${ref}`;
      const list = outcomes.get(key) ?? [];
      outcomes.set(key, list);
      if (Number.isNaN(t.pA[i])) {
        list.push(Number.NaN); // skipped task: counted in the total only
        continue;
      }
      const x = modelIsA ? t.pA[i] : 1 - t.pA[i];
      const raw = Math.round((x - 0.5) * 4) as WbOutcome;
      const lm = modelIsA ? t.lenA[i] : t.lenB[i];
      const lr = modelIsA ? t.lenB[i] : t.lenA[i];
      list.push(Number.isNaN(lm) || Number.isNaN(lr) ? raw : applyLengthPenalty(raw, lm, lr, k));
    }
    const systems = [...new Set([...outcomes.keys()].map((key) => key.split('\u0000')[0]))];
    const rows = systems
      .map((system) => {
        const row: Record<string, unknown> = { system };
        const rewards: number[] = [];
        for (const ref of refs) {
          const list = outcomes.get(`${system}\u0000${ref}`);
          if (!list) {
            row[`reward_${ref}`] = null;
            continue;
          }
          const c = countOutcomes(list, list.length);
          const r = 100 * wbReward(c);
          row[`reward_${ref}`] = r;
          rewards.push(r);
          if (refs.length === 1) Object.assign(row, c);
        }
        row.mixture = rewards.length === refs.length ? mean(rewards) : null;
        return row;
      })
      .sort((p, q) => ((q.mixture as number | null) ?? -Infinity) - ((p.mixture as number | null) ?? -Infinity));
    const columns: LeaderboardColumn[] = [
      { key: 'system', label: 'system', kind: 'text' },
      ...refs.map((r): LeaderboardColumn => ({ key: `reward_${r}`, label: `vs ${r}`, kind: 'number' })),
      ...(refs.length > 1 ? [{ key: 'mixture', label: 'mixture', kind: 'number' } as LeaderboardColumn] : []),
      ...(refs.length === 1
        ? (['win_much', 'win', 'tie', 'lose', 'lose_much', 'total'] as const).map((key): LeaderboardColumn => ({
            key,
            label: key,
            kind: 'count',
          }))
        : []),
    ];
    return {
      method: 'wb-reward',
      title: `WildBench WB-Reward (K = ${k})`,
      baseline: refs.length === 1 ? refs[0] : null,
      columns,
      rows,
      value: { key: refs.length > 1 ? 'mixture' : `reward_${refs[0]}`, min: -100, max: 100 },
      extra: { k, references: refs },
    };
  },
};
