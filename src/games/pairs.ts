import type { MatchResult } from '../core/model.js';
import type { ComparisonTable } from '../store/store.js';

/** Result counts of X against Y: trinomial [L, D, W] of single games and pentanomial counts of game pairs. */
export interface HeadToHead {
  trinomial: [number, number, number];
  /** Pairs scoring 0, ½, 1, 1½, 2 points for X. */
  pentanomial: [number, number, number, number, number];
  pairs: number;
  /** Games not in a complete pair (counted in the trinomial only). */
  unpaired: number;
}

/** X's discrete score of one game: a fractional verdict counts as a win above ½, a loss below, a draw at ½. */
export function discreteScore(s: number): 0 | 0.5 | 1 {
  return s > 0.5 ? 1 : s < 0.5 ? 0 : 0.5;
}

function tally(groups: Map<string, { first: number[]; second: number[] }>): HeadToHead {
  const h: HeadToHead = { trinomial: [0, 0, 0], pentanomial: [0, 0, 0, 0, 0], pairs: 0, unpaired: 0 };
  for (const g of groups.values()) {
    for (const s of [...g.first, ...g.second]) h.trinomial[s * 2]++;
    const n = Math.min(g.first.length, g.second.length);
    for (let k = 0; k < n; k++) h.pentanomial[(g.first[k] + g.second[k]) * 2]++;
    h.pairs += n;
    h.unpaired += g.first.length + g.second.length - 2 * n;
  }
  return h;
}

/**
 * X against Y from judged comparisons: the two orders of an item (X shown first, Y shown first) by the same judge
 * form a pair, like the two colours of an opening in fishtest; extra or one-sided games stay unpaired.
 */
export function headToHeadFromComparisons(t: ComparisonTable, x: string, y: string): HeadToHead {
  const xi = t.systems.indexOf(x);
  const yi = t.systems.indexOf(y);
  const groups = new Map<string, { first: number[]; second: number[] }>();
  for (let i = 0; i < t.a.length; i++) {
    const aIsX = t.a[i] === xi && t.b[i] === yi;
    if (!aIsX && !(t.a[i] === yi && t.b[i] === xi)) continue;
    const s = discreteScore(aIsX ? t.pA[i] : 1 - t.pA[i]);
    const key = t.item[i] >= 0 ? `${t.item[i]}:${t.judge[i]}` : `battle:${i}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: [], second: [] }));
    const xFirst = t.shownFirst[i] === 0 ? true : (t.shownFirst[i] === 1) === aIsX;
    (xFirst ? g.first : g.second).push(s);
  }
  return tally(groups);
}

/** X against Y from match results: the two games of a `pair` (sides exchanged) form a pair. */
export function headToHeadFromMatches(matches: MatchResult[], x: string, y: string): HeadToHead {
  const groups = new Map<string, { first: number[]; second: number[] }>();
  matches.forEach((m, i) => {
    const aIsX = m.playerA === x && m.playerB === y;
    if (!aIsX && !(m.playerA === y && m.playerB === x)) return;
    const key = m.pair ? `${m.game}\u0000${m.pair}` : `single:${i}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: [], second: [] }));
    const s = discreteScore(aIsX ? m.scoreA : 1 - m.scoreA);
    const xFirst = m.aFirst === null || m.aFirst === undefined ? g.first.length <= g.second.length : m.aFirst === aIsX;
    (xFirst ? g.first : g.second).push(s);
  });
  return tally(groups);
}
