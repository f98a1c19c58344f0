import type { ComparisonTable } from '../store/store.js';

/**
 * Per-item outcomes of one system against another, from the model's side, in row order (by seq).
 * Several games on the same item (both orders shown, repeated samples) are averaged, so an item counts
 * once: xᵢ = mean over games of P(model wins).
 */
export interface PairOutcomes {
  item: Int32Array;
  x: Float64Array;
  lenModel: Float64Array;
  lenBaseline: Float64Array;
}

/** The index of each table already indexed ({@link PairIndex.of}). */
const built = new WeakMap<ComparisonTable, PairIndex>();

/** Index of comparisons by unordered system pair, built once per table. */
export class PairIndex {
  private readonly rows = new Map<number, number[]>();
  /** Outcomes already computed, by (model · 2^20 + baseline): a board asks for each pair two or three times. */
  private readonly done = new Map<number, PairOutcomes>();

  /** The table's index, built on first use and shared (a board, its LC fits and its categories index it once). */
  static of(table: ComparisonTable): PairIndex {
    let index = built.get(table);
    if (!index) built.set(table, (index = new PairIndex(table)));
    return index;
  }

  constructor(readonly table: ComparisonTable) {
    for (let i = 0; i < table.a.length; i++) {
      const k = pairKey(table.a[i], table.b[i]);
      let list = this.rows.get(k);
      if (!list) this.rows.set(k, (list = []));
      list.push(i);
    }
  }

  /** Systems that have comparisons against `s`, with their number of comparisons. */
  opponents(s: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const [k, list] of this.rows) {
      const a = Math.floor(k / PAIR_BASE);
      const b = k % PAIR_BASE;
      if (a === s && b !== s) out.set(b, list.length);
      else if (b === s && a !== s) out.set(a, list.length);
    }
    return out;
  }

  /**
   * Outcomes of `model` against `baseline` (both indices into table.systems); empty if never compared. Computed once
   * per pair: the arrays are shared by every caller, which must not modify them.
   */
  outcomes(model: number, baseline: number): PairOutcomes {
    const key = model * PAIR_BASE + baseline;
    let o = this.done.get(key);
    if (!o) this.done.set(key, (o = this.compute(model, baseline)));
    return o;
  }

  private compute(model: number, baseline: number): PairOutcomes {
    const t = this.table;
    const list = this.rows.get(pairKey(model, baseline)) ?? [];
    const byItem = new Map<number, { sum: number; games: number; seq: number; lenM: number; lenB: number }>();
    for (const i of list) {
      const modelIsA = t.a[i] === model;
      const x = modelIsA ? t.pA[i] : 1 - t.pA[i];
      const key = t.item[i] >= 0 ? t.item[i] : -1 - i; // a battle without an item counts on its own
      const acc = byItem.get(key);
      if (acc) {
        acc.sum += x;
        acc.games++;
        acc.seq = Math.min(acc.seq, t.seq[i]);
      } else {
        byItem.set(key, {
          sum: x,
          games: 1,
          seq: t.seq[i],
          lenM: modelIsA ? t.lenA[i] : t.lenB[i],
          lenB: modelIsA ? t.lenB[i] : t.lenA[i],
        });
      }
    }
    const entries = [...byItem.entries()].sort((p, q) => p[1].seq - q[1].seq || p[0] - q[0]);
    const n = entries.length;
    const out: PairOutcomes = {
      item: new Int32Array(n),
      x: new Float64Array(n),
      lenModel: new Float64Array(n),
      lenBaseline: new Float64Array(n),
    };
    entries.forEach(([item, acc], j) => {
      out.item[j] = item;
      out.x[j] = acc.games === 1 ? acc.sum : acc.sum / acc.games;
      out.lenModel[j] = acc.lenM;
      out.lenBaseline[j] = acc.lenB;
    });
    return out;
  }
}

const PAIR_BASE = 1 << 20;

/** A numeric key of an unordered system pair (systems < 2^20). */
function pairKey(a: number, b: number): number {
  return a <= b ? a * PAIR_BASE + b : b * PAIR_BASE + a;
}
