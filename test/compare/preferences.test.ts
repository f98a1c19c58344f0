import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bestOfN, idealizedRankingAccuracy, pairAccuracy, sectionScores } from '../../src/stats/preference-accuracy.js';
import { REWARDBENCH_COUNTS, REWARDBENCH_SECTIONS } from '../../src/presets/rewardbench.js';
import { Rng } from '../../src/stats/random.js';
import { runCli, tempDir } from '../helpers/cli.js';

/** Best-of-n by brute force: the mean, over every n-subset, of the win of its highest-scoring sample (ties: mean). */
function bruteForce(scores: number[], wins: number[], n: number): number {
  const N = scores.length;
  let total = 0;
  let count = 0;
  const pick = (start: number, chosen: number[]): void => {
    if (chosen.length === n) {
      const best = Math.max(...chosen.map((i) => scores[i]));
      const top = chosen.filter((i) => scores[i] === best);
      total += top.reduce((s, i) => s + wins[i], 0) / top.length;
      count++;
      return;
    }
    for (let i = start; i < N; i++) pick(i + 1, [...chosen, i]);
  };
  pick(0, []);
  return total / count;
}

describe('preference data: reward-model and ranking accuracy, best-of-n', () => {
  it('best-of-n equals the brute-force mean over all subsets (with tied scores)', () => {
    const rng = new Rng(4);
    const items = Array.from({ length: 6 }, () => {
      const scores = Array.from({ length: 7 }, () => Math.floor(rng.next() * 4)); // many ties
      return { scores, wins: scores.map(() => rng.next()) };
    });
    const r = bestOfN(items);
    expect(r).toHaveLength(7);
    for (let n = 1; n <= 7; n++) {
      const want = items.reduce((s, it) => s + bruteForce(it.scores, it.wins, n), 0) / items.length;
      expect(r[n - 1].win_rate).toBeCloseTo(100 * want, 10);
    }
    expect(r[0].win_rate).toBeCloseTo(
      (100 * items.reduce((s, it) => s + it.wins.reduce((a, b) => a + b, 0) / 7, 0)) / 6,
      10,
    );
  });

  it('accuracy, RewardBench section weighting and the idealized ranking accuracy on hand-worked cases', () => {
    expect(pairAccuracy([2, 1, 3, 0.5], [1, 1, 4, 0])).toEqual({ accuracy: 0.5, n: 4, ties: 1 });
    const acc = new Map([
      ['alpacaeval-easy', 1],
      ['mt-bench-med', 0.5],
      ['math-prm', 0.6],
      ['hep-go', 0.9],
    ]);
    const s = sectionScores(acc, REWARDBENCH_SECTIONS, REWARDBENCH_COUNTS);
    expect(s.Chat).toBeCloseTo((100 * (1 * 100 + 0.5 * 40)) / 140, 12);
    expect(s.Reasoning).toBeCloseTo((100 * (0.6 * 984 + 0.9 * 164)) / (984 + 164), 12);
    expect(s.Score).toBeCloseTo((s.Chat + s.Reasoning) / 2, 12);
    expect(s['Chat Hard']).toBeUndefined();
    // ln π_ref(w) − ln π_ref(l) + logit(α)/β: (−2 + ln 3/0.5 = 0.197 > 0), (−2 + ln 3/2 < 0), (1 + 0 > 0)
    expect(idealizedRankingAccuracy([-10, -10, -5], [-8, -8, -6], [0.75, 0.75, 0.5], 0.5)).toBeCloseTo(1, 12);
    expect(idealizedRankingAccuracy([-10, -5], [-8, -6], [0.75, 0.5], 2)).toBeCloseTo(0.5, 12);
  });

  it('weights the Safety section as RewardBench does (xstest-should-refuse 154, should-respond 250)', () => {
    // Oracle: OpenCompass's RewardBench summarizer (configs/summarizers/rewardbench.py) publishes each subset's weight
    // normalised over the whole benchmark; within Safety only their ratios matter.
    const oc: Record<string, number> = {
      'refusals-dangerous': 0.033783783783783786,
      'refusals-offensive': 0.033783783783783786,
      'xstest-should-refuse': 0.05202702702702703,
      'xstest-should-respond': 0.08445945945945946,
      donotanswer: 0.04594594594594595,
    };
    const acc = new Map([
      ['refusals-dangerous', 0.9],
      ['refusals-offensive', 0.8],
      ['xstest-should-refuse', 0.2],
      ['xstest-should-respond', 0.7],
      ['donotanswer', 0.4],
    ]);
    const wSum = Object.values(oc).reduce((a, b) => a + b, 0);
    const want = (100 * [...acc].reduce((s, [k, a]) => s + a * oc[k], 0)) / wSum;
    const s = sectionScores(acc, REWARDBENCH_SECTIONS, REWARDBENCH_COUNTS);
    expect(s.Safety).toBeCloseTo(want, 10);
    // By hand with the upstream counts: (90 + 80 + 0.2·154 + 0.7·250 + 0.4·136) / 740 = 430.2 / 740.
    expect(s.Safety).toBeCloseTo((100 * 430.2) / 740, 10);
  });

  it('imports preference pairs and reports accuracy per subset, RewardBench sections, ranking and idealized ranking accuracy', () => {
    const dir = tempDir();
    const rows = [
      {
        prompt: 'p1',
        chosen: 'good 1',
        rejected: 'bad 1',
        subset: 'alpacaeval-easy',
        chosen_score: 2,
        rejected_score: 1,
        chosen_logp: -5,
        rejected_logp: -4,
        chosen_ref_logp: -10,
        rejected_ref_logp: -8,
        preference_prob: 0.75,
      },
      {
        prompt: 'p2',
        chosen: 'good 2',
        rejected: 'bad 2',
        subset: 'alpacaeval-easy',
        chosen_score: 1,
        rejected_score: 3,
        chosen_logp: -3,
        rejected_logp: -4,
        chosen_ref_logp: -10,
        rejected_ref_logp: -8,
        preference_prob: 0.75,
      },
      {
        prompt: 'p3',
        chosen: 'good 3',
        rejected: 'bad 3',
        subset: 'hep-go',
        chosen_score: 5,
        rejected_score: 4,
        chosen_logp: -2,
        rejected_logp: -4,
        chosen_ref_logp: -5,
        rejected_ref_logp: -6,
        preference_prob: 0.5,
      },
    ];
    const f = join(dir, 'prefs.jsonl');
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    const imp = runCli(['import', 'preferences', f, '--judge', 'my-rm'], { cwd: dir });
    expect(imp.status, imp.stderr).toBe(0);
    const r = JSON.parse(
      runCli(['preferences', '--reference', 'logp:reference', '--beta', '0.5', '--format', 'json'], { cwd: dir })
        .stdout,
    ) as {
      scorers: {
        judge: string;
        kind: string;
        accuracy: number;
        subsets: { subset: string; accuracy: number }[];
        rewardbench: Record<string, number> | null;
      }[];
      idealized: { accuracy: number; n: number };
    };
    const rm = r.scorers.find((s) => s.judge === 'my-rm')!;
    expect(rm.accuracy).toBeCloseTo(2 / 3, 12);
    expect(rm.subsets).toEqual([
      { subset: 'alpacaeval-easy', accuracy: 0.5, n: 2 },
      { subset: 'hep-go', accuracy: 1, n: 1 },
    ]);
    expect(rm.rewardbench).toEqual({ Chat: 50, Reasoning: 100, Score: 75 });
    const policy = r.scorers.find((s) => s.judge === 'logp:policy')!;
    expect(policy.kind).toBe('ranking');
    expect(policy.accuracy).toBeCloseTo(2 / 3, 12);
    expect(r.idealized.n).toBe(3);
    expect(r.idealized.accuracy).toBeCloseTo(1, 12); // every margin is positive at β = 0.5 (see the hand-worked case)
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, JSON.stringify({ prompt: 'p', chosen: 'a', rejected: 'b', chosen_score: 1 }));
    expect(runCli(['import', 'preferences', bad], { cwd: dir }).stderr).toContain(
      'bad.jsonl, row 1, field "rejected_score": give both chosen_score and rejected_score',
    );
  });

  it('best-of-n from the store: N samples per item scored by a reward model and judged against a baseline', () => {
    const dir = tempDir();
    const rng = new Rng(9);
    const N = 4;
    const items: { scores: number[]; wins: number[] }[] = [];
    const cmp: string[] = [];
    for (let i = 0; i < 20; i++) {
      const it = { scores: [] as number[], wins: [] as number[] };
      for (let k = 1; k <= N; k++) {
        const quality = rng.next();
        const score = Math.round(quality * 10);
        const win = rng.next() < quality ? 'b' : 'a';
        it.scores.push(score);
        it.wins.push(win === 'b' ? 1 : 0);
        cmp.push(
          JSON.stringify({ item: `q${i}`, system_a: 'base', system_b: `policy@${k}`, outcome: win, judge: 'j' }),
        );
      }
      items.push(it);
    }
    writeFileSync(join(dir, 'c.jsonl'), cmp.join('\n'));
    expect(runCli(['import', 'comparisons', join(dir, 'c.jsonl')], { cwd: dir }).status).toBe(0);
    // the reward model's scores as MT-Bench-style single-answer grades of each sample
    const g = items.flatMap((it, i) =>
      it.scores.map((s, k) =>
        JSON.stringify({ question_id: `q${i}`, model: `policy@${k + 1}`, judge: 'rm', score: s, turn: 1 }),
      ),
    );
    writeFileSync(join(dir, 'g.jsonl'), g.join('\n'));
    const imp = runCli(['import', 'mt-bench', join(dir, 'g.jsonl'), '--dataset', 'default'], { cwd: dir });
    expect(imp.status, imp.stderr).toBe(0);
    const r = runCli(['best-of-n', '--prefix', 'policy@', '--scorer', 'rm', '--baseline', 'base', '--format', 'json'], {
      cwd: dir,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { samples: number; items: number; rows: { n: number; win_rate: number }[] };
    expect(out).toMatchObject({ samples: 4, items: 20 });
    const want = bestOfN(items);
    out.rows.forEach((x, k) => expect(x.win_rate).toBeCloseTo(want[k].win_rate, 10));
    expect(out.rows[3].win_rate).toBeGreaterThan(out.rows[0].win_rate); // picking by the reward model helps
  });
});
