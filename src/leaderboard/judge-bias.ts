import { verdictCategory } from '../stats/agreement.js';
import { lengthBias } from '../stats/judge-bias.js';
import type { ComparisonTable } from '../store/store.js';
import { judgmentUnits } from './judge-units.js';

/** Model families recognised in judge and system names, for self-preference. */
const FAMILIES = [
  'gpt',
  'claude',
  'gemini',
  'gemma',
  'llama',
  'qwen',
  'mixtral',
  'mistral',
  'deepseek',
  'command',
  'phi',
  'yi-',
  'grok',
];

/** The model family a judge or system name belongs to (its first known family token), or null. */
export function modelFamily(name: string): string | null {
  const n = name.toLowerCase();
  let best: { f: string; at: number } | null = null;
  for (const f of FAMILIES) {
    const at = n.indexOf(f);
    if (at >= 0 && (best === null || at < best.at)) best = { f, at };
  }
  return best ? best.f.replace(/-$/, '') : null;
}

/** Bias diagnostics of one judge. */
export interface JudgeBias {
  judge: string;
  length: ReturnType<typeof lengthBias>;
  /** The judge's mean score for systems of its own family minus other judges' on the same comparisons (points). */
  self_preference: { family: string; own: number; others: number; difference: number; units: number } | null;
  /** Per system: share of comparisons judged in both orders whose verdict (A / tie / B) flips with the order. */
  flips: { system: string; flip_rate: number; units: number }[];
}

/**
 * Judge bias diagnostics next to position bias and swap consistency (README "Judge bias"): length bias (P(longer
 * wins) and the logistic slope on the length difference, with CIs), self-preference (a judge's win rate for its own
 * model family against other judges on the same comparisons) and verdict flips between orders, per system.
 */
export function judgeBias(t: ComparisonTable): JudgeBias[] {
  const units = judgmentUnits(t);
  const out: JudgeBias[] = [];
  for (let j = 0; j < t.judges.length; j++) {
    const d: number[] = [];
    const y: number[] = [];
    let games = 0;
    for (let i = 0; i < t.a.length; i++) {
      if (t.judge[i] !== j || Number.isNaN(t.pA[i])) continue;
      games++;
      d.push(t.lenA[i] - t.lenB[i]);
      y.push(t.pA[i]);
    }
    if (games === 0) continue;
    const family = modelFamily(t.judges[j]);
    let own = 0;
    let others = 0;
    let shared = 0;
    const flips = new Map<number, { flips: number; units: number }>();
    for (const [key, byJudge] of units) {
      const mine = byJudge.get(j)?.filter((g) => !Number.isNaN(g.pA));
      if (!mine?.length) continue;
      const [, sa, sb] = key.split(':').map(Number);
      const first = mine.find((g) => g.shownFirstIsA === true);
      const second = mine.find((g) => g.shownFirstIsA === false);
      if (first && second) {
        const flipped = verdictCategory(first.pA) !== verdictCategory(second.pA) ? 1 : 0;
        for (const s of [sa, sb]) {
          const f = flips.get(s) ?? { flips: 0, units: 0 };
          flips.set(s, { flips: f.flips + flipped, units: f.units + 1 });
        }
      }
      if (!family) continue;
      const famA = modelFamily(t.systems[sa]) === family;
      const famB = modelFamily(t.systems[sb]) === family;
      if (famA === famB) continue;
      const otherGames = [...byJudge]
        .filter(([k]) => k !== j)
        .flatMap(([, gs]) => gs.filter((g) => !Number.isNaN(g.pA)));
      if (otherGames.length === 0) continue;
      const score = (gs: { pA: number }[]) => gs.reduce((s, g) => s + (famA ? g.pA : 1 - g.pA), 0) / gs.length;
      own += score(mine);
      others += score(otherGames);
      shared++;
    }
    out.push({
      judge: t.judges[j],
      length: lengthBias(d, y),
      self_preference:
        family && shared
          ? {
              family,
              own: (100 * own) / shared,
              others: (100 * others) / shared,
              difference: (100 * (own - others)) / shared,
              units: shared,
            }
          : null,
      flips: [...flips]
        .map(([s, f]) => ({ system: t.systems[s], flip_rate: f.flips / f.units, units: f.units }))
        .sort((p, q) => q.flip_rate - p.flip_rate),
    });
  }
  return out;
}
