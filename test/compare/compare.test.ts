import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pairedTTest } from '../../src/stats/paired-test.js';
import { runCli, tempDir } from '../helpers/cli.js';

const rel = (x: number, y: number): number => Math.abs(x - y) / Math.abs(y);

/** scipy 1.17 `stats.ttest_rel(a, b)` and `.confidence_interval(...)` on the same data (computed once, stored here). */
const SCIPY = {
  small: {
    t: 2.0493901531919194,
    p: 0.07960201245519759,
    ci95: [-0.057681933679737896, 0.8076819336797378],
    ci90: [0.02832761270361228, 0.7216723872963876],
  },
  'claude-2|vicuna-7b-v1.5': {
    n: 805,
    difference: 12.390746417540372,
    ci_low: 10.221450154572517,
    ci_high: 14.560042680508229,
    p_value: 3.295743209804843e-27,
  },
  'vicuna-7b-v1.5|text_davinci_001': {
    n: 803,
    difference: 2.023003274869241,
    ci_low: 0.6902788443619905,
    ci_high: 3.3557277053764913,
    p_value: 0.0029732191957388696,
  },
};

describe('winrate compare: the paired test of two systems', () => {
  it('equals scipy.stats.ttest_rel on a hand-sized case (t, p, CI at two levels)', () => {
    const a = [1, 0, 1, 1, 0.5, 1, 0, 1];
    const b = [0, 0, 1, 0, 0.5, 0, 0, 1];
    const r = pairedTTest(a, b);
    expect(rel(r.t, SCIPY.small.t)).toBeLessThan(1e-12);
    expect(rel(r.p_value, SCIPY.small.p)).toBeLessThan(1e-9);
    expect(rel(r.ci_low, SCIPY.small.ci95[0])).toBeLessThan(1e-9);
    expect(rel(r.ci_high, SCIPY.small.ci95[1])).toBeLessThan(1e-9);
    const r90 = pairedTTest(a, b, { confidence: 0.9 });
    expect(rel(r90.ci_low, SCIPY.small.ci90[0])).toBeLessThan(1e-9);
    const boot = pairedTTest(a, b, { bootstrap: 500, seed: 3 });
    expect(boot.bootstrap_ci_low!).toBeLessThan(r.difference);
    expect(boot.bootstrap_ci_high!).toBeGreaterThan(r.difference);
    expect(pairedTTest([1, 1], [0, 0]).p_value).toBe(0);
  });

  it('equals ttest_rel on real AlpacaEval models against the same baseline; --fail-if-worse fails a worse system and passes a better one', () => {
    const dir = tempDir();
    const sample = (m: string) => new URL(`../../data/alpacaeval/sample/${m}.json.gz`, import.meta.url).pathname;
    expect(
      runCli(
        [
          'import',
          'alpaca-eval',
          ...['gpt4_1106_preview', 'claude-2', 'vicuna-7b-v1.5', 'text_davinci_001'].map(sample),
        ],
        { cwd: dir },
      ).status,
    ).toBe(0);
    for (const [pair, want] of Object.entries(SCIPY).filter(([k]) => k.includes('|'))) {
      const [a, b] = pair.split('|');
      const r = runCli(['compare', a, b, '--baseline', 'gpt4_1106_preview', '--format', 'json'], { cwd: dir });
      expect(r.status, r.stderr).toBe(0);
      const got = JSON.parse(r.stdout) as Record<string, number | string>;
      for (const k of ['difference', 'ci_low', 'ci_high', 'p_value'] as const)
        expect(rel(got[k] as number, (want as Record<string, number>)[k])).toBeLessThan(1e-6);
      expect(got.n).toBe((want as { n: number }).n);
      expect(got.mode).toBe('baseline');
    }
    const worse = runCli(
      ['compare', 'text_davinci_001', 'vicuna-7b-v1.5', '--baseline', 'gpt4_1106_preview', '--fail-if-worse'],
      { cwd: dir },
    );
    expect(worse.status).toBe(7);
    expect(worse.stderr).toMatch(
      /\[SIGNIFICANTLY_WORSE\]: text_davinci_001 is significantly worse than vicuna-7b-v1.5: -2\.02 points \(p = 0\.00297 < 0\.05\)/,
    );
    expect(
      runCli(['compare', 'vicuna-7b-v1.5', 'text_davinci_001', '--baseline', 'gpt4_1106_preview', '--fail-if-worse'], {
        cwd: dir,
      }).status,
    ).toBe(0);
    // at the 0.1% level the same regression is not significant
    expect(
      runCli(['compare', 'text_davinci_001', 'vicuna-7b-v1.5', '--fail-if-worse', '--level', '0.001'], { cwd: dir })
        .status,
    ).toBe(0);
  });

  it('compares two systems directly from their A/B outcomes', () => {
    const dir = tempDir();
    const f = join(dir, 'ab.jsonl');
    const outcomes = ['a', 'a', 'b', 'a', 'tie', 'a', 'b', 'a', 'a', 'tie'];
    writeFileSync(
      f,
      outcomes
        .map((o, i) => JSON.stringify({ item: `q${i}`, system_a: 'new', system_b: 'old', outcome: o }))
        .join('\n'),
    );
    expect(runCli(['import', 'comparisons', f], { cwd: dir }).status).toBe(0);
    const r = JSON.parse(runCli(['compare', 'new', 'old', '--format', 'json'], { cwd: dir }).stdout) as Record<
      string,
      number | string
    >;
    expect(r.mode).toBe('direct');
    expect(r.win_rate_a).toBeCloseTo(70, 12); // 6 wins, 2 ties of 10
    expect(r.difference).toBeCloseTo(40, 12); // 70 − 30
    const d = outcomes.map((o) => (o === 'a' ? 1 : o === 'b' ? -1 : 0));
    expect(r.p_value).toBeCloseTo(
      pairedTTest(
        d,
        d.map(() => 0),
      ).p_value,
      12,
    );
  });
});
