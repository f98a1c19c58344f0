import type { PairCells } from './pairwise-data.js';
import type { StyleRuns } from './style-runs.js';

/**
 * One pass of the style-controlled Bradley–Terry Newton method over the comparisons grouped by ordered pair
 * (style-runs.ts): the penalised objective and its gradient and Hessian pieces (θθ per pair, θγ per system, γγ).
 * The four-feature case is unrolled.
 */
/** Gradient and Hessian accumulators of one pass. */
export class Work {
  readonly g: Float64Array;
  readonly cellH: Float64Array;
  readonly diag: Float64Array;
  readonly tg: Float64Array;
  readonly gg: Float64Array;

  constructor(
    readonly S: number,
    readonly K: number,
    cells: number,
  ) {
    this.g = new Float64Array(S + K);
    this.cellH = new Float64Array(cells);
    this.diag = new Float64Array(S);
    this.tg = new Float64Array(S * K);
    this.gg = new Float64Array(K * K);
  }

  reset(): void {
    this.g.fill(0);
    this.cellH.fill(0);
    this.diag.fill(0);
    this.tg.fill(0);
    this.gg.fill(0);
  }

  copyFrom(o: Work): void {
    this.g.set(o.g);
    this.cellH.set(o.cellH);
    this.diag.set(o.diag);
    this.tg.set(o.tg);
    this.gg.set(o.gg);
  }

  hessian(cells: PairCells, ridge: number): Float64Array {
    const { S, K } = this;
    const P = S + K;
    const H = new Float64Array(P * P);
    for (let s = 0; s < S; s++) H[s * P + s] = this.diag[s] + ridge;
    for (let c = 0; c < cells.i.length; c++) {
      const i = cells.i[c];
      const j = cells.j[c];
      H[i * P + j] -= this.cellH[c];
      H[j * P + i] -= this.cellH[c];
    }
    for (let s = 0; s < S; s++) {
      for (let k = 0; k < K; k++) {
        H[s * P + S + k] = this.tg[s * K + k];
        H[(S + k) * P + s] = this.tg[s * K + k];
      }
    }
    for (let k = 0; k < K; k++) {
      for (let l = 0; l < K; l++) H[(S + k) * P + S + l] = this.gg[k * K + l] + (k === l ? ridge : 0);
    }
    return H;
  }
}

/**
 * One pass over the runs at `beta`: fills `w` (gradient with the ridge, Hessian pieces) and returns the penalised
 * objective. `mult` are bootstrap multiplicities in the runs' order (omitted = 1).
 */
export function evaluate(
  r: StyleRuns,
  beta: Float64Array,
  ridge: number,
  mult: Float64Array | undefined,
  w: Work,
  at?: RowTerms,
): number {
  w.reset();
  return finish(w.K === 4 ? evaluate4(r, beta, mult, w, at) : evaluateK(r, beta, mult, w), beta, ridge, w);
}

/**
 * Per-comparison terms at one β (in the runs' order): P(a wins) and the unweighted loss. They do not depend on the
 * weights, so a bootstrap round's first pass at the shared warm start reuses them: sums without an exponential.
 */
export interface RowTerms {
  beta: Float64Array;
  p: Float64Array;
  loss: Float64Array;
}

/** The {@link RowTerms} of every comparison at `beta`. */
export function rowTerms(r: StyleRuns, beta: Float64Array, S: number): RowTerms {
  const K = r.features.length;
  const n = r.y.length;
  const p = new Float64Array(n);
  const loss = new Float64Array(n);
  for (let q = 0; q + 1 < r.start.length; q++) {
    const d = beta[r.runA[q]] - beta[r.runB[q]];
    for (let i = r.start[q]; i < r.start[q + 1]; i++) {
      let z = d;
      for (let k = 0; k < K; k++) z += beta[S + k] * r.features[k][i];
      const e = Math.exp(-Math.abs(z));
      const inv = 1 / (1 + e); // as evaluate4 computes it, to the last bit
      p[i] = z >= 0 ? inv : e * inv;
      loss[i] = (z > 0 ? z : 0) + Math.log1p(e) - r.y[i] * z;
    }
  }
  return { beta: Float64Array.from(beta), p, loss };
}

/** The pass for any number of style features. */
function evaluateK(r: StyleRuns, beta: Float64Array, mult: Float64Array | undefined, w: Work): number {
  const { S, K, g, cellH, diag, tg, gg } = w;
  const F = r.features;
  let loss = 0;
  const fk = new Float64Array(K);
  const t = new Float64Array(K);
  const gk = new Float64Array(K);
  for (let q = 0; q + 1 < r.start.length; q++) {
    const a = r.runA[q];
    const b = r.runB[q];
    const d = beta[a] - beta[b];
    let R = 0;
    let Hs = 0;
    t.fill(0);
    for (let i = r.start[q]; i < r.start[q + 1]; i++) {
      const wi = mult === undefined ? r.w[i] : r.w[i] * mult[i];
      if (wi === 0) continue;
      let z = d;
      for (let k = 0; k < K; k++) {
        fk[k] = F[k][i];
        z += beta[S + k] * fk[k];
      }
      const e = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const y = r.y[i];
      loss += wi * ((z > 0 ? z : 0) + Math.log1p(e) - y * z);
      const res = wi * (p - y);
      const h = wi * p * (1 - p);
      R += res;
      Hs += h;
      for (let k = 0; k < K; k++) {
        gk[k] += res * fk[k];
        const hk = h * fk[k];
        t[k] += hk;
        for (let l = 0; l <= k; l++) gg[k * K + l] += hk * fk[l];
      }
    }
    g[a] += R;
    g[b] -= R;
    diag[a] += Hs;
    diag[b] += Hs;
    cellH[r.runCell[q]] += Hs;
    for (let k = 0; k < K; k++) {
      tg[a * K + k] += t[k];
      tg[b * K + k] -= t[k];
    }
  }
  for (let k = 0; k < K; k++) g[S + k] += gk[k];
  return loss;
}

/** Adds the ridge to the gradient, symmetrises the γγ block and returns the penalised objective. */
function finish(loss: number, beta: Float64Array, ridge: number, w: Work): number {
  const { S, K, g, gg } = w;
  for (let k = 0; k < K; k++) for (let l = 0; l < k; l++) gg[l * K + k] = gg[k * K + l];
  let reg = 0;
  for (let p = 0; p < S + K; p++) {
    g[p] += ridge * beta[p];
    reg += beta[p] * beta[p];
  }
  return loss + 0.5 * ridge * reg;
}

/** {@link evaluateK} unrolled for the four standard style features (≈3× faster). */
function evaluate4(r: StyleRuns, beta: Float64Array, mult: Float64Array | undefined, w: Work, at?: RowTerms): number {
  const S = w.S;
  const { g, cellH, diag, tg, gg } = w;
  const [F0, F1, F2, F3] = r.features;
  const { y: Y, w: W, start, runA, runB, runCell } = r;
  const c0 = beta[S];
  const c1 = beta[S + 1];
  const c2 = beta[S + 2];
  const c3 = beta[S + 3];
  let loss = 0;
  let g0 = 0,
    g1 = 0,
    g2 = 0,
    g3 = 0;
  let h00 = 0,
    h10 = 0,
    h11 = 0,
    h20 = 0,
    h21 = 0,
    h22 = 0,
    h30 = 0,
    h31 = 0,
    h32 = 0,
    h33 = 0;
  for (let q = 0; q + 1 < start.length; q++) {
    const a = runA[q];
    const b = runB[q];
    const d = beta[a] - beta[b];
    let R = 0,
      Hs = 0,
      t0 = 0,
      t1 = 0,
      t2 = 0,
      t3 = 0;
    const end = start[q + 1];
    for (let i = start[q]; i < end; i++) {
      const wi = mult === undefined ? W[i] : W[i] * mult[i];
      if (wi === 0) continue;
      const f0 = F0[i];
      const f1 = F1[i];
      const f2 = F2[i];
      const f3 = F3[i];
      let p: number;
      if (at === undefined) {
        const z = d + c0 * f0 + c1 * f1 + c2 * f2 + c3 * f3;
        const e = Math.exp(-Math.abs(z));
        const inv = 1 / (1 + e);
        p = z >= 0 ? inv : e * inv;
        loss += wi * ((z > 0 ? z : 0) + Math.log1p(e) - Y[i] * z);
      } else {
        p = at.p[i];
        loss += wi * at.loss[i];
      }
      const y = Y[i];
      const res = wi * (p - y);
      const h = wi * p * (1 - p);
      R += res;
      Hs += h;
      const hf0 = h * f0;
      const hf1 = h * f1;
      const hf2 = h * f2;
      const hf3 = h * f3;
      t0 += hf0;
      t1 += hf1;
      t2 += hf2;
      t3 += hf3;
      g0 += res * f0;
      g1 += res * f1;
      g2 += res * f2;
      g3 += res * f3;
      h00 += hf0 * f0;
      h10 += hf1 * f0;
      h11 += hf1 * f1;
      h20 += hf2 * f0;
      h21 += hf2 * f1;
      h22 += hf2 * f2;
      h30 += hf3 * f0;
      h31 += hf3 * f1;
      h32 += hf3 * f2;
      h33 += hf3 * f3;
    }
    g[a] += R;
    g[b] -= R;
    diag[a] += Hs;
    diag[b] += Hs;
    cellH[runCell[q]] += Hs;
    const ta = a * 4;
    const tb = b * 4;
    tg[ta] += t0;
    tg[ta + 1] += t1;
    tg[ta + 2] += t2;
    tg[ta + 3] += t3;
    tg[tb] -= t0;
    tg[tb + 1] -= t1;
    tg[tb + 2] -= t2;
    tg[tb + 3] -= t3;
  }
  g[S] += g0;
  g[S + 1] += g1;
  g[S + 2] += g2;
  g[S + 3] += g3;
  gg[0] = h00;
  gg[4] = h10;
  gg[5] = h11;
  gg[8] = h20;
  gg[9] = h21;
  gg[10] = h22;
  gg[12] = h30;
  gg[13] = h31;
  gg[14] = h32;
  gg[15] = h33;
  return loss;
}
