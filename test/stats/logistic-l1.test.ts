import { describe, expect, it } from 'vitest';
import { sigmoid, softplus } from '../../src/stats/descriptive.js';
import { fitL1Logistic } from '../../src/stats/logistic-l1.js';
import { groupKFold } from '../../src/stats/cross-validation.js';
import { Rng } from '../../src/stats/random.js';

function synthetic(n: number, beta: number[], seed: number) {
  const rng = new Rng(seed);
  const features = beta.map(() => new Float64Array(n));
  const label = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    beta.forEach((b, a) => {
      features[a][i] = a === beta.length - 1 ? 1 : rng.next() * 4 - 2;
      z += b * features[a][i];
    });
    label[i] = sigmoid(z);
  }
  return { features, label, weight: new Float64Array(n).fill(1) };
}

describe('L1-penalised soft-label logistic regression', () => {
  it('gives bit for bit the same path of C when a fit reuses the last pass of the one before (3 and 4 features)', () => {
    for (const beta of [
      [1.5, -0.7, 0.3],
      [0.8, 0, -1.2, 0.4],
    ]) {
      const data = synthetic(1500, beta, 3);
      const rows = Int32Array.from({ length: 1200 }, (_, i) => i);
      let plain: Float64Array = new Float64Array(beta.length);
      let reused: Float64Array = new Float64Array(beta.length);
      const sums = {};
      for (let k = 0; k < 10; k++) {
        const C = 10 ** (-4 + (8 * k) / 9);
        plain = fitL1Logistic(data, C, { rows, start: plain });
        reused = fitL1Logistic(data, C, { rows, start: reused, sums });
        expect(Array.from(reused)).toEqual(Array.from(plain));
      }
      expect(plain.some((b) => b !== 0)).toBe(true);
    }
  });

  it('ends a fit with an unevaluated step below finalStep and still meets the optimality conditions', () => {
    const data = synthetic(1500, [1.2, -0.5, 0.2], 5);
    const rows = Int32Array.from({ length: 1200 }, (_, i) => i);
    const sums: { at?: Float64Array; raw?: Float64Array } = {};
    let evaluated = 0;
    for (let k = 0; k < 10; k++) {
      const C = 10 ** (-4 + (8 * k) / 9);
      const b = fitL1Logistic(data, C, { rows, start: sums.at ?? new Float64Array(3), sums, finalStep: 1e-5 });
      if (sums.at!.some((v, a) => v !== b[a])) evaluated++; // the returned point is past the last evaluated one
      for (let a = 0; a < 3; a++) {
        let g = 0;
        for (const i of rows) {
          const z = b[0] * data.features[0][i] + b[1] * data.features[1][i] + b[2] * data.features[2][i];
          g += C * (sigmoid(z) - data.label[i]) * data.features[a][i];
        }
        if (b[a] === 0) expect(Math.abs(g)).toBeLessThanOrEqual(1 + 1e-9);
        // the mean gradient of the loss per row: β is then within ~1e-11 of the optimum
        else expect(Math.abs(g + Math.sign(b[a])) / (C * rows.length)).toBeLessThan(1e-11);
      }
    }
    expect(evaluated).toBeGreaterThan(3); // the shortcut was taken, so the test checks it
  });

  it('recovers the generating coefficients when the penalty is negligible', () => {
    const data = synthetic(2000, [1.5, -0.7, 0.3], 1);
    const b = fitL1Logistic(data, 1e6);
    expect(b[0]).toBeCloseTo(1.5, 4);
    expect(b[1]).toBeCloseTo(-0.7, 4);
    expect(b[2]).toBeCloseTo(0.3, 4);
  });

  it('satisfies the L1 optimality conditions (subgradient contains zero)', () => {
    const data = synthetic(500, [0.8, 0.05, -0.4], 2);
    const C = 0.02;
    const b = fitL1Logistic(data, C);
    for (let a = 0; a < 3; a++) {
      let g = 0;
      for (let i = 0; i < 500; i++) {
        const z = b[0] * data.features[0][i] + b[1] * data.features[1][i] + b[2] * data.features[2][i];
        g += C * (sigmoid(z) - data.label[i]) * data.features[a][i];
      }
      if (b[a] === 0) expect(Math.abs(g)).toBeLessThanOrEqual(1 + 1e-7);
      else expect(g + Math.sign(b[a])).toBeCloseTo(0, 6);
    }
    expect(b.some((v) => v === 0)).toBe(true);
  });

  it('is all zeros for a tiny C and honours sample weights like duplicated rows', () => {
    const data = synthetic(300, [1, 1], 3);
    expect(Array.from(fitL1Logistic(data, 1e-6))).toEqual([0, 0]);
    const doubled = { ...data, weight: new Float64Array(300).fill(2) };
    const dup = {
      features: data.features.map((f) => Float64Array.from([...f, ...f])),
      label: Float64Array.from([...data.label, ...data.label]),
      weight: new Float64Array(600).fill(1),
    };
    const a = fitL1Logistic(doubled, 0.5);
    const c = fitL1Logistic(dup, 0.5);
    expect(a[0]).toBeCloseTo(c[0], 8);
    expect(a[1]).toBeCloseTo(c[1], 8);
  });

  it('softplus is stable at extremes', () => {
    expect(softplus(800)).toBe(800);
    expect(softplus(-800)).toBe(0);
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
  });
});

describe('group k-fold', () => {
  it('keeps groups together and balances fold sizes', () => {
    const group = Int32Array.from({ length: 1000 }, (_, i) => i % 250);
    const fold = groupKFold(group, 5);
    const foldOf = new Map<number, number>();
    group.forEach((g, i) => {
      if (foldOf.has(g)) expect(fold[i]).toBe(foldOf.get(g));
      foldOf.set(g, fold[i]);
    });
    const sizes = [0, 0, 0, 0, 0];
    fold.forEach((f) => sizes[f]++);
    expect(sizes).toEqual([200, 200, 200, 200, 200]);
  });
});
