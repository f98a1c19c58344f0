import type { ComparisonTable } from '../store/store.js';
import { verdictCategory } from '../stats/agreement.js';
import { judgmentUnits } from './judge-units.js';

/** How a jury's verdicts on one comparison combine. */
export type JuryMode = 'mean' | 'majority';

/**
 * Collapses several judges' verdicts into one per comparison: `mean` averages each judge's probability (its
 * games averaged first, so every judge weighs the same); `majority` takes each judge's verdict (A, tie, B) and
 * the most frequent one (a tie between A and B, or no majority, is a tie). Returns a table with one row per
 * comparison and a single judge "jury".
 */
export function juryTable(t: ComparisonTable, mode: JuryMode): ComparisonTable {
  const units = judgmentUnits(t);
  const firstRow = new Map<string, number>();
  for (let i = 0; i < t.a.length; i++) {
    const flip = t.systems[t.a[i]] > t.systems[t.b[i]];
    const [a, b] = flip ? [t.b[i], t.a[i]] : [t.a[i], t.b[i]];
    const key = `${t.item[i] >= 0 ? t.item[i] : `row${i}`}:${a}:${b}`;
    if (!firstRow.has(key)) firstRow.set(key, i);
  }
  const n = units.size;
  const out: ComparisonTable = {
    systems: t.systems,
    judges: ['jury'],
    item: new Int32Array(n),
    a: new Int32Array(n),
    b: new Int32Array(n),
    judge: new Int32Array(n),
    pA: new Float64Array(n),
    seq: new Float64Array(n),
    lenA: new Float64Array(n),
    lenB: new Float64Array(n),
    strong: new Uint8Array(n),
    shownFirst: new Uint8Array(n),
  };
  let k = 0;
  for (const [key, byJudge] of units) {
    const i = firstRow.get(key)!;
    const flip = t.systems[t.a[i]] > t.systems[t.b[i]];
    const perJudge = [...byJudge.values()]
      .map((gs) => gs.reduce((s, g) => s + g.pA, 0) / gs.length)
      .filter((x) => !Number.isNaN(x));
    let p: number;
    if (mode === 'mean') p = perJudge.reduce((s, x) => s + x, 0) / perJudge.length;
    else {
      const votes = [0, 0, 0];
      for (const x of perJudge) votes[verdictCategory(x)]++;
      p = votes[0] > votes[1] + votes[2] ? 1 : votes[2] > votes[0] + votes[1] ? 0 : 0.5;
    }
    out.item[k] = t.item[i];
    out.a[k] = flip ? t.b[i] : t.a[i];
    out.b[k] = flip ? t.a[i] : t.b[i];
    out.pA[k] = p;
    out.seq[k] = t.seq[i];
    out.lenA[k] = flip ? t.lenB[i] : t.lenA[i];
    out.lenB[k] = flip ? t.lenA[i] : t.lenB[i];
    k++;
  }
  return out;
}
