import type { Rng } from './random.js';

/**
 * Walker–Vose alias table: draws index k with probability pₖ ∝ weightₖ in O(1) per draw
 * (Vose 1991, "A linear algorithm for generating random numbers with a given distribution").
 */
export class AliasTable {
  readonly prob: Float64Array;
  readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i];
    if (!(total > 0)) throw new RangeError('AliasTable: weights must have a positive sum');
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = Float64Array.from(weights, (w) => (w * n) / total);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[nl - 1];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = large[--nl];
    }
    while (nl > 0) this.prob[large[--nl]] = 1;
    while (ns > 0) this.prob[small[--ns]] = 1;
  }
}

/**
 * Multinomial resampler: each call draws `total` items with replacement, item k with probability
 * countₖ / Σcount, and returns how many times each was drawn. With counts = multiplicities of aggregated
 * rows this is exactly a bootstrap that resamples the underlying rows. The alias table is built once.
 */
export class MultinomialSampler {
  private readonly table: AliasTable | null;
  readonly total: number;

  constructor(readonly counts: ArrayLike<number>) {
    let total = 0;
    let uniform = true;
    for (let i = 0; i < counts.length; i++) {
      total += counts[i];
      if (counts[i] !== 1) uniform = false;
    }
    this.total = total;
    this.table = uniform ? null : new AliasTable(counts);
  }

  /** One resample into `out` (length = number of items). */
  draw(rng: Rng, out: Float64Array): Float64Array {
    out.fill(0);
    if (this.table) rng.countAliasDraws(out, this.total, this.table.prob, this.table.alias);
    else rng.countUniformDraws(out, this.total);
    return out;
  }
}
