import { normalQuantile } from './descriptive.js';
import { eloToScore, NELO_PER_T } from './sprt-llr.js';

/** Design of an SPRT for {@link sprtCharacteristics}. */
export interface SprtDesign {
  elo0: number;
  elo1: number;
  alpha?: number;
  beta?: number;
  /** Share of drawn games, and the RMS bias of the openings in Elo (0 for LLM judging). */
  drawRatio: number;
  rmsBias?: number;
  model?: 'logistic' | 'normalized';
}

/** Pass probability and expected number of games of an SPRT at one true (logistic) Elo. */
export interface SprtPoint {
  logistic_elo: number;
  pass_probability: number;
  expected_games: number;
}

/**
 * Operating characteristics of an SPRT, as fishtest's SPRT calculator (static/js/sprt.js) computes them with the
 * Brownian approximation: per-game variance v = (1 − d)/4 − (L(rms_bias) − ½)²; normalized bounds become scores
 * s = nt·√v + ½ (nt = nElo/(800/ln10)), logistic ones s = L(elo); w² = (s1 − s0)²/v; at a true score s,
 * h = (2s − s0 − s1)/(s1 − s0), LA = ln(β/(1−α)), LB = ln((1−β)/α), P(pass) = (1 − e^{−h·LA})/(e^{−h·LB} − e^{−h·LA}),
 * E[games] = (2/h)·(LB·P + LA·(1 − P))/w² (h → 0: −LA·LB/w²).
 */
export function sprtCharacteristics(d: SprtDesign, logisticElos?: number[]) {
  const alpha = d.alpha ?? 0.05;
  const beta = d.beta ?? 0.05;
  const variance = (1 - d.drawRatio) / 4 - (eloToScore(d.rmsBias ?? 0) - 0.5) ** 2;
  if (!(variance > 0)) throw new RangeError('draw ratio and RMS bias leave no variance per game');
  const toScore = (e: number): number =>
    (d.model ?? 'logistic') === 'normalized' ? (e / NELO_PER_T) * Math.sqrt(variance) + 0.5 : eloToScore(e);
  const [s0, s1] = [toScore(d.elo0), toScore(d.elo1)];
  const lelo = (s: number): number => -400 * Math.log10(1 / s - 1);
  const [le0, le1] = [lelo(s0), lelo(s1)];
  const w2 = (s1 - s0) ** 2 / variance;
  const LA = Math.log(beta / (1 - alpha));
  const LB = Math.log((1 - beta) / alpha);
  const at = (elo: number): SprtPoint => {
    const h = (2 * eloToScore(elo) - s0 - s1) / (s1 - s0);
    if (Math.abs(h) < 1e-9)
      return { logistic_elo: elo, pass_probability: -LA / (LB - LA), expected_games: (-LA * LB) / w2 };
    const p = (1 - Math.exp(-h * LA)) / (Math.exp(-h * LB) - Math.exp(-h * LA));
    return { logistic_elo: elo, pass_probability: p, expected_games: ((2 / h) * (LB * p + LA * (1 - p))) / w2 };
  };
  const step = (le1 - le0) / 2;
  const elos = logisticElos ?? [le0 - step, le0, le0 + step, le1, le1 + step];
  return { logistic_elo0: le0, logistic_elo1: le1, per_game_variance: variance, points: elos.map(at) };
}

/**
 * Games needed for a win-rate confidence interval of half-width `halfWidth` (score scale 0–1):
 * n = z²·σ²/h², σ² = p(1 − p) − d/4 for expected score p with a share d of draws (ties counted half).
 */
export function ciSampleSize(o: {
  winRate: number;
  halfWidth: number;
  drawRatio?: number;
  confidence?: number;
}): number {
  const z = normalQuantile(1 - (1 - (o.confidence ?? 0.95)) / 2);
  const variance = o.winRate * (1 - o.winRate) - (o.drawRatio ?? 0) / 4;
  return Math.ceil((z * z * variance) / (o.halfWidth * o.halfWidth));
}
