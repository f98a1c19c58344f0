import { QueryError } from '../core/errors.js';

/**
 * The baseline of a win-rate leaderboard when none is given or recorded: the system compared with the most others;
 * among equals, the one in the most comparisons; then the one shown as system A most often (AlpacaEval and
 * Arena-Hard files put the baseline first). Still tied — two systems met only each other, on random sides — is an
 * error naming them, rather than an alphabetical pick that would label the leaderboard at random.
 */
export function defaultBaseline(t: { systems: string[]; a: ArrayLike<number>; b: ArrayLike<number> }): number {
  const S = t.systems.length;
  const opponents = new Int32Array(S);
  const comparisons = new Float64Array(S);
  const asA = new Float64Array(S);
  const met = new Set<number>(); // unordered pairs seen (a·S + b with a < b)
  for (let i = 0; i < t.a.length; i++) {
    const a = t.a[i];
    const b = t.b[i];
    if (a === b) continue;
    const pair = a < b ? a * S + b : b * S + a;
    if (!met.has(pair)) {
      met.add(pair);
      opponents[a]++;
      opponents[b]++;
    }
    comparisons[a]++;
    comparisons[b]++;
    asA[a]++;
  }
  const order = (p: number, q: number): number =>
    opponents[q] - opponents[p] || comparisons[q] - comparisons[p] || asA[q] - asA[p];
  const ranked = Array.from({ length: S }, (_, s) => s)
    .filter((s) => opponents[s] > 0)
    .sort(order);
  if (ranked.length === 0) throw new QueryError('EMPTY_STORE', 'no comparisons between two different systems');
  const tied = ranked.filter((s) => order(s, ranked[0]) === 0);
  if (tied.length > 1) {
    throw new QueryError(
      'UNKNOWN_SYSTEM',
      `no system stands out as the baseline (${tied
        .map((s) => t.systems[s])
        .sort()
        .join(', ')} are compared alike): choose one with --baseline`,
    );
  }
  return ranked[0];
}
