import type { ComparisonTable } from '../store/store.js';

/**
 * Groups comparisons into units — one (item, system pair) — oriented so that A is the alphabetically first
 * system: unit key → judge → the games (P(A wins) and which was shown first). Battles without an item are
 * their own units.
 */
export function judgmentUnits(
  t: ComparisonTable,
): Map<string, Map<number, { pA: number; shownFirstIsA: boolean | null }[]>> {
  const units = new Map<string, Map<number, { pA: number; shownFirstIsA: boolean | null }[]>>();
  for (let i = 0; i < t.a.length; i++) {
    const flip = t.systems[t.a[i]] > t.systems[t.b[i]];
    const [a, b] = flip ? [t.b[i], t.a[i]] : [t.a[i], t.b[i]];
    const key = `${t.item[i] >= 0 ? t.item[i] : `row${i}`}:${a}:${b}`;
    let byJudge = units.get(key);
    if (!byJudge) units.set(key, (byJudge = new Map<number, { pA: number; shownFirstIsA: boolean | null }[]>()));
    let games = byJudge.get(t.judge[i]);
    if (!games) byJudge.set(t.judge[i], (games = []));
    const shown = t.shownFirst[i] === 0 ? null : (t.shownFirst[i] === 1) !== flip;
    games.push({ pA: flip ? 1 - t.pA[i] : t.pA[i], shownFirstIsA: shown });
  }
  return units;
}
