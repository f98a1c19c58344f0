import { describe, expect, it } from 'vitest';
import { budgetRaise, judgingOutcome, summaryLine, withMaxCost } from '../../src/cli/judge-outcome.js';
import type { RunProgress } from '../../src/judges/run.js';
import { laplaceVariances } from '../../src/stats/bradley-terry-laplace.js';
import { lengthBias } from '../../src/stats/judge-bias.js';
import { gradeScoreInterval } from '../../src/stats/wildbench.js';

describe('values of the changed statistics, from outside winrate', () => {
  it('WB-Score interval of scores 1, 10, 5, 7 (numpy and scipy.stats.t, the formula of intervals.ts)', () => {
    const ci = gradeScoreInterval([1, 10, 5, 7]);
    expect(ci.low).toBeCloseTo(-60.23528745781903, 8);
    expect(ci.high).toBeCloseTo(83.82300445601243, 8);
  });

  it('length-bias slope and its CI (scipy minimize_scalar on the soft-label likelihood, ±1.96/√I)', () => {
    const r = lengthBias([100, 300, -200, 500, -400, 800], [1, 0.5, 0, 1, 0.5, 1])!;
    expect(r.slope_per_1000_chars).toBeCloseTo(3.803708170276733, 6);
    expect(r.slope_ci_low).toBeCloseTo(-2.182176925612446, 6);
    expect(r.slope_ci_high).toBeCloseTo(9.789593266165912, 6);
  });

  it('Laplace variances: the inverse of the penalised Hessian, written out for three systems', () => {
    // pairs (0,1) 4 games and (1,2) 2 games at θ = 0 (p = ½, weight N/4); ridge λ on deviations from the mean.
    const counts = {
      nSystems: 3,
      i: Int32Array.from([0, 1]),
      j: Int32Array.from([1, 2]),
      total: Float64Array.from([4, 2]),
      winsI: Float64Array.from([2, 1]),
    };
    const lam = 0.3;
    const v = laplaceVariances(counts, new Float64Array(3), lam);
    // H = [[1, −1, 0], [−1, 1.5, −0.5], [0, −0.5, 0.5]] + λ(I − 11ᵀ/3); θ₀ held: the 2×2 block of systems 1, 2
    const [a, b, d] = [1.5 + lam * (2 / 3), -0.5 - lam / 3, 0.5 + lam * (2 / 3)];
    const det = a * d - b * b;
    const [s11, s12, s22] = [d / det, -b / det, a / det];
    expect(v.difference(1, 0)).toBeCloseTo(s11, 12);
    expect(v.difference(2, 0)).toBeCloseTo(s22, 12);
    expect(v.difference(1, 2)).toBeCloseTo(s11 + s22 - 2 * s12, 12);
    expect(v.fixed(2)).toBeCloseTo(s22, 12);
    // Var(θ₁ − θ̄) with θ̄ = (θ₁ + θ₂)/3 (θ₀ = 0): (2/3, −1/3)ᵀ Σ (2/3, −1/3)
    expect(v.centred(1)).toBeCloseTo((4 * s11 - 4 * s12 + s22) / 9, 12);
    // anchors: θ₂ fixed, so Var(θ₂) = 0 and θ₀, θ₁ vary
    const fixed = laplaceVariances(counts, new Float64Array(3), lam, Uint8Array.from([0, 0, 1]));
    expect(fixed.fixed(2)).toBe(0);
    expect(fixed.fixed(0)).toBeGreaterThan(fixed.fixed(1));
  });
});

describe('judging summaries', () => {
  const p = (o: Partial<RunProgress>) =>
    ({
      total: 4,
      skipped: 0,
      requested: 4,
      cached: 0,
      ok: 4,
      parseFailures: 0,
      errors: 0,
      notSent: 0,
      cost: 0,
      promptTokens: 0,
      completionTokens: 0,
      priced: false,
      stopReason: null,
      spent: 0,
      ...o,
    }) as RunProgress;
  it('the summary says every stop and count, word for word', () => {
    expect(
      summaryLine(
        'j',
        p({ promptTokens: 7, completionTokens: 3, notSent: 2, failedAnswers: 1, stopReason: 'provider' }),
      ),
    ).toBe(
      'j: 4 judgments planned, 0 already stored, 4 requested, 0 from cache; 4 verdicts, 0 unparsed (stored with their ' +
        'raw text; 1 of them refused, filtered or cut at max_tokens), 0 not obtained, 2 not sent; cost unknown (no ' +
        'price for the model; add it under `prices:`) for 7+3 tokens; stopped: the provider refused',
    );
    expect(summaryLine('j', p({ stopReason: 'budget' }))).toMatch(/; stopped: max_cost reached$/);
    expect(summaryLine('j', p({ stopReason: 'interrupted' }))).toMatch(/0 tokens; interrupted$/);
  });

  it('the exit reason, in order: interrupt, a refusing provider, budget, missing judgments, all unparsed', () => {
    const r = (o: Partial<RunProgress>) => ({ name: 'j', r: p(o) });
    expect(judgingOutcome([r({ errors: 1, notSent: 2 })], true)).toEqual({
      code: 'INTERRUPTED',
      message: 'interrupted; 3 judgments not obtained (what arrived is stored)',
    });
    expect(
      judgingOutcome([r({ stopReason: 'budget' }), r({ stopReason: 'provider', lastError: '401 no key' })], false),
    ).toEqual({ code: 'PROVIDER_REFUSED', message: 'j: 401 no key' });
    expect(judgingOutcome([r({ stopReason: 'provider' })], false)?.message).toBe('j: the provider refused');
    expect(judgingOutcome([r({ stopReason: 'budget', notSent: 3, errors: 1 })], false)?.code).toBe('BUDGET_EXHAUSTED');
    expect(judgingOutcome([r({ errors: 1 })], false)).toEqual({
      code: 'JUDGING_INCOMPLETE',
      message: '1 judgments could not be obtained (stored judgments are not repeated)',
    });
    expect(judgingOutcome([r({ verdicts: 0, unparsed: 4 })], false)?.code).toBe('ALL_UNPARSED');
    expect(judgingOutcome([r({ verdicts: 1, unparsed: 3 })], false)).toBeNull();
    expect(judgingOutcome([r({ verdicts: 0, unparsed: 0 })], false)).toBeNull();
  });

  it('an unpriced run with no token usage is $0 in tokens; with tokens the cost is unknown', () => {
    expect(summaryLine('j', p({}))).toContain('$0 in tokens (the endpoint reported no token usage');
    expect(summaryLine('j', p({ promptTokens: 10 }))).toContain('cost unknown (no price for the model');
  });

  it('what raising the budget buys, for two judges; --max-cost as the first argument', () => {
    const run = (name: string, spent: number) => ({
      name,
      r: { stopReason: 'budget', requested: 10, notSent: 30, cost: 0.05, spent } as RunProgress,
    });
    expect(budgetRaise([run('j', 0.5), run('k', 0.2)])!.text).toBe(
      'j: about $0.15 more for its 30 judgments not sent; k: about $0.15 more for its 30 judgments not sent; ' +
        'max_cost $0.65 covers them',
    );
    expect(withMaxCost(['--max-cost', '1', 'judge'], 2)).toEqual(['--max-cost', '2.00', 'judge']);
  });
});
