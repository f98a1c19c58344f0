import { QueryError } from '../../core/errors.js';
import { mtBenchPairVerdict, mtBenchScores, mtBenchWinRates } from '../../stats/mt-bench.js';
import { singleJudge } from '../judge-filter.js';
import type { LeaderboardColumn, LeaderboardMethod, LeaderboardResult } from '../method.js';

/** `mt-bench`: MT-Bench single-answer scores per turn and overall (FastChat show_result, mode single). */
export const mtBenchMethod: LeaderboardMethod = {
  name: 'mt-bench',
  needs: 'grades',
  description: 'MT-Bench single-answer scores (1–10): overall and per turn',
  async run(store, o): Promise<LeaderboardResult> {
    const judge = await singleJudge(store, o.judge, 'grades');
    const grades = await store.grades({ judge });
    if (grades.length === 0)
      throw new QueryError(
        'EMPTY_STORE',
        'no grades in the store: import MT-Bench single-answer judgments first (winrate import mt-bench ...)',
      );
    const by = new Map<string, { turns: number[]; scores: number[] }>();
    for (const g of grades) {
      const e = by.get(g.system) ?? { turns: [], scores: [] };
      by.set(g.system, e);
      e.turns.push(g.turn);
      e.scores.push(g.score ?? Number.NaN);
    }
    const turns = [...new Set(grades.map((g) => g.turn))].sort((a, b) => a - b);
    const rows = [...by.entries()]
      .map(([system, e]) => {
        const s = mtBenchScores(e.turns, e.scores);
        return {
          system,
          score: s.overall,
          n: s.n,
          ...Object.fromEntries(turns.map((t) => [`turn_${t}`, s.byTurn.get(t) ?? null])),
        };
      })
      .sort((p, q) => q.score - p.score);
    const columns: LeaderboardColumn[] = [
      { key: 'system', label: 'system', kind: 'text' },
      { key: 'score', label: 'score', kind: 'number', digits: 3 },
      ...turns.map((t): LeaderboardColumn => ({ key: `turn_${t}`, label: `turn ${t}`, kind: 'number', digits: 3 })),
      { key: 'n', label: 'n', kind: 'count' },
    ];
    return {
      method: 'mt-bench',
      title: 'MT-Bench score',
      baseline: null,
      columns,
      rows,
      value: { key: 'score', min: 1, max: 10 },
    };
  },
};

/**
 * `mt-bench-pairwise`: FastChat show_result's pairwise modes from two-game judgments (game 2 positions swapped); a
 * question counts as a win or loss only when both games agree. With a baseline (`--baseline`, else gpt-3.5-turbo
 * when present: mode pairwise-baseline) each other system's record against it; without one (mode pairwise-all)
 * every system's record over all its pairs.
 */
export const mtBenchPairwiseMethod: LeaderboardMethod = {
  name: 'mt-bench-pairwise',
  description: 'MT-Bench pairwise win rates against a baseline (both games must agree), with and without ties',
  async run(store, o): Promise<LeaderboardResult> {
    const judge = await singleJudge(store, o.judge);
    const t = await store.comparisonTable({ judge, dataset: o.dataset });
    if (t.a.length === 0)
      throw new QueryError('EMPTY_STORE', 'the store has no comparisons: import MT-Bench pairwise judgments first');
    const baseline = o.baseline ?? (t.systems.includes('gpt-3.5-turbo') ? 'gpt-3.5-turbo' : null);
    const b = baseline === null ? -1 : t.systems.indexOf(baseline);
    if (baseline !== null && b < 0) throw new QueryError('UNKNOWN_SYSTEM', `unknown baseline "${baseline}"`);
    // The two games of each (item, pair), oriented to the pair's first system (lower index).
    const games = new Map<string, { lo: number; hi: number; g1?: number; g2?: number }>();
    for (let i = 0; i < t.a.length; i++) {
      if (b >= 0 && t.a[i] !== b && t.b[i] !== b) continue;
      const [lo, hi] = t.a[i] < t.b[i] ? [t.a[i], t.b[i]] : [t.b[i], t.a[i]];
      const x = lo === t.a[i] ? t.pA[i] : 1 - t.pA[i];
      const key = `${lo}:${hi}:${t.item[i]}`;
      const e = games.get(key) ?? { lo, hi };
      games.set(key, e);
      if (t.shownFirst[i] === 2) e.g2 = x;
      else e.g1 = x;
    }
    const verdicts = new Map<number, number[]>();
    const record = (s: number, v: number): void => {
      if (s === b) return;
      const list = verdicts.get(s) ?? [];
      verdicts.set(s, list);
      list.push(v);
    };
    for (const e of games.values()) {
      if (e.g1 === undefined || e.g2 === undefined) continue;
      const v = mtBenchPairVerdict(e.g1, e.g2);
      record(e.lo, v);
      record(e.hi, 1 - v);
    }
    const rows = [...verdicts.entries()]
      .map(([s, v]) => ({ system: t.systems[s], ...mtBenchWinRates(v) }))
      .map((r) => ({
        ...r,
        win_rate: 100 * r.win_rate,
        loss_rate: 100 * r.loss_rate,
        win_rate_adjusted: 100 * r.win_rate_adjusted,
      }))
      .sort((p, q) => q.win_rate_adjusted - p.win_rate_adjusted);
    const columns: LeaderboardColumn[] = [
      { key: 'system', label: 'system', kind: 'text' },
      { key: 'win_rate_adjusted', label: 'win rate (ties ½)', kind: 'percent' },
      { key: 'win_rate', label: 'win rate', kind: 'percent' },
      { key: 'loss_rate', label: 'loss rate', kind: 'percent' },
      { key: 'win', label: 'W', kind: 'count' },
      { key: 'tie', label: 'T', kind: 'count' },
      { key: 'loss', label: 'L', kind: 'count' },
    ];
    const title = baseline === null ? 'MT-Bench pairwise win rate (all pairs)' : 'MT-Bench pairwise win rate';
    return {
      method: 'mt-bench-pairwise',
      title,
      baseline,
      columns,
      rows,
      value: { key: 'win_rate_adjusted', min: 0, max: 100 },
    };
  },
};
