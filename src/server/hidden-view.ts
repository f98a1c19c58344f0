import type { OutcomeCounts, Store } from '../store/store.js';

/**
 * The store as a client who may not see some judges sees it (the votes of open studies): every read that returns
 * judges' verdicts leaves the hidden judges out — comparison tables, outcome counts, verdicts, grades, browsing,
 * judge lists, stats — so that every leaderboard method, page and error message built on it is blind by construction:
 * one rule in one place, not a check per route. Writes and everything else pass through.
 */
export function hiddenView<S extends Store>(store: S, hidden: ReadonlySet<string>): S {
  if (hidden.size === 0) return store;
  const visible = (names: string[]): string[] => names.filter((n) => !hidden.has(n));
  const reads: Partial<Store> = {
    judgeNames: async () => visible(await store.judgeNames()),
    stats: async () => {
      const s = await store.stats();
      return { ...s, judges: visible(s.judges) };
    },
    comparisonTable: async (f = {}) => {
      const judges =
        f.judge !== undefined && hidden.has(f.judge) ? [] : visible(f.judges ?? (await store.judgeNames()));
      const t = await store.comparisonTable({ ...f, judges });
      if (!t.judges.some((j) => hidden.has(j))) return t;
      // the rows are all visible; the list of names is renumbered so that no hidden name is in it
      const names = visible(t.judges);
      const index = t.judges.map((j) => names.indexOf(j));
      return { ...t, judges: names, judge: t.judge.map((j) => index[j]) };
    },
    outcomeCounts: async (f) => withoutHidden(await store.outcomeCounts(f), hidden),
    verdicts: async (f) =>
      f?.judge !== undefined && hidden.has(f.judge)
        ? []
        : (await store.verdicts(f)).filter((v) => !hidden.has(v.judge)),
    grades: async (f) =>
      f?.judge !== undefined && hidden.has(f.judge) ? [] : (await store.grades(f)).filter((g) => !hidden.has(g.judge)),
    listComparisons: (q) =>
      q.judge !== undefined && hidden.has(q.judge)
        ? Promise.resolve({ total: 0, rows: [] })
        : store.listComparisons({ ...q, excludeJudges: [...new Set([...(q.excludeJudges ?? []), ...hidden])] }),
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && prop in reads) return reads[prop as keyof Store];
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Outcome counts without the rows of hidden judges, nor their names (the visible judges renumbered). */
function withoutHidden(o: OutcomeCounts, hidden: ReadonlySet<string>): OutcomeCounts {
  if (!o.judges.some((j) => hidden.has(j))) return o;
  const judges = o.judges.filter((j) => !hidden.has(j));
  const index = o.judges.map((j) => judges.indexOf(j)); // -1 for a hidden judge
  const keep: number[] = [];
  for (let i = 0; i < o.judge.length; i++) if (index[o.judge[i]] >= 0) keep.push(i);
  const pick = <T extends Int32Array | Float64Array | Uint8Array>(a: T, out: T): T => {
    keep.forEach((k, j) => (out[j] = a[k]));
    return out;
  };
  return {
    systems: o.systems,
    judges,
    judge: Int32Array.from(keep, (k) => index[o.judge[k]]),
    a: pick(o.a, new Int32Array(keep.length)),
    b: pick(o.b, new Int32Array(keep.length)),
    pA: pick(o.pA, new Float64Array(keep.length)),
    strong: pick(o.strong, new Uint8Array(keep.length)),
    count: pick(o.count, new Float64Array(keep.length)),
  };
}
