import { QueryError } from '../core/errors.js';

/**
 * The baseline of a win-rate leaderboard when none is given or recorded: the system compared with the most others;
 * among equals, the one in the most comparisons; then the one shown as system A most often (AlpacaEval and
 * Arena-Hard files put the baseline first). Still tied — two systems met only each other, on random sides — is an
 * error naming them, rather than an alphabetical pick that would label the leaderboard at random.
 */
export function defaultBaseline(t: { systems: string[]; a: ArrayLike<number>; b: ArrayLike<number> }): number {
  const opponents = new Map<number, Set<number>>();
  const comparisons = new Map<number, number>();
  const asA = new Map<number, number>();
  for (let i = 0; i < t.a.length; i++) {
    const [a, b] = [t.a[i], t.b[i]];
    if (a === b) continue;
    for (const [s, o] of [[a, b], [b, a]]) {
      if (!opponents.has(s)) opponents.set(s, new Set());
      opponents.get(s)!.add(o);
      comparisons.set(s, (comparisons.get(s) ?? 0) + 1);
    }
    asA.set(a, (asA.get(a) ?? 0) + 1);
  }
  const key = (s: number): number[] => [opponents.get(s)!.size, comparisons.get(s)!, asA.get(s) ?? 0];
  const ranked = [...opponents.keys()].sort((p, q) => {
    const [kp, kq] = [key(p), key(q)];
    return kq[0] - kp[0] || kq[1] - kp[1] || kq[2] - kp[2];
  });
  if (ranked.length === 0) throw new QueryError('EMPTY_STORE', 'no comparisons between two different systems');
  const tied = ranked.filter((s) => key(s).join() === key(ranked[0]).join());
  if (tied.length > 1) {
    throw new QueryError('UNKNOWN_SYSTEM', `no system stands out as the baseline (${tied.map((s) => t.systems[s]).sort().join(', ')} are compared alike): choose one with --baseline`);
  }
  return ranked[0];
}
