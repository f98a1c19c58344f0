import { cohenKappa, fleissKappa, krippendorffAlphaNominal, verdictCategory } from '../stats/agreement.js';
import type { ComparisonTable } from '../store/store.js';
import { judgmentUnits } from './judge-units.js';
import { judgeBias, type JudgeBias } from './judge-bias.js';

/** Per-judge reliability figures. */
export interface JudgeStats {
  judge: string;
  games: number;
  failed: number;
  tie_rate: number;
  /** Share of comparisons judged in both orders whose two verdicts agree (A, tie, B). */
  swap_consistency: number | null;
  /** Mean P(the response shown first wins) − ½ over games with a known order: > 0 favours the first position. */
  position_bias: number | null;
}

/** Agreement between judges on the same comparisons. */
export interface AgreementReport {
  judges: JudgeStats[];
  pairs: { judge_a: string; judge_b: string; cohen_kappa: number; units: number }[];
  fleiss_kappa: number | null;
  krippendorff_alpha: number | null;
  units: number;
  /** Length bias, self-preference and verdict flips per judge. */
  bias: JudgeBias[];
}

/**
 * Judge reliability and agreement over a comparison table loaded with failures (`includeFailed`): per judge
 * the swap consistency and position bias; between judges Cohen's κ per pair, Fleiss' κ over the comparisons
 * every judge rated and Krippendorff's α (nominal, missing allowed) over all, each on the verdict a judge gives
 * a comparison (its games averaged, then A / tie / B).
 */
export function judgeReport(t: ComparisonTable): AgreementReport {
  const nJ = t.judges.length;
  const games = new Float64Array(nJ);
  const failed = new Float64Array(nJ);
  const ties = new Float64Array(nJ);
  const firstWins = new Float64Array(nJ);
  const ordered = new Float64Array(nJ);
  for (let i = 0; i < t.a.length; i++) {
    const j = t.judge[i];
    if (Number.isNaN(t.pA[i])) {
      failed[j]++;
      continue;
    }
    games[j]++;
    if (verdictCategory(t.pA[i]) === 1) ties[j]++;
    if (t.shownFirst[i] !== 0) {
      ordered[j]++;
      firstWins[j] += t.shownFirst[i] === 1 ? t.pA[i] : 1 - t.pA[i];
    }
  }
  const units = judgmentUnits(t);
  const swapBoth = new Float64Array(nJ);
  const swapSame = new Float64Array(nJ);
  const verdicts: Int32Array[] = Array.from({ length: nJ }, () => new Int32Array(units.size).fill(-1));
  let u = 0;
  for (const byJudge of units.values()) {
    for (const [j, gs] of byJudge) {
      const ok = gs.filter((g) => !Number.isNaN(g.pA));
      if (ok.length === 0) continue;
      verdicts[j][u] = verdictCategory(ok.reduce((s, g) => s + g.pA, 0) / ok.length);
      const first = ok.find((g) => g.shownFirstIsA === true);
      const second = ok.find((g) => g.shownFirstIsA === false);
      if (first && second) {
        swapBoth[j]++;
        if (verdictCategory(first.pA) === verdictCategory(second.pA)) swapSame[j]++;
      }
    }
    u++;
  }
  const active = t.judges.map((_, j) => j).filter((j) => games[j] + failed[j] > 0);
  const pairs: AgreementReport['pairs'] = [];
  for (let x = 0; x < active.length; x++) {
    for (let y = x + 1; y < active.length; y++) {
      const a = verdicts[active[x]];
      const b = verdicts[active[y]];
      let n = 0;
      for (let k = 0; k < a.length; k++) if (a[k] >= 0 && b[k] >= 0) n++;
      if (n > 0)
        pairs.push({
          judge_a: t.judges[active[x]],
          judge_b: t.judges[active[y]],
          cohen_kappa: cohenKappa(a, b),
          units: n,
        });
    }
  }
  const ratings: number[][] = [];
  const complete: number[][] = [];
  for (let k = 0; k < units.size; k++) {
    const v = active.map((j) => verdicts[j][k]);
    ratings.push(v);
    if (active.length >= 2 && v.every((c) => c >= 0))
      complete.push([0, 1, 2].map((c) => v.filter((x) => x === c).length));
  }
  return {
    judges: active.map((j) => ({
      judge: t.judges[j],
      games: games[j],
      failed: failed[j],
      tie_rate: games[j] ? ties[j] / games[j] : 0,
      swap_consistency: swapBoth[j] ? swapSame[j] / swapBoth[j] : null,
      position_bias: ordered[j] ? firstWins[j] / ordered[j] - 0.5 : null,
    })),
    pairs,
    fleiss_kappa: complete.length ? fleissKappa(complete) : null,
    krippendorff_alpha: active.length >= 2 ? krippendorffAlphaNominal(ratings) : null,
    units: units.size,
    bias: judgeBias(t),
  };
}
