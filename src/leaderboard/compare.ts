import { nameList } from '../core/name-list.js';
import { QueryError } from '../core/errors.js';
import { pairedTTest, type PairedTTest } from '../stats/paired-test.js';
import type { ComparisonTable } from '../store/store.js';
import { PairIndex } from './pair-outcomes.js';

/** The paired comparison of two systems, in win-rate points. */
export interface CompareResult extends PairedTTest {
  system_a: string;
  system_b: string;
  /** 'baseline': both judged against the same baseline on the same items; 'direct': A against B. */
  mode: 'baseline' | 'direct';
  baseline: string | null;
  win_rate_a: number;
  win_rate_b: number;
}

/**
 * Per item: the mean over its games of P(sys beats other) (both orders count once); battles without an item left out.
 */
function perItem(index: PairIndex, sys: number, other: number): Map<number, number> {
  const o = index.outcomes(sys, other);
  const out = new Map<number, number>();
  o.item.forEach((item, j) => item >= 0 && out.set(item, o.x[j]));
  return out;
}

/**
 * Paired test of two systems: against a common baseline, dᵢ = (A's − B's probability of beating the baseline on
 * item i) over the items both were judged on; directly, dᵢ = 2·P(A beats B on item i) − 1 (A's win rate minus B's).
 * Then {@link pairedTTest} (scipy.stats.ttest_rel), all in points. Without `baseline`, A against B directly when
 * they were compared, else against the system both were compared with most.
 */
export function compareSystems(
  t: ComparisonTable,
  a: string,
  b: string,
  o: { baseline?: string; bootstrap?: number; seed?: number; confidence?: number } = {},
): CompareResult {
  const idx = (name: string, what: string): number => {
    const k = t.systems.indexOf(name);
    if (k < 0)
      throw new QueryError('UNKNOWN_SYSTEM', `unknown ${what} "${name}"; systems: ${nameList([...t.systems].sort())}`);
    return k;
  };
  const [ia, ib] = [idx(a, 'system'), idx(b, 'system')];
  const index = PairIndex.of(t);
  let base = o.baseline === undefined ? -1 : idx(o.baseline, 'baseline');
  const direct = base < 0 ? perItem(index, ia, ib) : new Map<number, number>();
  if (base < 0 && direct.size < 2) {
    // the most compared common opponent of A and B
    const opsB = index.opponents(ib);
    base =
      [...index.opponents(ia)]
        .filter(([s]) => s !== ib && opsB.has(s))
        .sort((p, q) => q[1] + opsB.get(q[0])! - p[1] - opsB.get(p[0])!)[0]?.[0] ?? -1;
    if (base < 0)
      throw new QueryError(
        'UNKNOWN_SYSTEM',
        `"${a}" and "${b}" were neither compared with each other nor with a common baseline`,
      );
  }
  const scale = (r: PairedTTest): PairedTTest =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [k, ['n', 'df', 't', 'p_value'].includes(k) ? v : 100 * v]),
    ) as unknown as PairedTTest;
  if (base < 0) {
    const s = [...direct.values()];
    const r = scale(
      pairedTTest(
        s.map((x) => 2 * x - 1),
        s.map(() => 0),
        o,
      ),
    );
    const wa = (100 * s.reduce((x, y) => x + y, 0)) / s.length;
    return { ...r, system_a: a, system_b: b, mode: 'direct', baseline: null, win_rate_a: wa, win_rate_b: 100 - wa };
  }
  const xa = perItem(index, ia, base);
  const xb = perItem(index, ib, base);
  const common = [...xa.keys()].filter((k) => xb.has(k));
  if (common.length < 2)
    throw new QueryError(
      'UNKNOWN_SYSTEM',
      `"${a}" and "${b}" share fewer than 2 items judged against "${t.systems[base]}"`,
    );
  const va = common.map((k) => xa.get(k)!);
  const vb = common.map((k) => xb.get(k)!);
  const mean = (v: number[]): number => (100 * v.reduce((x, y) => x + y, 0)) / v.length;
  return {
    ...scale(pairedTTest(va, vb, o)),
    system_a: a,
    system_b: b,
    mode: 'baseline',
    baseline: t.systems[base],
    win_rate_a: mean(va),
    win_rate_b: mean(vb),
  };
}
