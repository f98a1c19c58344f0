import { describe, expect, it } from 'vitest';
import {
  bradleyTerryCoverage,
  pairedCoverage,
  sprtErrorRates,
  winRateCoverage,
} from '../../src/leaderboard/calibration.js';

// The light version of `npm run calibrate` (seeded, so deterministic): the truth is the simulation's own parameter,
// never a value winrate printed. Bounds: 95% intervals cover 91.5–97.5% at n ≥ 50 (Wilson's known dips near 0 and 1
// reach ~92%, and the percentile bootstrap of Bradley–Terry ~91.5%: both stated in the README).
describe('coverage by simulation (light)', () => {
  it('win rates, scores with draws and W/L ratios: 95% intervals cover about 95% at n ≥ 50, more at n = 10', () => {
    const rows = winRateCoverage(600, [10, 50, 200]);
    expect(rows.length).toBe(5 * 3 + 3);
    for (const r of rows) {
      const where = `${r.interval} n=${r.n}: ${r.coverage}`;
      if (r.n >= 50) {
        expect(r.coverage, where).toBeGreaterThanOrEqual(0.915);
        expect(r.coverage, where).toBeLessThanOrEqual(0.975);
      } else expect(r.coverage, where).toBeGreaterThanOrEqual(0.93);
    }
  });

  it('the paired t interval of a difference covers 93–97%', () => {
    for (const r of pairedCoverage(600, [50, 200])) {
      expect(r.coverage, `n=${r.n}`).toBeGreaterThanOrEqual(0.93);
      expect(r.coverage, `n=${r.n}`).toBeLessThanOrEqual(0.97);
    }
  });

  it('Bradley–Terry bootstrap intervals cover about 92% of the true strengths', async () => {
    const [r] = await bradleyTerryCoverage(40, [20], 0);
    expect(r.sims).toBe(240);
    expect(r.coverage).toBeGreaterThanOrEqual(0.88);
    expect(r.coverage).toBeLessThanOrEqual(0.98);
  });

  it('an SPRT with α = β = 0.05 errs at most about 5% of the time, in both models', () => {
    for (const r of sprtErrorRates(150)) expect(r.coverage, r.interval).toBeLessThanOrEqual(0.05 + 2 * r.mc_error);
  });
});
