import type { PairCells } from './pairwise-data.js';
import type { StyleData } from './style-control.js';

/**
 * The comparisons of a style-controlled fit regrouped by ordered pair (a, b), each column copied in that order: a
 * Newton pass then sums each run in registers and touches the per-system accumulators once per run instead of once
 * per comparison, and reads every column front to back. Built by a counting sort (linear time); comparisons without
 * a pair cell (a system against itself) are left out, as the fit ignores them.
 */
export interface StyleRuns {
  /** Position in the runs → index of the comparison in the original data. */
  order: Int32Array;
  /** Run r covers positions [start[r], start[r + 1]). */
  start: Int32Array;
  runA: Int32Array;
  runB: Int32Array;
  runCell: Int32Array;
  y: Float64Array;
  w: Float64Array;
  features: Float64Array[];
}

/** Groups the comparisons of `d` by ordered pair (see {@link StyleRuns}). */
export function styleRuns(d: StyleData, cells: PairCells): StyleRuns {
  const keys = cells.i.length * 2;
  const count = new Int32Array(keys + 1);
  const n = d.a.length;
  const key = (k: number): number => cells.cellOf[k] * 2 + (cells.aIsI[k] ? 0 : 1);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    if (cells.cellOf[k] < 0) continue;
    count[key(k) + 1]++;
    kept++;
  }
  for (let c = 0; c < keys; c++) count[c + 1] += count[c];
  const pos = count.slice(0, keys);
  const order = new Int32Array(kept);
  for (let k = 0; k < n; k++) if (cells.cellOf[k] >= 0) order[pos[key(k)]++] = k;
  const starts: number[] = [];
  const runA: number[] = [];
  const runB: number[] = [];
  const runCell: number[] = [];
  for (let c = 0; c < keys; c++) {
    if (count[c + 1] === count[c]) continue;
    const first = order[count[c]];
    starts.push(count[c]);
    runA.push(d.a[first]);
    runB.push(d.b[first]);
    runCell.push(c >> 1);
  }
  starts.push(kept);
  return {
    order,
    start: Int32Array.from(starts),
    runA: Int32Array.from(runA),
    runB: Int32Array.from(runB),
    runCell: Int32Array.from(runCell),
    y: gather(d.y, order),
    w: gather(d.w, order),
    features: d.features.map((f) => gather(f, order)),
  };
}

/** x in the runs' order (e.g. bootstrap multiplicities drawn per original comparison). */
export function gather(x: ArrayLike<number>, order: Int32Array, out = new Float64Array(order.length)): Float64Array {
  for (let p = 0; p < order.length; p++) out[p] = x[order[p]];
  return out;
}
