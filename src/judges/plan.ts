import { ArgumentError } from '../core/errors.js';
import { Rng } from '../stats/random.js';
import { judgmentKey, type JudgingInputs, type StoredJudgment } from '../store/store.js';

/** One judge call to make: a pairwise game (which response is shown first) or a grade of one response. */
export type JudgingTask =
  | {
      kind: 'pairwise';
      dataset: string;
      itemKey: string;
      seq: number;
      instruction: string;
      category: string | null;
      reference: string | null;
      systemA: string;
      systemB: string;
      outputA: string;
      outputB: string;
      shownFirst: 'a' | 'b';
      sample: number;
    }
  | {
      kind: 'grade';
      dataset: string;
      itemKey: string;
      seq: number;
      instruction: string;
      category: string | null;
      reference: string | null;
      /** sample is the turn graded: 1, or 2 for the second turn of a multi-turn answer. */
      system: string;
      output: string;
      sample: number;
      /** Multi-turn: the user turns, the answer's turns and the reference per turn. */
      turns?: string[] | null;
      outputTurns?: string[] | null;
      referenceTurns?: string[] | null;
    };

/** What to judge. */
export interface PlanOptions {
  kind: 'pairwise' | 'grade';
  /** Pairwise: every other system is compared with it. */
  baseline?: string;
  /** Systems to judge (default: all with responses). */
  systems?: string[];
  /** Pairwise: both orders (default), only the baseline shown first, or one seeded random order per comparison. */
  orders?: 'both' | 'first' | 'random';
  samples?: number;
  seed?: number;
  /** Grade each turn of multi-turn answers (the preset's `multiTurn`). */
  multiTurn?: boolean;
}

/**
 * Expands items × systems into judge calls. Pairwise comparisons put the baseline as A and the system as B
 * (AlpacaEval's and Arena-Hard's game 1); "both" orders adds game 2 with the system shown first.
 */
export function planJudging(inputs: JudgingInputs, o: PlanOptions): JudgingTask[] {
  const systems = (o.systems ?? [...inputs.responses.keys()]).filter((s) => s !== o.baseline);
  for (const s of [...systems, ...(o.baseline ? [o.baseline] : [])]) {
    if (!inputs.responses.has(s))
      throw new ArgumentError(
        `no responses of system "${s}" in the store (systems with responses: ${[...inputs.responses.keys()].sort().join(', ') || 'none'})`,
      );
  }
  const samples = o.samples ?? 1;
  const rng = new Rng(o.seed ?? 0);
  const tasks: JudgingTask[] = [];
  inputs.items.forEach((item, seq) => {
    const base = {
      dataset: item.dataset,
      itemKey: item.key,
      seq,
      instruction: item.instruction,
      category: item.category,
      reference: item.reference,
    };
    if (o.kind === 'grade') {
      for (const system of o.baseline ? [...systems, o.baseline] : systems) {
        const output = inputs.responses.get(system)?.get(item.key);
        if (output === undefined) continue;
        const outputTurns = inputs.responseTurns.get(system)?.get(item.key);
        const turns = o.multiTurn && item.turns && outputTurns ? Math.min(item.turns.length, outputTurns.length) : 0;
        if (turns === 0) {
          tasks.push({ kind: 'grade', ...base, system, output, sample: 1 });
          continue;
        }
        for (let t = 1; t <= turns; t++) {
          tasks.push({
            kind: 'grade',
            ...base,
            system,
            output: outputTurns![t - 1],
            sample: t,
            turns: item.turns,
            outputTurns,
            referenceTurns: item.referenceTurns,
          });
        }
      }
      return;
    }
    if (!o.baseline) throw new ArgumentError('pairwise judging needs a baseline');
    const outB = inputs.responses.get(o.baseline)?.get(item.key);
    if (outB === undefined) return;
    for (const system of systems) {
      const outS = inputs.responses.get(system)?.get(item.key);
      if (outS === undefined) continue;
      const orders: ('a' | 'b')[] =
        o.orders === 'first' ? ['a'] : o.orders === 'random' ? [rng.next() < 0.5 ? 'a' : 'b'] : ['a', 'b'];
      for (let s = 0; s < samples; s++) {
        for (const shownFirst of orders) {
          tasks.push({
            kind: 'pairwise',
            ...base,
            systemA: o.baseline,
            systemB: system,
            outputA: outB,
            outputB: outS,
            shownFirst,
            sample: s,
          });
        }
      }
    }
  });
  return tasks;
}

/** The shown-first side as seen with A and B exchanged. */
const flipped = (s: 'a' | 'b'): 'a' | 'b' => (s === 'a' ? 'b' : 'a');

/**
 * The identity of the judgment a task produces, the same whichever system is called baseline: a pairwise game of
 * (A, B, shown first) is the game of (B, A, the other shown first) — the same prompt, the same verdict. The pair is
 * put in code-unit order. Used for queue job ids, so enqueueing with the roles swapped queues nothing new.
 */
export function canonicalTaskKey(t: JudgingTask): string {
  if (t.kind === 'grade') return judgmentKey(t.dataset, t.itemKey, t.system, '', 'grade', t.sample);
  return t.systemA <= t.systemB
    ? judgmentKey(t.dataset, t.itemKey, t.systemA, t.systemB, t.shownFirst, t.sample)
    : judgmentKey(t.dataset, t.itemKey, t.systemB, t.systemA, flipped(t.shownFirst), t.sample);
}

/**
 * The stored judgment of a task's game, stored under its own roles or with A and B exchanged (a run with the other
 * system as baseline): status, and P(the task's A wins). A judgment is one fact; re-judging with the roles swapped
 * must find it rather than store it a second time (which counted its verdict twice).
 */
export function storedJudgmentOf(
  existing: Map<string, StoredJudgment>,
  t: JudgingTask,
): { status: StoredJudgment['status']; pA: number | null } | undefined {
  if (t.kind === 'grade') {
    const s = existing.get(judgmentKey(t.dataset, t.itemKey, t.system, '', 'grade', t.sample));
    return s && { status: s.status, pA: s.value };
  }
  const own = existing.get(judgmentKey(t.dataset, t.itemKey, t.systemA, t.systemB, t.shownFirst, t.sample));
  const mirror = existing.get(judgmentKey(t.dataset, t.itemKey, t.systemB, t.systemA, flipped(t.shownFirst), t.sample));
  if (own?.status === 'ok' || (own && mirror?.status !== 'ok')) return { status: own.status, pA: own.value };
  if (mirror) return { status: mirror.status, pA: mirror.value === null ? null : 1 - mirror.value };
  return undefined;
}
