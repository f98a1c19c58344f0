import type { ComparisonTable } from '../store/store.js';
import { PairIndex } from './pair-outcomes.js';

/** Win rate of each system against the baseline within each item category (ties as half), with item counts. */
export interface CategoryBreakdown {
  categories: string[];
  rows: { system: string; category: string; win_rate: number; n: number }[];
}

/**
 * Per-category win rates against a baseline: each item's outcome (its games averaged) grouped by the item's
 * category. Categories with fewer than `minItems` items for a system are left out.
 */
export function categoryBreakdown(
  t: ComparisonTable,
  baseline: string,
  categories: Map<number, string>,
  minItems = 3,
): CategoryBreakdown | null {
  const b = t.systems.indexOf(baseline);
  if (b < 0 || categories.size === 0) return null;
  const index = PairIndex.of(t);
  const rows: CategoryBreakdown['rows'] = [];
  const seen = new Set<string>();
  for (const s of index.opponents(b).keys()) {
    const o = index.outcomes(s, b);
    const acc = new Map<string, [number, number]>();
    o.item.forEach((item, i) => {
      const c = categories.get(item);
      if (c === undefined) return;
      const e = acc.get(c) ?? [0, 0];
      e[0] += o.x[i];
      e[1]++;
      acc.set(c, e);
    });
    for (const [category, [sum, n]] of acc) {
      if (n < minItems) continue;
      rows.push({ system: t.systems[s], category, win_rate: (100 * sum) / n, n });
      seen.add(category);
    }
  }
  return rows.length ? { categories: [...seen].sort(), rows } : null;
}
