import { QueryError } from '../../core/errors.js';
import { percentWithWilson, winLossRatio } from '../../stats/win-rate-intervals.js';
import { groupedScores, itemScores, meanPercent } from '../groups.js';
import { judgedTable, recordedBaseline } from '../judge-filter.js';
import { defaultBaseline } from '../default-baseline.js';
import type { LeaderboardMethod, LeaderboardOptions, LeaderboardResult } from '../method.js';
import type { ComparisonTable, Store } from '../../store/store.js';

/**
 * The baseline of a win-rate method: the one asked for, else the judge's recorded one, else the default
 * (default-baseline.ts).
 */
async function baselineOf(store: Store, t: ComparisonTable, o: LeaderboardOptions): Promise<string> {
  if (t.a.length === 0)
    throw new QueryError('EMPTY_STORE', 'the store has no comparisons: import some first (winrate import ...)');
  return (
    o.baseline ??
    (o.groupBy === 'judge' ? undefined : await recordedBaseline(store, o, t.systems)) ??
    t.systems[defaultBaseline(t)]
  );
}

/** Groups of a comparison table row: item category, or the judge (annotator groups `human:NAME`). */
async function grouping(
  store: Store,
  t: ComparisonTable,
  o: LeaderboardOptions,
): Promise<{ by: string; of: (i: number) => string | null }> {
  if (o.groupBy === 'judge') return { by: 'judge', of: (i) => t.judges[t.judge[i]] };
  const categories = await store.itemCategories(o.dataset);
  return { by: 'category', of: (i) => categories.get(t.item[i]) ?? null };
}

/** The comparisons of the grouped methods: every judge's when grouping by judge (annotators), else one judge's. */
function groupTable(store: Store, o: LeaderboardOptions): Promise<ComparisonTable> {
  return o.groupBy === 'judge'
    ? store.comparisonTable({ dataset: o.dataset })
    : judgedTable(store, o, { dataset: o.dataset });
}

/**
 * `variants`: per system against the baseline, the win-rate variants papers report — win rate with ties as half
 * (Wilson at the effective n over items), win+tie rate (Janus), win-only rate, win rate without ties, win/loss ratio
 * (Alexa) with Wilson intervals on the per-item outcome counts (the ratio's is the Wilson interval of W/(W+L) mapped
 * to p/(1−p)) — and the worst group (category, or judge with
 * `--group-by judge`) with its win rate and CI (groups of at least 5 items; MaxMin-RLHF's worst-group win rate).
 */
export const variantsMethod: LeaderboardMethod = {
  name: 'variants',
  description:
    'win-rate variants (ties half, win+tie, win only, without ties, win/loss ratio) with CIs, and the worst group',
  async run(store, o): Promise<LeaderboardResult> {
    const t = await groupTable(store, o);
    const baseline = await baselineOf(store, t, o);
    const all = groupedScores(t, baseline, () => 'all');
    const g = await grouping(store, t, o);
    const groups = groupedScores(t, baseline, g.of);
    const rows = [...all]
      .map(([system, byGroup]) => {
        const x = itemScores(byGroup.get('all')!);
        const wins = x.filter((v) => v > 0.5).length;
        const losses = x.filter((v) => v < 0.5).length;
        const ties = x.length - wins - losses;
        const tieOrWin = percentWithWilson(wins + ties, x.length);
        const winOnly = percentWithWilson(wins, x.length);
        const noTies = percentWithWilson(wins, wins + losses);
        const ratio = winLossRatio(wins, losses);
        const worst = [...(groups.get(system) ?? [])]
          .map(([group, items]) => ({ group, ...meanPercent(itemScores(items)) }))
          .filter((w) => w.n >= 5)
          .sort((p, q) => p.win_rate - q.win_rate)[0];
        return {
          system,
          ...meanPercent(x),
          wins,
          ties,
          losses,
          tie_or_win: tieOrWin.value,
          tie_or_win_ci_low: tieOrWin.low,
          tie_or_win_ci_high: tieOrWin.high,
          win_only: winOnly.value,
          win_only_ci_low: winOnly.low,
          win_only_ci_high: winOnly.high,
          excluding_ties: noTies.value,
          excluding_ties_ci_low: noTies.low,
          excluding_ties_ci_high: noTies.high,
          win_loss_ratio: ratio.value,
          win_loss_ratio_ci_low: ratio.low,
          win_loss_ratio_ci_high: ratio.high,
          worst_group: worst?.group ?? null,
          worst_group_win_rate: worst?.win_rate ?? null,
          worst_group_ci_low: worst?.ci_low ?? null,
          worst_group_ci_high: worst?.ci_high ?? null,
          worst_group_n: worst?.n ?? null,
        };
      })
      .sort((p, q) => q.win_rate - p.win_rate || p.system.localeCompare(q.system));
    return {
      method: 'variants',
      title: `Win-rate variants (worst ${g.by})`,
      baseline,
      columns: [
        { key: 'system', label: 'system', kind: 'text' },
        { key: 'win_rate', label: 'win rate', kind: 'percent' },
        { key: 'tie_or_win', label: 'win+tie', kind: 'percent' },
        { key: 'win_only', label: 'win only', kind: 'percent' },
        { key: 'excluding_ties', label: 'w/o ties', kind: 'percent' },
        { key: 'win_loss_ratio', label: 'W/L', kind: 'number' },
        { key: 'worst_group', label: `worst ${g.by}`, kind: 'text' },
        { key: 'worst_group_win_rate', label: 'worst', kind: 'percent' },
        { key: 'n', label: 'n', kind: 'count' },
      ],
      rows,
      value: { key: 'win_rate', low: 'ci_low', high: 'ci_high', min: 0, max: 100 },
    };
  },
};

/** `groups`: win rate against the baseline per system and group (category, or judge/annotator), each with n and CI. */
export const groupsMethod: LeaderboardMethod = {
  name: 'groups',
  description: 'win rate per system and group (item category, or judge/annotator with --group-by judge), with n and CI',
  async run(store, o): Promise<LeaderboardResult> {
    const t = await groupTable(store, o);
    const baseline = await baselineOf(store, t, o);
    const g = await grouping(store, t, o);
    const rows = [...groupedScores(t, baseline, g.of)]
      .flatMap(([system, byGroup]) =>
        [...byGroup].map(([group, items]) => ({ system, group, ...meanPercent(itemScores(items)) })),
      )
      .sort((p, q) => p.system.localeCompare(q.system) || p.group.localeCompare(q.group));
    if (rows.length === 0)
      throw new QueryError(
        'EMPTY_STORE',
        `no ${g.by} groups: the items have no categories (use --group-by judge for annotator groups)`,
      );
    return {
      method: 'groups',
      title: `Win rate by ${g.by}`,
      baseline,
      columns: [
        { key: 'system', label: 'system', kind: 'text' },
        { key: 'group', label: g.by, kind: 'text' },
        { key: 'win_rate', label: 'win rate', kind: 'percent' },
        { key: 'ci_low', label: 'low', kind: 'percent', digits: 1 },
        { key: 'ci_high', label: 'high', kind: 'percent', digits: 1 },
        { key: 'n', label: 'n', kind: 'count' },
      ],
      rows,
      value: { key: 'win_rate', low: 'ci_low', high: 'ci_high', min: 0, max: 100 },
    };
  },
};
