/** The counts of one (judge, A, B, strong): the distinct P(A wins) seen (a handful) and how often each. */
interface PairEntry {
  judge: number;
  a: number;
  b: number;
  strong: number;
  p: number[];
  n: number[];
}

/**
 * Counts of new ok verdicts per (judge, A, B, P(A wins), strong) — the rows an import adds to pair_outcomes — keyed by
 * numbers (a string key per row costs more than storing the row): per (judge, strong), a map from the pair A·2^15 + B,
 * a small integer V8 hashes without allocating while ids stay below 2^15 (a string beyond).
 */
export class OutcomeTally {
  private readonly byJudge = new Map<number, Map<number | string, PairEntry>>();
  /** The map of the last (judge, strong) counted: an import's rows mostly share one. */
  private lastKey = -1;
  private last: Map<number | string, PairEntry> | null = null;
  /** Whether verdicts were taken back out (a count written may then bring a stored one to zero). */
  takesBack = false;

  /** Counts one verdict (or `n`: a negative count takes verdicts back out). */
  add(judge: number, a: number, b: number, pA: number, strong: number, n = 1): void {
    const jk = judge * 2 + strong;
    let pairs = jk === this.lastKey ? this.last : this.byJudge.get(jk);
    if (!pairs) this.byJudge.set(jk, (pairs = new Map<number | string, PairEntry>()));
    this.lastKey = jk;
    this.last = pairs;
    const key = a < 32768 && b < 32768 ? a * 32768 + b : `${a}|${b}`;
    let e = pairs.get(key);
    if (!e) pairs.set(key, (e = { judge, a, b, strong, p: [], n: [] }));
    if (n < 0) this.takesBack = true;
    const k = e.p.indexOf(pA);
    if (k >= 0) e.n[k] += n;
    else {
      e.p.push(pA);
      e.n.push(n);
    }
  }

  /** Forgets every count (after they were written). */
  clear(): void {
    this.byJudge.clear();
    this.lastKey = -1;
    this.last = null;
    this.takesBack = false;
  }

  /** [judge, A, B, pA, strong, count] rows, without the counts that came to zero. */
  *rows(): Generator<[number, number, number, number, number, number]> {
    for (const pairs of this.byJudge.values()) {
      for (const e of pairs.values()) {
        for (let k = 0; k < e.p.length; k++) if (e.n[k] !== 0) yield [e.judge, e.a, e.b, e.p[k], e.strong, e.n[k]];
      }
    }
  }
}
