import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alpacaEvalDifficulty, alpacaEvalGamedRows } from '../../src/presets/alpaca-eval.js';
import { lengthControlledWinRate } from '../../src/stats/length-controlled.js';
import { rawWinRate } from '../../src/stats/win-rate.js';
import { loadCompact, loadPublishedWeights } from '../helpers/alpaca-compact.js';

const models = loadCompact();
const weights = loadPublishedWeights();

function lcOf(rows: [number, number, number, number][]) {
  return lengthControlledWinRate({
    x: Float64Array.from(rows, (r) => (r[0] === 0 ? 1.5 : r[0]) - 1),
    lenBaseline: Float64Array.from(rows, (r) => r[1]),
    lenModel: Float64Array.from(rows, (r) => r[2]),
    difficulty: alpacaEvalDifficulty(),
    gamed: alpacaEvalGamedRows(),
  });
}

describe('AlpacaEval 2.0 metrics reproduce the published leaderboard', () => {
  it('has the 15 fixture models', () => expect(models).toHaveLength(15));

  it.each(models.map((m) => [m.model, m] as const))('raw metrics of %s', (_name, m) => {
    const r = rawWinRate(Float64Array.from(m.rows, (row) => (row[0] === 0 ? 1.5 : row[0]) - 1));
    const p = m.published;
    expect([r.n_wins, r.n_wins_base, r.n_draws, r.n_total]).toEqual([p.n_wins, p.n_wins_base, p.n_draws, p.n_total]);
    expect(r.win_rate).toBeCloseTo(p.win_rate as number, 6);
    expect(r.discrete_win_rate).toBeCloseTo(p.discrete_win_rate as number, 6);
    if (p.model !== 'gpt4_1106_preview' && r.n_draws !== r.n_total)
      expect(r.standard_error).toBeCloseTo(p.standard_error as number, 6);
  });

  // Measured: max 0.108, mean 0.032 (the residual is which C the cross-validation picks on near-ties).
  it('length-controlled win rates: every model within 0.15 points, under 0.035 on average', () => {
    const errors: number[] = [];
    for (const m of models) {
      if (m.model === 'gpt4_1106_preview') continue;
      const r = lcOf(m.rows);
      const err = Math.abs(r.lcWinRate - (m.published.length_controlled_winrate as number));
      expect(err, m.model).toBeLessThan(0.15);
      errors.push(err);
      const w = weights.get(m.model);
      if (w) expect(Math.abs(r.weights.notGamed - w[2]), m.model).toBeLessThan(0.1);
      const se = m.published.lc_standard_error;
      if (typeof se === 'number' && Number.isFinite(se))
        expect(Math.abs(r.lcStandardError - se), m.model).toBeLessThan(0.01);
    }
    expect(errors.reduce((a, b) => a + b, 0) / errors.length).toBeLessThan(0.035);
  });

  it("per-row LC predictions match AlpacaEval's glm_preference for vicuna-7b-v1.5", () => {
    const glm = JSON.parse(
      readFileSync(new URL('../fixtures/alpacaeval/vicuna-glm-preference.json', import.meta.url), 'utf8'),
    ) as number[];
    const m = models.find((x) => x.model === 'vicuna-7b-v1.5');
    const r = lcOf(m!.rows);
    let maxErr = 0;
    glm.forEach((g, i) => (maxErr = Math.max(maxErr, Math.abs(g - r.predictions[i]))));
    expect(maxErr).toBeLessThan(1e-3);
  });
});
