/**
 * Counts of new ok verdicts per (judge, A, B, P(A wins), strong) — the rows an import adds to pair_outcomes — keyed by
 * numbers (a string key per row costs more than storing the row).
 */
export class OutcomeTally {
  /** Per (judge, A, B, strong): the distinct P(A wins) seen (a handful) and their counts. */
  private readonly byPair = new Map<number | string, { judge: number; a: number; b: number; strong: number; p: number[]; n: number[] }>();

  /** Counts one verdict. */
  add(judge: number, a: number, b: number, pA: number, strong: number): void {
    // exact in a double while ids stay below 2^20 (judges 2^12); a string beyond
    const key = judge < 4096 && a < 1048576 && b < 1048576 ? ((judge * 1048576 + a) * 1048576 + b) * 2 + strong : `${judge}|${a}|${b}|${strong}`;
    let e = this.byPair.get(key);
    if (!e) this.byPair.set(key, (e = { judge, a, b, strong, p: [], n: [] }));
    const k = e.p.indexOf(pA);
    if (k >= 0) e.n[k]++;
    else {
      e.p.push(pA);
      e.n.push(1);
    }
  }

  /** [judge, A, B, pA, strong, count] rows. */
  *rows(): Generator<[number, number, number, number, number, number]> {
    for (const e of this.byPair.values()) for (let k = 0; k < e.p.length; k++) yield [e.judge, e.a, e.b, e.p[k], e.strong, e.n[k]];
  }
}
