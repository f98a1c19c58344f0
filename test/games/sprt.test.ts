import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sprt, type EloModel } from '../../src/stats/sprt.js';
import { ciSampleSize, sprtCharacteristics } from '../../src/stats/sprt-plan.js';
import { llrLogistic } from '../../src/stats/sprt-llr.js';
import { brentRoot } from '../../src/stats/root.js';

/** Vectors computed by fishtest's own stats code (see test/fixtures/games/SOURCES.txt). */
const vectors = JSON.parse(readFileSync(new URL('../fixtures/games/sprt_vectors.json', import.meta.url), 'utf8')) as {
  cases: {
    id: string;
    input: Record<string, number | number[] | string | null>;
    sprt: Record<string, number | string>;
    fixed_games_estimate: { elo: number; ci95: number[]; LOS: number; nelo: number; nelo_ci95: number[] };
    sprt_elo_estimate: { elo: number; ci95: number[]; LOS: number };
  }[];
  sprt_calculator_cases: {
    cases: {
      id: string;
      alpha: number;
      beta: number;
      elo0: number;
      elo1: number;
      draw_ratio: number;
      rms_bias: number;
      model: string;
      logistic_elo1: number;
      per_game_variance: number;
      points: { logistic_elo: number; pass_probability: number; expected_games: number }[];
    }[];
  };
};

const rel = (x: number, y: number): number => Math.abs(x - y) / Math.max(1e-300, Math.abs(y));

describe("SPRT reproduces fishtest's numbers", () => {
  it.each(vectors.cases.map((c) => [c.id, c] as const))('%s', (_, c) => {
    const i = c.input;
    const r = sprt({
      wins: (i.wins as number | null) ?? undefined,
      draws: (i.draws as number | null) ?? undefined,
      losses: (i.losses as number | null) ?? undefined,
      pentanomial: (i.pentanomial as number[] | null) ?? undefined,
      elo0: i.elo0 as number,
      elo1: i.elo1 as number,
      alpha: i.alpha as number,
      beta: i.beta as number,
      eloModel: (i.elo_model as string).toLowerCase() as EloModel,
    });
    // measured: LLR to 5.1e-12 (a root of the secular equation), the rest to 1.3e-14
    expect(rel(r.llr, c.sprt.llr as number)).toBeLessThan(1e-11);
    expect(rel(r.lower_bound, c.sprt.lower_bound as number)).toBeLessThan(1e-12);
    expect(rel(r.upper_bound, c.sprt.upper_bound as number)).toBeLessThan(1e-12);
    expect(r.decision).toBe(c.sprt.decision);
    const f = c.fixed_games_estimate;
    for (const [mine, theirs] of [
      [r.elo, f.elo],
      [r.ci_low, f.ci95[0]],
      [r.ci_high, f.ci95[1]],
      [r.los, f.LOS],
      [r.nelo, f.nelo],
      [r.nelo_ci_low, f.nelo_ci95[0]],
      [r.nelo_ci_high, f.nelo_ci95[1]],
    ])
      expect(rel(mine, theirs)).toBeLessThan(1e-13);
    const s = c.sprt_elo_estimate;
    for (const [mine, theirs] of [
      [r.sprt_elo, s.elo],
      [r.sprt_ci_low, s.ci95[0]],
      [r.sprt_ci_high, s.ci95[1]],
      [r.sprt_los, s.LOS],
    ]) {
      expect(rel(mine, theirs)).toBeLessThan(1e-13);
    }
  });

  it.each(vectors.sprt_calculator_cases.cases.map((c) => [c.id, c] as const))(
    'SPRT calculator characteristics: %s',
    (_, c) => {
      const r = sprtCharacteristics(
        {
          elo0: c.elo0,
          elo1: c.elo1,
          alpha: c.alpha,
          beta: c.beta,
          drawRatio: c.draw_ratio,
          rmsBias: c.rms_bias,
          model: c.model.toLowerCase() as 'logistic' | 'normalized',
        },
        c.points.map((p) => p.logistic_elo),
      );
      expect(rel(r.per_game_variance, c.per_game_variance)).toBeLessThan(1e-9);
      expect(rel(r.logistic_elo1, c.logistic_elo1)).toBeLessThan(1e-9);
      r.points.forEach((p, k) => {
        expect(rel(p.pass_probability, c.points[k].pass_probability)).toBeLessThan(1e-6);
        // the midpoint is h → 0, cancellation-prone
        expect(rel(p.expected_games, c.points[k].expected_games)).toBeLessThan(1e-5);
      });
    },
  );

  it('the LLR is 0 when the observed score sits between the hypotheses symmetrically, and grows with evidence', () => {
    expect(Math.abs(llrLogistic(-10, 10, [100, 0, 100]))).toBeLessThan(1e-9);
    expect(llrLogistic(0, 10, [90, 0, 110])).toBeGreaterThan(0);
    expect(llrLogistic(0, 10, [900, 0, 1100])).toBeGreaterThan(llrLogistic(0, 10, [90, 0, 110]));
  });

  it('a CI-width plan: 1.96² · p(1−p) / h² games', () => {
    expect(ciSampleSize({ winRate: 0.5, halfWidth: 0.05 })).toBe(385);
    expect(ciSampleSize({ winRate: 0.5, halfWidth: 0.05, drawRatio: 0.4 })).toBe(231);
  });

  it("Brent's method finds roots to 1e-12 and reports a missing bracket", () => {
    expect(brentRoot((x) => x ** 3 - 2, 0, 2)).toBeCloseTo(Math.cbrt(2), 12);
    expect(brentRoot((x) => Math.cos(x) - x, 0, 1)).toBeCloseTo(0.7390851332151607, 12);
    expect(brentRoot((x) => x * x + 1, -1, 1)).toBeNull();
  });
});
