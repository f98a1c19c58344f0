import { ratingLeaderboard } from './rating-leaderboard.js';
import { ELO_SCALE } from '../stats/bradley-terry.js';
import { pairedTTest } from '../stats/paired-test.js';
import { Rng } from '../stats/random.js';
import { scoreEstimate } from '../stats/score-interval.js';
import { llrLogistic, llrNormalized, NELO_PER_T } from '../stats/sprt-llr.js';
import { winLossRatio } from '../stats/win-rate-intervals.js';

/** One calibration result: how often a nominal 95% interval covered the truth, over `sims` simulated data sets. */
export interface CoverageRow {
  interval: string;
  truth: string;
  n: number;
  sims: number;
  /** Share of simulations whose interval contained the truth (or, for SPRT rows, the realised error rate). */
  coverage: number;
  /** Monte-Carlo standard error of `coverage`: √(c(1 − c)/sims). */
  mc_error: number;
  /** Mean width of the interval (in its own units), or the mean number of games for SPRT rows. */
  mean_width: number;
}

const row = (interval: string, truth: string, n: number, hits: number[], widths: number[]): CoverageRow => {
  const c = hits.reduce((a, b) => a + b, 0) / hits.length;
  return {
    interval,
    truth,
    n,
    sims: hits.length,
    coverage: c,
    mc_error: Math.sqrt((c * (1 - c)) / hits.length),
    mean_width: widths.reduce((a, b) => a + b, 0) / widths.length,
  };
};

/** One game's score drawn from win, draw and loss probabilities. */
function game(rng: Rng, win: number, draw: number): number {
  const u = rng.next();
  return u < win ? 1 : u < win + draw ? 0.5 : 0;
}

/**
 * Win rates and game scores (`scoreEstimate`: Wilson at the effective n) at true win probabilities near 0, ½ and 1,
 * without and with draws (a draw scores ½), for each sample size; and the W/L ratio's interval at the true ratio.
 */
export function winRateCoverage(sims: number, ns: readonly number[], seed = 1): CoverageRow[] {
  const out: CoverageRow[] = [];
  const rng = new Rng(seed);
  for (const [win, draw] of [
    [0.02, 0],
    [0.5, 0],
    [0.97, 0],
    [0.15, 0.3],
    [0.45, 0.3],
  ]) {
    const truth = win + draw / 2;
    for (const n of ns) {
      const hits: number[] = [];
      const widths: number[] = [];
      const ratioHits: number[] = [];
      const ratioWidths: number[] = [];
      for (let s = 0; s < sims; s++) {
        const x = Array.from({ length: n }, () => game(rng, win, draw));
        const e = scoreEstimate(x);
        hits.push(e.ci_low <= truth && truth <= e.ci_high ? 1 : 0);
        widths.push(e.ci_high - e.ci_low);
        if (draw === 0 && win === 0.5) {
          const w = x.filter((v) => v === 1).length;
          const r = winLossRatio(w, n - w);
          ratioHits.push(r.low <= 1 && 1 <= r.high ? 1 : 0);
          ratioWidths.push(Math.min(r.high, 1e6) - r.low);
        }
      }
      const label = draw ? `score with draws (P(win) ${win}, P(draw) ${draw})` : `win rate (p = ${win})`;
      out.push(row(label, truth.toFixed(3), n, hits, widths));
      if (ratioHits.length) out.push(row('W/L ratio (p = 0.5)', '1', n, ratioHits, ratioWidths));
    }
  }
  return out;
}

/** The paired t interval of a difference of two systems' per-item scores against a baseline (`winrate compare`). */
export function pairedCoverage(sims: number, ns: readonly number[], seed = 2): CoverageRow[] {
  const rng = new Rng(seed);
  const [pa, pb] = [0.6, 0.45];
  return ns.map((n) => {
    const hits: number[] = [];
    const widths: number[] = [];
    for (let s = 0; s < sims; s++) {
      const a = Array.from({ length: n }, () => game(rng, pa - 0.1, 0.2));
      const b = Array.from({ length: n }, () => game(rng, pb - 0.1, 0.2));
      const t = pairedTTest(a, b);
      hits.push(t.ci_low <= pa - pb && pa - pb <= t.ci_high ? 1 : 0);
      widths.push(t.ci_high - t.ci_low);
    }
    return row('paired difference (t)', (pa - pb).toFixed(2), n, hits, widths);
  });
}

/**
 * Bradley–Terry ratings with 100-round bootstrap intervals (as `winrate leaderboard --method bt`): 6 systems at known
 * strengths (0, 40, 80, 120, 200, 300 Elo), every pair played `games` times, a share `draw` of them drawn with the
 * expected score kept at σ(Δ) (so ties-as-half Bradley–Terry is the true model; `draw` ≤ 0.3 at a 300 Elo gap). The
 * truth is each system's strength centred like the ratings (mean 1000).
 */
export async function bradleyTerryCoverage(
  sims: number,
  games: readonly number[],
  draw: number,
  seed = 3,
): Promise<CoverageRow[]> {
  const strengths = [0, 40, 80, 120, 200, 300];
  const mean = strengths.reduce((a, b) => a + b, 0) / strengths.length;
  const truth = strengths.map((r) => 1000 + r - mean);
  const systems = strengths.map((_, i) => `s${i}`);
  const rng = new Rng(seed);
  const out: CoverageRow[] = [];
  for (const g of games) {
    const hits: number[] = [];
    const widths: number[] = [];
    for (let s = 0; s < sims; s++) {
      const a: number[] = [];
      const b: number[] = [];
      const pA: number[] = [];
      for (let i = 0; i < systems.length; i++)
        for (let j = i + 1; j < systems.length; j++)
          for (let k = 0; k < g; k++) {
            // expected score exactly σ(Δ), a share `draw` of the games drawn: P(win) = σ − draw/2
            const p = 1 / (1 + Math.exp(-(strengths[i] - strengths[j]) / ELO_SCALE));
            a.push(i);
            b.push(j);
            pA.push(game(rng, p - draw / 2, draw));
          }
      const lb = await ratingLeaderboard(
        {
          systems,
          a: Int32Array.from(a),
          b: Int32Array.from(b),
          pA: Float64Array.from(pA),
          strong: new Uint8Array(a.length),
        },
        { method: 'bt', bootstrap: 100, seed: s },
      );
      for (const r of lb.rows) {
        const t = truth[systems.indexOf(r.system)];
        hits.push(r.ci_low! <= t && t <= r.ci_high! ? 1 : 0);
        widths.push(r.ci_high! - r.ci_low!);
      }
    }
    const label = `Bradley–Terry rating (bootstrap${draw ? `, ${100 * draw}% draws` : ''})`;
    out.push(row(label, '6 strengths, 0–300 Elo', g * 15, hits, widths));
  }
  return out;
}

/**
 * An SPRT's realised error rates, checked after every `every` games (fishtest updates in batches): α̂ = share of
 * tests accepting H1 when the truth is elo0, β̂ = share rejecting it when the truth is elo1; draws at rate `draw`.
 * Logistic model on the trinomial; normalized model with the truth at nElo.
 */
export function sprtErrorRates(sims: number, seed = 4, every = 20): CoverageRow[] {
  const rng = new Rng(seed);
  const [alpha, beta, draw] = [0.05, 0.05, 0.3];
  const lower = Math.log(beta / (1 - alpha));
  const upper = Math.log((1 - beta) / alpha);
  const out: CoverageRow[] = [];
  for (const model of ['logistic', 'normalized'] as const) {
    const [elo0, elo1] = model === 'logistic' ? [0, 30] : [0, 40];
    for (const [truthName, elo] of [
      ['elo0', elo0],
      ['elo1', elo1],
    ] as const) {
      // the per-game expected score of the truth: logistic Elo, or nElo = (μ − ½)/σ·800/ln10 with σ² of the trinomial
      const score = model === 'logistic' ? 1 / (1 + 10 ** (-elo / 400)) : scoreForNormalizedElo(elo, draw);
      const win = score - draw / 2;
      const errors: number[] = [];
      const lengths: number[] = [];
      for (let s = 0; s < sims; s++) {
        const tri = [0, 0, 0];
        let decided = 0;
        let n = 0;
        while (!decided && n < 200_000) {
          for (let k = 0; k < every; k++) tri[game(rng, win, draw) * 2]++;
          n += every;
          const llr = model === 'logistic' ? llrLogistic(elo0, elo1, tri) : llrNormalized(elo0, elo1, tri);
          if (llr >= upper) decided = 1;
          else if (llr <= lower) decided = -1;
        }
        // an error: accepting H1 at elo0 (α), rejecting it at elo1 (β)
        errors.push(truthName === 'elo0' ? (decided === 1 ? 1 : 0) : decided === -1 ? 1 : 0);
        lengths.push(n);
      }
      out.push(
        row(
          `SPRT ${model} [${elo0}, ${elo1}] realised ${truthName === 'elo0' ? 'α' : 'β'}`,
          `${elo}`,
          0,
          errors,
          lengths,
        ),
      );
    }
  }
  return out;
}

/** The expected score s whose trinomial with draw share d has normalized Elo nElo: (s − ½)/σ(s) = nElo/NELO_PER_T. */
function scoreForNormalizedElo(nelo: number, d: number): number {
  const t = nelo / NELO_PER_T;
  let [lo, hi] = [0.5, 1 - d / 2];
  if (t < 0) [lo, hi] = [d / 2, 0.5];
  for (let k = 0; k < 100; k++) {
    const s = (lo + hi) / 2;
    const w = s - d / 2;
    const sd = Math.sqrt(w + d / 4 - s * s);
    if ((s - 0.5) / sd < t) lo = s;
    else hi = s;
  }
  return (lo + hi) / 2;
}
