import { describe, expect, it } from 'vitest';
import { budgetRaise, withMaxCost } from '../../src/cli/judge-outcome.js';
import { canonicalTaskKey, storedJudgmentOf, type JudgingTask } from '../../src/judges/plan.js';
import type { RunProgress } from '../../src/judges/run.js';
import { judgmentKey, type StoredJudgment } from '../../src/store/store.js';

const task = (systemA: string, systemB: string, shownFirst: 'a' | 'b'): JudgingTask => ({
  kind: 'pairwise',
  dataset: 'd',
  itemKey: 'q',
  seq: 0,
  instruction: 'Q?',
  category: null,
  reference: null,
  systemA,
  systemB,
  outputA: 'x',
  outputB: 'y',
  shownFirst,
  sample: 0,
});

describe('one judgment whichever system is called baseline', () => {
  it('(A, B, A first) and (B, A, B first) are the same game: one canonical key, the pair in code-unit order', () => {
    expect(canonicalTaskKey(task('base', 'm', 'a'))).toBe(judgmentKey('d', 'q', 'base', 'm', 'a', 0));
    expect(canonicalTaskKey(task('m', 'base', 'b'))).toBe(judgmentKey('d', 'q', 'base', 'm', 'a', 0));
    expect(canonicalTaskKey(task('m', 'base', 'a'))).toBe(judgmentKey('d', 'q', 'base', 'm', 'b', 0));
    const grade: JudgingTask = { ...task('m', '', 'a'), kind: 'grade', system: 'm', output: 'x', sample: 2 };
    expect(canonicalTaskKey(grade)).toBe(judgmentKey('d', 'q', 'm', '', 'grade', 2));
  });

  it('finds a verdict stored under its own roles or mirrored, as P(the task’s A wins)', () => {
    const stored = new Map<string, StoredJudgment>([
      [judgmentKey('d', 'q', 'base', 'm', 'a', 0), { status: 'ok', value: 0.8 }],
    ]);
    expect(storedJudgmentOf(stored, task('base', 'm', 'a'))).toEqual({ status: 'ok', pA: 0.8 });
    // the mirrored game: m is now A, so P(m wins) = 1 − 0.8
    expect(storedJudgmentOf(stored, task('m', 'base', 'b'))!.pA).toBeCloseTo(0.2, 12);
    expect(storedJudgmentOf(stored, task('m', 'base', 'a'))).toBeUndefined(); // the other order is another game
    // a stored verdict wins over a stored parse failure on either side
    const both = new Map<string, StoredJudgment>([
      [judgmentKey('d', 'q', 'm', 'base', 'b', 0), { status: 'parse_failed', value: null }],
      [judgmentKey('d', 'q', 'base', 'm', 'a', 0), { status: 'ok', value: 1 }],
    ]);
    expect(storedJudgmentOf(both, task('m', 'base', 'b'))).toEqual({ status: 'ok', pA: 0 });
    const failed = new Map<string, StoredJudgment>([
      [judgmentKey('d', 'q', 'base', 'm', 'a', 0), { status: 'parse_failed', value: null }],
    ]);
    expect(storedJudgmentOf(failed, task('m', 'base', 'b'))).toEqual({ status: 'parse_failed', pA: null });
    expect(storedJudgmentOf(failed, task('base', 'm', 'a'))).toEqual({ status: 'parse_failed', pA: null });
    const grades = new Map<string, StoredJudgment>([
      [judgmentKey('d', 'q', 'm', '', 'grade', 1), { status: 'ok', value: 7 }],
    ]);
    const grade: JudgingTask = { ...task('m', '', 'a'), kind: 'grade', system: 'm', output: 'x', sample: 1 };
    expect(storedJudgmentOf(grades, grade)).toEqual({ status: 'ok', pA: 7 });
  });
});

describe('what raising the budget buys', () => {
  const run = (o: Partial<RunProgress>) => ({
    name: 'j',
    r: { stopReason: 'budget', requested: 10, notSent: 30, cost: 0.05, spent: 0.5, ...o } as RunProgress,
  });
  it('judgments not sent at this run’s mean cost per request, the cap rounded up to the cent (hand computation)', () => {
    // 30 × 0.05/10 = 0.15 more; 0.5 + 0.15 = 0.65
    expect(budgetRaise([run({})])).toEqual({
      maxCost: 0.65,
      text: 'j: about $0.15 more for its 30 judgments not sent; max_cost $0.65 covers them',
    });
    // 0.501 + 0.15 = 0.651 → 0.66; the highest of two judges
    expect(budgetRaise([run({ spent: 0.501 }), { ...run({ spent: 0.2 }), name: 'k' }])!.maxCost).toBe(0.66);
    expect(budgetRaise([run({ stopReason: null })])).toBeNull();
    expect(budgetRaise([run({ requested: 0 })])).toBeNull();
    expect(budgetRaise([run({ notSent: 0 })])).toBeNull();
  });

  it('sets --max-cost in the resume command, replacing the one given', () => {
    expect(withMaxCost(['judge', '-c', 'w.yaml'], 0.65)).toEqual(['judge', '-c', 'w.yaml', '--max-cost', '0.65']);
    expect(withMaxCost(['judge', '--max-cost', '0.5', '-c', 'w'], 1)).toEqual([
      'judge',
      '--max-cost',
      '1.00',
      '-c',
      'w',
    ]);
    expect(withMaxCost(['judge', '--max-cost=0.5'], 2.5)).toEqual(['judge', '--max-cost=2.50']);
  });
});
