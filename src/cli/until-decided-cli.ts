import type { JudgeConfig } from '../judges/config.js';
import type { JudgingTask } from '../judges/plan.js';
import type { RunProgress } from '../judges/run.js';
import { UntilDecided } from '../judges/until-decided.js';
import { Rng } from '../stats/random.js';

/** The sequential stopping rule a config asks for. */
export function deciderFor(u: NonNullable<JudgeConfig['until_decided']>, orders: JudgeConfig['orders']): UntilDecided {
  const rule =
    u.rule === 'sprt'
      ? { kind: 'sprt' as const, elo0: u.elo0, elo1: u.elo1, alpha: u.alpha, beta: u.beta }
      : { kind: 'ci' as const, width: u.width, minItems: u.min_items };
  return new UntilDecided(rule, orders === 'both');
}

/**
 * Tasks with their items in a seeded random order (the orders of one item stay together), so stopping early is
 * unbiased.
 */
export function shuffleItems(tasks: JudgingTask[], seed: number): JudgingTask[] {
  const groups = new Map<string, JudgingTask[]>();
  for (const t of tasks) {
    const k = `${t.dataset}\u0000${t.itemKey}`;
    groups.set(k, [...(groups.get(k) ?? []), t]);
  }
  const order = [...groups.values()];
  const rng = new Rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.flat();
}

/** What the sequential rule decided, per system. */
export function decisionLines(d: UntilDecided, r: RunProgress): string {
  const lines = d
    .decisions()
    .map(
      (s) =>
        `  ${s.system}: ${s.decision} after ${s.games} verdicts${s.pairs ? ` (${s.pairs} pairs)` : ''}, ` +
        `win rate ${s.win_rate.toFixed(1)}%${s.llr === null ? '' : `, LLR ${s.llr.toFixed(2)}`}`,
    );
  return [`until decided: ${r.decidedSkipped} judgments not asked`, ...lines].join('\n');
}
