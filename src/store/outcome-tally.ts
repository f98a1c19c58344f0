/**
 * The counts of one (judge, A, B): each distinct (P(A wins), strong) seen — a handful — and how often, in parallel
 * arrays.
 */
interface PairEntry {
  judge: number;
  a: number;
  b: number;
  p: number[];
  strong: number[];
  n: number[];
}

/**
 * Counts of new ok verdicts per (judge, A, B, P(A wins), strong) — the rows an import adds to pair_outcomes — keyed by
 * numbers (a string key per row costs more than storing the row): per judge, a map from the pair A·2^15 + B, a small
 * integer V8 hashes without allocating while ids stay below 2^15 (a string beyond); the verdict's P(A wins) and
 * strength are found among the pair's few by a scan. One map lookup a row: ~85 ns warm on a million random battles,
 * where a map per (judge, strong) took 110–150 ns (strong and weak verdicts alternate).
 */
export class OutcomeTally {
  private readonly byJudge = new Map<number, Map<number | string, PairEntry>>();
  /** The judge of the last count and its map: an import's rows mostly share one. */
  private lastJudge = -1;
  private last: Map<number | string, PairEntry> | null = null;
  /** Whether verdicts were taken back out (a count written may then bring a stored one to zero). */
  takesBack = false;

  /** Counts one verdict (or `n`: a negative count takes verdicts back out). */
  add(judge: number, a: number, b: number, pA: number, strong: number, n = 1): void {
    let pairs = judge === this.lastJudge ? this.last : this.byJudge.get(judge);
    if (!pairs) this.byJudge.set(judge, (pairs = new Map<number | string, PairEntry>()));
    this.lastJudge = judge;
    this.last = pairs;
    const key = a < 32768 && b < 32768 ? a * 32768 + b : `${a}|${b}`;
    let e = pairs.get(key);
    if (!e) pairs.set(key, (e = { judge, a, b, p: [], strong: [], n: [] }));
    if (n < 0) this.takesBack = true;
    const { p } = e;
    for (let k = 0; k < p.length; k++) {
      if (p[k] === pA && e.strong[k] === strong) {
        e.n[k] += n;
        return;
      }
    }
    p.push(pA);
    e.strong.push(strong);
    e.n.push(n);
  }

  /** Forgets every count (after they were written). */
  clear(): void {
    this.byJudge.clear();
    this.lastJudge = -1;
    this.last = null;
    this.takesBack = false;
  }

  /** [judge, A, B, pA, strong, count] rows, without the counts that came to zero. */
  *rows(): Generator<[number, number, number, number, number, number]> {
    for (const pairs of this.byJudge.values()) {
      for (const e of pairs.values()) {
        for (let k = 0; k < e.p.length; k++) if (e.n[k] !== 0) yield [e.judge, e.a, e.b, e.p[k], e.strong[k], e.n[k]];
      }
    }
  }
}
