import { ratingLeaderboard, type RatingMethod } from '../rating-leaderboard.js';
import { bootstrapUsesThreads, prestartBootstrapWorkers } from '../../stats/parallel-bootstrap.js';
import { judgedTable, singleJudge } from '../judge-filter.js';
import type { LeaderboardColumn, LeaderboardMethod, LeaderboardResult } from '../method.js';
import { recordedBaseline } from '../judge-filter.js';

const COLUMNS: LeaderboardColumn[] = [
  { key: 'rank', label: 'rank', kind: 'count' },
  { key: 'system', label: 'system', kind: 'text' },
  { key: 'rating', label: 'rating', kind: 'rating', digits: 1 },
  { key: 'ci_low', label: 'low', kind: 'rating', digits: 1 },
  { key: 'ci_high', label: 'high', kind: 'rating', digits: 1 },
  { key: 'score', label: 'score', kind: 'percent' },
  { key: 'score_ci_low', label: 'score low', kind: 'percent' },
  { key: 'score_ci_high', label: 'score high', kind: 'percent' },
  { key: 'n_comparisons', label: 'n', kind: 'count' },
];

const DESCRIPTIONS: Record<RatingMethod, string> = {
  bt: 'Bradley–Terry ratings (Elo scale) over all pairwise comparisons, bootstrap CIs, optional style control',
  elo: 'online Elo in comparison order (K = 4), for comparison with Bradley–Terry',
  'arena-hard': 'Arena-Hard-Auto score: BT with strong verdicts ×3, predicted win rate against the baseline',
};

function method(name: RatingMethod): LeaderboardMethod {
  return {
    name,
    description: DESCRIPTIONS[name],
    async run(store, o): Promise<LeaderboardResult> {
      const rowLevel = name === 'elo' || o.styleControl || o.dataset !== undefined || o.jury !== undefined;
      // Plain BT needs only the outcome counts the store keeps aggregated; Elo order, style and juries need rows.
      const input = rowLevel
        ? await judgedTable(store, o, {
            dataset: o.dataset,
            withStyle: o.styleControl,
            lean: name !== 'elo' && o.jury === undefined,
          })
        : await store.outcomeCounts({ judge: await singleJudge(store, o.judge) });
      const bootstrap = o.bootstrap ?? (name === 'elo' ? 0 : 100);
      // a bootstrap big enough for worker threads: they load their modules while the full-data fit runs
      if (bootstrap > 0 && name !== 'elo' && bootstrapUsesThreads(input.a.length, bootstrap))
        prestartBootstrapWorkers();
      // Arena-Hard's baseline: the one asked for, else the one recorded with the judge's comparisons.
      const baseline =
        o.baseline ?? (name === 'arena-hard' ? await recordedBaseline(store, o, input.systems) : undefined);
      const lb = await ratingLeaderboard(input, {
        method: name,
        styleControl: o.styleControl,
        bootstrap,
        seed: o.seed,
        anchor: o.anchor,
        baseline,
        eloK: o.eloK,
      });
      const scored = lb.baseline !== null;
      const lo = Math.min(...lb.rows.map((r) => r.ci_low ?? r.rating));
      const hi = Math.max(...lb.rows.map((r) => r.ci_high ?? r.rating));
      return {
        method: name,
        title: `${name === 'arena-hard' ? 'Arena-Hard score' : name === 'elo' ? 'Online Elo' : 'Bradley–Terry'}${o.styleControl ? ' (style controlled)' : ''}`,
        baseline: lb.baseline,
        columns: [
          ...(lb.rows.some((r) => r.group !== null) ? [{ key: 'group', label: 'group', kind: 'count' } as const] : []),
          ...(scored ? COLUMNS : COLUMNS.filter((c) => !c.key.startsWith('score'))),
        ],
        rows: lb.rows as unknown as Record<string, unknown>[],
        value:
          scored && name === 'arena-hard'
            ? { key: 'score', low: 'score_ci_low', high: 'score_ci_high', min: 0, max: 100 }
            : {
                key: 'rating',
                low: 'ci_low',
                high: 'ci_high',
                min: Math.floor(lo / 50) * 50,
                max: Math.ceil(hi / 50) * 50,
              },
        extra: { matrix: { systems: lb.rows.map((r) => r.system), p: lb.matrix }, style: lb.style },
        notes: lb.notes.length ? lb.notes : undefined,
      };
    },
  };
}

/** Bradley–Terry ratings on the Elo scale, with bootstrap CIs (`--method bt`). */
export const btMethod = method('bt');
/** Online Elo, FastChat's sequential update (`--method elo`). */
export const eloMethod = method('elo');
/** The Arena-Hard-Auto score: BT with the baseline at 1000, win rate against it (`--method arena-hard`). */
export const arenaHardMethod = method('arena-hard');
