import type { PairCounts } from './pairwise-data.js';

/**
 * Ridge λ of the weak prior used when the data are separated: θ ~ N(0, 1/λ) with 1/√λ = 2.5 log-odds (≈ 434 Elo),
 * so a system that never loses gets a large but finite rating, inside its own bootstrap interval.
 */
export const SEPARATION_RIDGE = 1 / 2.5 ** 2;

/**
 * Whether Bradley–Terry's maximum-likelihood ratings exist (Zermelo 1929; Ford 1957): they do exactly when the
 * "has won against" graph of the systems in play is strongly connected — every system both won (some of a tie
 * counts) against and lost to a path of others. Otherwise some ratings are infinite (a system that wins every
 * comparison, or a group that never loses to the rest). Returns the systems outside the largest strongly connected
 * component of their group (Tarjan's algorithm; groups that never met, {@link playedGroups}, are judged each on its
 * own), empty when the ratings exist.
 */
export function separatedSystems(counts: PairCounts, used: ArrayLike<number>): number[] {
  const n = counts.nSystems;
  const out: number[][] = Array.from({ length: n }, () => []);
  for (let c = 0; c < counts.i.length; c++) {
    if (counts.total[c] <= 0) continue;
    const i = counts.i[c];
    const j = counts.j[c];
    if (counts.winsI[c] > 0) out[i].push(j);
    if (counts.total[c] - counts.winsI[c] > 0) out[j].push(i);
  }
  const comp = strongComponents(out, used);
  const played = Uint8Array.from(counts.total, (t) => (t > 0 ? 1 : 0));
  const { group } = playedGroups(
    n,
    counts.i.filter((_, c) => played[c]),
    counts.j.filter((_, c) => played[c]),
    used,
  );
  // per group, its largest strongly connected component (ties: the lowest component id)
  const size = new Map<number, number>();
  for (let s = 0; s < n; s++) if (used[s]) size.set(comp[s], (size.get(comp[s]) ?? 0) + 1);
  const main = new Map<number, number>();
  for (let s = 0; s < n; s++) {
    if (!used[s]) continue;
    const m = main.get(group[s]);
    const better =
      m === undefined || size.get(comp[s])! > size.get(m)! || (size.get(comp[s]) === size.get(m) && comp[s] < m);
    if (better) main.set(group[s], comp[s]);
  }
  return Array.from({ length: n }, (_, s) => s).filter((s) => used[s] && comp[s] !== main.get(group[s]));
}

/** Strongly connected component id of every node reachable in `used` (iterative Tarjan). */
function strongComponents(out: number[][], used: ArrayLike<number>): Int32Array {
  const n = out.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  let next = 0;
  let comps = 0;
  for (let root = 0; root < n; root++) {
    if (!used[root] || index[root] >= 0) continue;
    const work: [number, number][] = [[root, 0]];
    index[root] = low[root] = next++;
    stack.push(root);
    onStack[root] = 1;
    while (work.length) {
      const top = work[work.length - 1];
      const v = top[0];
      if (top[1] < out[v].length) {
        const w = out[v][top[1]++];
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          stack.push(w);
          onStack[w] = 1;
          work.push([w, 0]);
        } else if (onStack[w]) low[v] = Math.min(low[v], index[w]);
        continue;
      }
      work.pop();
      if (work.length) low[work[work.length - 1][0]] = Math.min(low[work[work.length - 1][0]], low[v]);
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          comp[w] = comps;
        } while (w !== v);
        comps++;
      }
    }
  }
  return comp;
}

/**
 * The groups of systems connected by comparisons (weakly connected components of the "played against" graph,
 * union–find): systems of different groups never met, directly or through others, so Bradley–Terry puts no
 * constraint on how their ratings compare. Group ids are 0, 1, … by decreasing size (ties: lowest system first); −1
 * for systems not in `used`.
 */
export function playedGroups(nSystems: number, a: ArrayLike<number>, b: ArrayLike<number>, used: ArrayLike<number>) {
  const parent = Int32Array.from({ length: nSystems }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  for (let i = 0; i < a.length; i++) {
    const [p, q] = [find(a[i]), find(b[i])];
    if (p !== q) parent[Math.max(p, q)] = Math.min(p, q);
  }
  const members = new Map<number, number[]>();
  for (let s = 0; s < nSystems; s++) {
    if (!used[s]) continue;
    const r = find(s);
    const m = members.get(r);
    if (m) m.push(s);
    else members.set(r, [s]);
  }
  const order = [...members.values()].sort((p, q) => q.length - p.length || p[0] - q[0]);
  const group = new Int32Array(nSystems).fill(-1);
  order.forEach((m, g) => m.forEach((s) => (group[s] = g)));
  return { group, count: order.length };
}
