import { describe, expect, it } from 'vitest';
import { levelAtHalf, likelihoodOfSuperiority } from '../../src/stats/games.js';

describe('game statistics against scipy', () => {
  it('LOS = Φ((μ − ½)/(σ/√n)), σ the population sd (scipy.stats.norm.cdf on numpy’s std(ddof=0))', () => {
    expect(likelihoodOfSuperiority([1, 1, 0, 0.5, 1, 0.5, 0])).toBeCloseTo(0.6749929515158084, 12);
    // no variance: certain either way, or undecided at exactly ½
    expect(likelihoodOfSuperiority([1, 1])).toBe(1);
    expect(likelihoodOfSuperiority([0, 0, 0])).toBe(0);
    expect(likelihoodOfSuperiority([0.5, 0.5])).toBe(0.5);
    expect(likelihoodOfSuperiority([0.75, 0.75])).toBe(1);
  });

  it('the level at 50%: soft-label logistic regression and its delta-method CI (scipy BFGS fit, numpy algebra)', () => {
    const levels = [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 5, 5];
    const scores = [1, 1, 1, 0.5, 1, 0, 0.5, 1, 0, 0, 0.5, 1, 0, 0];
    const r = levelAtHalf(levels, scores)!;
    expect(r.level).toBeCloseTo(2.4686326475523335, 6);
    expect(r.ci_low).toBeCloseTo(1.4789842880452388, 6);
    expect(r.ci_high).toBeCloseTo(3.458281007059428, 6);
    expect(r.slope).toBeCloseTo(-1.3414584795751068, 6);
    // a 90% interval is narrower by 1.6449/1.96
    const n90 = levelAtHalf(levels, scores, 0.9)!;
    expect((n90.ci_high - n90.ci_low) / (r.ci_high - r.ci_low)).toBeCloseTo(1.6448536269514722 / 1.959963984540054, 9);
    // scores that rise with the level, one level only, or a constant score: no level at which the player falls to ½
    expect(levelAtHalf([1, 2, 3, 4], [0, 0.5, 0.5, 1])).toBeNull();
    expect(levelAtHalf([2, 2, 2], [1, 0, 1])).toBeNull();
  });
});
