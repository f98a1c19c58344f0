/**
 * Pairwise outcomes for rating methods: comparison i is system a[i] against b[i] with y[i] = P(a wins)
 * (1, ½ for a tie, 0; fractional allowed) and weight w[i] (e.g. 3 for an Arena-Hard strong verdict).
 */
export interface PairwiseData {
  nSystems: number;
  a: Int32Array;
  b: Int32Array;
  y: Float64Array;
  w: Float64Array;
}

/** Per unordered pair (i < j): total weight and weighted wins of i. The sufficient statistics of Bradley–Terry. */
export interface PairCounts {
  nSystems: number;
  i: Int32Array;
  j: Int32Array;
  /** Σ w over comparisons of the pair. */
  total: Float64Array;
  /** Σ w·P(i wins). */
  winsI: Float64Array;
}

/** Cell index of every comparison (its unordered pair), and the pair list: computed once, reused by bootstraps. */
export interface PairCells {
  cellOf: Int32Array;
  /** 1 when the comparison's a is the pair's i (a < b), else 0. */
  aIsI: Uint8Array;
  i: Int32Array;
  j: Int32Array;
}

/** Groups comparisons by unordered pair (self-pairs are dropped: cellOf = −1). */
export function pairCells(d: PairwiseData): PairCells {
  const n = d.nSystems;
  const index = new Map<number, number>();
  const cellOf = new Int32Array(d.a.length);
  const aIsI = new Uint8Array(d.a.length);
  const is: number[] = [];
  const js: number[] = [];
  for (let k = 0; k < d.a.length; k++) {
    const a = d.a[k];
    const b = d.b[k];
    if (a === b) {
      cellOf[k] = -1;
      continue;
    }
    const lo = a < b ? a : b;
    const hi = a < b ? b : a;
    const key = lo * n + hi;
    let c = index.get(key);
    if (c === undefined) {
      c = is.length;
      index.set(key, c);
      is.push(lo);
      js.push(hi);
    }
    cellOf[k] = c;
    aIsI[k] = a < b ? 1 : 0;
  }
  return { cellOf, aIsI, i: Int32Array.from(is), j: Int32Array.from(js) };
}

/**
 * Aggregates comparisons into pair counts, each comparison weighted by w[k]·mult[k] (mult: bootstrap
 * multiplicities; omitted = 1).
 */
export function pairCounts(d: PairwiseData, cells: PairCells, mult?: Float64Array | Int32Array): PairCounts {
  const m = cells.i.length;
  const total = new Float64Array(m);
  const winsI = new Float64Array(m);
  for (let k = 0; k < d.a.length; k++) {
    const c = cells.cellOf[k];
    if (c < 0) continue;
    const w = mult ? d.w[k] * mult[k] : d.w[k];
    if (w === 0) continue;
    total[c] += w;
    winsI[c] += w * (cells.aIsI[k] ? d.y[k] : 1 - d.y[k]);
  }
  return { nSystems: d.nSystems, i: cells.i, j: cells.j, total, winsI };
}

/**
 * Aggregated outcomes with each pair in one orientation: (a, b, y) with a > b becomes (b, a, 1 − y), and rows
 * that then agree in (a, b, y, w) are merged, their counts summed. Bradley–Terry sees the same likelihood, and a
 * multinomial over the merged cells is the same bootstrap with half as many cells to draw.
 */
export function mergeOrientations(d: PairwiseData, counts: Float64Array): { data: PairwiseData; counts: Float64Array } {
  const n = d.a.length;
  // Merged cells of one pair are chained from first[pair] through next[]: a pair holds a handful of (y, w) outcomes.
  const first = new Map<number, number>();
  const next = new Int32Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const y = new Float64Array(n);
  const w = new Float64Array(n);
  const c = new Float64Array(n);
  let m = 0;
  for (let k = 0; k < n; k++) {
    if (counts[k] === 0) continue;
    const flip = d.a[k] > d.b[k];
    const i = flip ? d.b[k] : d.a[k];
    const j = flip ? d.a[k] : d.b[k];
    const yk = flip ? 1 - d.y[k] : d.y[k];
    const key = i * d.nSystems + j;
    let at = first.get(key) ?? -1;
    while (at >= 0 && !(y[at] === yk && w[at] === d.w[k])) at = next[at];
    if (at >= 0) {
      c[at] += counts[k];
      continue;
    }
    next[m] = first.get(key) ?? -1;
    first.set(key, m);
    a[m] = i;
    b[m] = j;
    y[m] = yk;
    w[m] = d.w[k];
    c[m] = counts[k];
    m++;
  }
  return {
    data: { nSystems: d.nSystems, a: a.slice(0, m), b: b.slice(0, m), y: y.slice(0, m), w: w.slice(0, m) },
    counts: c.slice(0, m),
  };
}
