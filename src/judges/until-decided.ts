import { scoreEstimate } from '../stats/score-interval.js';
import { llrLogistic } from '../stats/sprt-llr.js';
import { discreteScore } from '../games/pairs.js';

/** When to stop judging a system against the baseline. */
export type StopRule =
  | { kind: 'sprt'; elo0: number; elo1: number; alpha: number; beta: number }
  /** Stop when the 95% CI of the win rate is at most `width` points wide (after at least `minItems` items). */
  | { kind: 'ci'; width: number; minItems: number };

/** The state of one system's sequential test. */
export interface SystemDecision {
  system: string;
  decision: 'accepted' | 'rejected' | 'decided' | 'continue';
  /** Verdicts used: single games and complete pairs (both orders of an item). */
  games: number;
  pairs: number;
  llr: number | null;
  win_rate: number;
}

/**
 * Sequential stopping for pairwise judging against a baseline ("judging that stops when decided"): the system's
 * score of each verdict is discretised (win 1, tie ½, loss 0); the two orders of an item form a pair, scored
 * 0, ½, …, 2 like fishtest's colour-swapped game pairs. The SPRT rule evaluates fishtest's generalized LLR on the
 * pentanomial of complete pairs (the trinomial when only one order is judged) after every verdict and stops at
 * ln(β/(1−α)) or ln((1−β)/α); the CI rule stops when the per-item win rate's 95% CI is narrow enough.
 */
export class UntilDecided {
  private readonly state = new Map<
    string,
    {
      tri: number[];
      penta: number[];
      open: Map<string, number>;
      perItem: Map<string, number[]>;
      decision: SystemDecision['decision'];
      llr: number | null;
    }
  >();

  constructor(
    readonly rule: StopRule,
    readonly bothOrders: boolean,
  ) {}

  /** True once the system is decided: its remaining judgments need not be asked. */
  decided(system: string): boolean {
    const d = this.state.get(system)?.decision;
    return d !== undefined && d !== 'continue';
  }

  /** Adds the system's score (1 − P(baseline wins)) of one verdict on one item, game order `shownFirst`. */
  record(system: string, itemKey: string, shownFirst: string, score: number): void {
    let s = this.state.get(system);
    if (!s)
      this.state.set(
        system,
        (s = {
          tri: [0, 0, 0],
          penta: [0, 0, 0, 0, 0],
          open: new Map(),
          perItem: new Map(),
          decision: 'continue',
          llr: null,
        }),
      );
    if (s.decision !== 'continue') return;
    const d = discreteScore(score);
    s.tri[d * 2]++;
    s.perItem.set(itemKey, [...(s.perItem.get(itemKey) ?? []), score]);
    const other = s.open.get(`${itemKey}\u0000${shownFirst === 'a' ? 'b' : 'a'}`);
    if (other !== undefined) {
      s.open.delete(`${itemKey}\u0000${shownFirst === 'a' ? 'b' : 'a'}`);
      s.penta[(other + d) * 2]++;
    } else s.open.set(`${itemKey}\u0000${shownFirst}`, d);
    this.evaluate(s);
  }

  private evaluate(s: NonNullable<ReturnType<typeof this.state.get>>): void {
    if (this.rule.kind === 'ci') {
      if (s.perItem.size < this.rule.minItems) return;
      // the interval the leaderboard prints for this win rate (Wilson at the effective n), not a normal one
      const m = scoreEstimate([...s.perItem.values()].map((xs) => xs.reduce((a, b) => a + b, 0) / xs.length));
      if (100 * (m.ci_high - m.ci_low) <= this.rule.width) s.decision = 'decided';
      return;
    }
    const results = this.bothOrders ? s.penta : s.tri;
    if (results.reduce((a, b) => a + b, 0) === 0) return;
    const { elo0, elo1, alpha, beta } = this.rule;
    s.llr = llrLogistic(elo0, elo1, results);
    if (s.llr >= Math.log((1 - beta) / alpha)) s.decision = 'accepted';
    else if (s.llr <= Math.log(beta / (1 - alpha))) s.decision = 'rejected';
  }

  /** Where every system stands. */
  decisions(): SystemDecision[] {
    return [...this.state.entries()]
      .map(([system, s]) => {
        const games = s.tri.reduce((a, b) => a + b, 0);
        return {
          system,
          decision: s.decision,
          games,
          pairs: s.penta.reduce((a, b) => a + b, 0),
          llr: s.llr,
          win_rate: games ? (100 * (s.tri[2] + s.tri[1] / 2)) / games : NaN,
        };
      })
      .sort((a, b) => a.system.localeCompare(b.system));
  }
}
