import { nameList } from '../core/name-list.js';
import { QueryError } from '../core/errors.js';
import { scoreEstimate } from '../stats/score-interval.js';
import type { ComparisonTable } from '../store/store.js';

/**
 * Per-item scores of each system against the baseline, split by a group (category, judge): system → group → item →
 * [sum, games].
 */
export function groupedScores(
  t: ComparisonTable,
  baseline: string,
  groupOf: (row: number) => string | null,
): Map<string, Map<string, Map<number, [number, number]>>> {
  const b = t.systems.indexOf(baseline);
  if (b < 0)
    throw new QueryError(
      'UNKNOWN_SYSTEM',
      `unknown baseline "${baseline}"; systems: ${nameList([...t.systems].sort())}`,
    );
  const out = new Map<string, Map<string, Map<number, [number, number]>>>();
  for (let i = 0; i < t.a.length; i++) {
    if (Number.isNaN(t.pA[i]) || (t.a[i] !== b && t.b[i] !== b) || t.a[i] === t.b[i]) continue;
    const sys = t.systems[t.a[i] === b ? t.b[i] : t.a[i]];
    const score = t.a[i] === b ? 1 - t.pA[i] : t.pA[i];
    const g = groupOf(i);
    if (g === null) continue;
    let bySys = out.get(sys);
    if (!bySys) out.set(sys, (bySys = new Map<string, Map<number, [number, number]>>()));
    let byGroup = bySys.get(g);
    if (!byGroup) bySys.set(g, (byGroup = new Map<number, [number, number]>()));
    const key = t.item[i] >= 0 ? t.item[i] : -1 - i;
    const e = byGroup.get(key) ?? [0, 0];
    byGroup.set(key, [e[0] + score, e[1] + 1]);
  }
  return out;
}

/** The per-item scores of one group (games of an item averaged). */
export function itemScores(items: Map<number, [number, number]>): number[] {
  return [...items.values()].map(([s, n]) => s / n);
}

/**
 * Mean score in percent over items with the interval `--method winrate` gives: Wilson at the effective sample size
 * (see {@link scoreEstimate}), inside [0, 100] and of non-zero width at 0 of n and n of n.
 */
export function meanPercent(x: number[]): { win_rate: number; ci_low: number; ci_high: number; n: number } {
  const m = scoreEstimate(x);
  return { win_rate: 100 * m.score, ci_low: 100 * m.ci_low, ci_high: 100 * m.ci_high, n: m.n };
}
