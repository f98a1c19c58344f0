import type { Comparison, ResponseStyle } from '../core/model.js';

/**
 * Comparisons in columns: what a streamed battles reader hands the store instead of an object per row (a million
 * battles as a few typed arrays). Every row has status ok, no presentation order and no judging metadata; names,
 * labels and item keys are stored once and referenced by index.
 */
export interface ComparisonColumns {
  length: number;
  dataset: string;
  /** The file the rows came from, its content hash (with seq, a battle's identity when it has no item). */
  source: string;
  sourceHash: string;
  /** System and judge names, referenced by `a`, `b` and `judge`. */
  names: string[];
  a: Int32Array;
  b: Int32Array;
  judge: Int32Array;
  /** Index into `itemKeys`, −1 for a battle without an item. */
  item: Int32Array;
  itemKeys: string[];
  sample: Int32Array;
  pA: Float64Array;
  /** Index into `labels`. */
  label: Int32Array;
  labels: string[];
  seq: Float64Array;
  /** Eight values per row (tokens, headers, lists, bolds of A, then of B), NaN where the row has none. */
  style: Float64Array;
  /** The 1-based line of each row in `source`. */
  line: Int32Array;
}

/** The style counts of each side, in the order of `style`'s four values. */
export const STYLE_COUNTS = ['tokens', 'headers', 'lists', 'bolds'] as const;

/** Row i of the columns as a {@link Comparison} (for backends without a columnar path, and for error messages). */
export function comparisonAt(c: ComparisonColumns, i: number): Comparison {
  const style = (side: 0 | 1): ResponseStyle | null => {
    const o = i * 8 + side * 4;
    if (Number.isNaN(c.style[o])) return null;
    return { tokens: c.style[o], headers: c.style[o + 1], lists: c.style[o + 2], bolds: c.style[o + 3] };
  };
  const item = c.item[i];
  return {
    dataset: c.dataset,
    itemKey: item < 0 ? null : c.itemKeys[item],
    systemA: c.names[c.a[i]],
    systemB: c.names[c.b[i]],
    judge: c.names[c.judge[i]],
    shownFirst: null,
    sample: c.sample[i],
    status: 'ok',
    pA: c.pA[i],
    label: c.labels[c.label[i]],
    seq: c.seq[i],
    source: c.source,
    sourceHash: item < 0 ? c.sourceHash : null,
    styleA: style(0),
    styleB: style(1),
    origin: { file: c.source, row: c.line[i] },
  };
}

/** Every row as a {@link Comparison}. */
export function comparisonsOf(c: ComparisonColumns): Comparison[] {
  return Array.from({ length: c.length }, (_, i) => comparisonAt(c, i));
}
