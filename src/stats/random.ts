/**
 * Seeded pseudo-random numbers for reproducible bootstraps: xoshiro128** (Blackman & Vigna 2018) seeded
 * through splitmix32. Same seed, same stream, on every platform.
 */
export class Rng {
  /**
   * The 128-bit state as four int32 words: in a typed array rather than four fields, whose values (beyond V8's small
   * integers) made optimised code bail out ("not a Smi") and rebuild at every new generator.
   */
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    let x = seed >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s[0] = next();
    this.s[1] = next();
    this.s[2] = next();
    this.s[3] = next();
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s[1], 5), 7), 9) >>> 0;
    const t = this.s[1] << 9;
    this.s[2] ^= this.s[0];
    this.s[3] ^= this.s[1];
    this.s[1] ^= this.s[2];
    this.s[0] ^= this.s[3];
    this.s[2] ^= t;
    this.s[3] = rotl(this.s[3], 11);
    return result;
  }

  /** Uniform float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Adds one to out[k] for each of `draws` indices k uniform over out's length. The generator runs on
   * local state in these loops: ~2–5 ns per draw instead of ~15 through method calls, which is what makes a
   * 1M-row bootstrap round cheap. (The generator step is written out in both loops on purpose: a shared helper
   * would have to keep the state in the object, which costs the speed these loops exist for.)
   */
  countUniformDraws(out: Float64Array, draws: number): void {
    let s0 = this.s[0];
    let s1 = this.s[1];
    let s2 = this.s[2];
    let s3 = this.s[3];
    const scale = out.length / 4294967296;
    for (let d = 0; d < draws; d++) {
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      out[(r * scale) | 0]++;
    }
    this.s[0] = s0;
    this.s[1] = s1;
    this.s[2] = s2;
    this.s[3] = s3;
  }

  /** As {@link countUniformDraws}, with k drawn from a Walker alias table (prob, alias) of out's length. */
  countAliasDraws(out: Float64Array, draws: number, prob: Float64Array, alias: Int32Array): void {
    let s0 = this.s[0];
    let s1 = this.s[1];
    let s2 = this.s[2];
    let s3 = this.s[3];
    const scale = out.length / 4294967296;
    for (let d = 0; d < draws; d++) {
      const m = Math.imul(s1, 5);
      const r = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const u = r * scale;
      const k = u | 0;
      // Branch-free choice between k and its alias: a mispredicted branch costs more than both loads.
      const c = +(u - k >= prob[k]);
      out[k + c * (alias[k] - k)]++;
    }
    this.s[0] = s0;
    this.s[1] = s1;
    this.s[2] = s2;
    this.s[3] = s3;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
