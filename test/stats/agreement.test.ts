import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, krippendorffAlphaNominal, verdictCategory } from '../../src/stats/agreement.js';

describe('agreement statistics', () => {
  it("Cohen's κ: perfect, chance-level and a textbook case", () => {
    expect(cohenKappa([0, 1, 2, 0], [0, 1, 2, 0])).toBe(1);
    // 2×2 textbook table: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no → κ = 0.4
    const rep = (v: number, n: number): number[] => new Array<number>(n).fill(v);
    const a = [...rep(0, 20), ...rep(0, 5), ...rep(2, 10), ...rep(2, 15)];
    const b = [...rep(0, 20), ...rep(2, 5), ...rep(0, 10), ...rep(2, 15)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
    expect(cohenKappa([0, -1], [0, 2])).toBe(1); // missing verdicts are skipped
  });

  it("Fleiss' κ on Fleiss (1971)'s worked example", () => {
    // Wikipedia's worked example: 10 subjects, 14 raters, 5 categories → κ = 0.210
    const table = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(table)).toBeCloseTo(0.20993, 4);
  });

  it("Krippendorff's α equals 1 for full agreement and handles missing values", () => {
    expect(
      krippendorffAlphaNominal([
        [0, 0],
        [1, 1],
        [2, 2, 2],
      ]),
    ).toBe(1);
    // Hand computation: units [0,0], [0,1], [1,1] → o00 = 2, o01 = o10 = 1, o11 = 2, n0 = n1 = 3, n = 6:
    // α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 5·2/18
    expect(
      krippendorffAlphaNominal([
        [0, 0],
        [0, 1],
        [1, 1],
      ]),
    ).toBeCloseTo(1 - 10 / 18, 12);
    // a missing verdict (−1) and single-verdict units change nothing
    expect(krippendorffAlphaNominal([[0, 0, -1], [0, 1], [1, 1], [2]])).toBeCloseTo(1 - 10 / 18, 12);
    expect(verdictCategory(0.5)).toBe(1);
    expect(verdictCategory(0.7)).toBe(0);
    expect(verdictCategory(Number.NaN)).toBe(-1);
  });
});
