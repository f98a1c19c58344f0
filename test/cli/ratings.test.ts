import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/stats/random.js';
import { runCli, tempDir } from '../helpers/cli.js';

const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url).pathname;
type Row = Record<string, number | string | null>;
const json = (out: { stdout: string; stderr: string; status: number | null }): Row[] => {
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Row[];
};

function published(csv: string): Map<string, { score: number; low: number; high: number }> {
  const lines = readFileSync(fixture(`arenahard/${csv}`), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return new Map(
    lines.map((l) => {
      const c = l.split(',');
      return [c[0], { score: Number(c[1]), low: Number(c[2]), high: Number(c[3]) }];
    }),
  );
}

describe('Arena-Hard-Auto v0.1 scores from battles reproduce the published leaderboards', () => {
  it.each([
    ['battles_a573485.jsonl.gz', 'leaderboard_20240815.csv'],
    ['battles_67a821c.jsonl.gz', 'leaderboard_20240813.csv'],
    ['battles_official_v01.jsonl.gz', 'arena_hard_leaderboard_20240731.csv'],
  ])('%s → %s: scores to the published two decimals, CIs close', (battles, board) => {
    const dir = tempDir();
    expect(runCli(['import', 'battles', fixture(`arenahard/${battles}`)], { cwd: dir }).status).toBe(0);
    const rows = json(
      runCli(['leaderboard', '--method', 'arena-hard', '--format', 'json', '--seed', '42'], { cwd: dir }),
    );
    const pub = published(board);
    let compared = 0;
    for (const r of rows) {
      const p = pub.get(r.system as string);
      if (!p) continue;
      compared++;
      expect(Math.round((r.score as number) * 100) / 100, r.system as string).toBe(p.score);
      if (p.low !== p.high) {
        expect(Math.abs((r.score_ci_low as number) - p.low), `${r.system} low`).toBeLessThan(1.5);
        expect(Math.abs((r.score_ci_high as number) - p.high), `${r.system} high`).toBeLessThan(1.5);
      }
    }
    expect(compared).toBeGreaterThanOrEqual(battles.startsWith('battles_official') ? 3 : 9);
    expect(rows.find((r) => r.system === 'gpt-4-0314')).toMatchObject({ rating: 1000, score: 50 });
    // the same seed gives the same intervals; importing the same battles again changes nothing
    expect(
      runCli(['leaderboard', '--method', 'arena-hard', '--format', 'json', '--seed', '42'], { cwd: dir }).stdout,
    ).toBe(JSON.stringify(rows, null, 2) + '\n');
    expect(runCli(['import', 'battles', fixture(`arenahard/${battles}`)], { cwd: dir }).stderr).toMatch(
      / 0 new comparisons/,
    );
  });

  it('judgment files: two games per question, strong verdicts ×3, score = weighted (W + T/2)/N', () => {
    const dir = tempDir();
    const file = fixture('arenahard/judgments_gpt-4o-mini.jsonl');
    const imp = runCli(['import', 'arena-hard', file], { cwd: dir });
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(/130 new comparisons/);
    // expected score computed here from the raw labels, independently of the store
    const weight: Record<string, [number, number]> = {
      'A>>B': [3, 1],
      'A>B': [1, 1],
      'A=B': [1, 0.5],
      'B>A': [1, 0],
      'B>>A': [3, 0],
    };
    let w = 0;
    let won = 0;
    for (const line of readFileSync(file, 'utf8').trim().split('\n')) {
      const r = JSON.parse(line) as { games: { score: string | null }[] };
      r.games.forEach((g, gi) => {
        if (g.score === null) return;
        const [k, pA] = weight[g.score];
        const model = gi === 0 ? 1 - pA : pA; // game 1: baseline is A
        w += k;
        won += k * model;
      });
    }
    const rows = json(
      runCli(['leaderboard', '--method', 'arena-hard', '--format', 'json', '--bootstrap', '20'], { cwd: dir }),
    );
    const m = rows.find((r) => r.system === 'gpt-4o-mini')!;
    expect(m.score as number).toBeCloseTo((100 * won) / w, 6);
    expect(m.n_comparisons).toBe(130);
    // v2.0: the mean of the per-game scores (strong ×3), bootstrapped with a 90% interval
    const v2exact = json(
      runCli(['leaderboard', '--method', 'arena-hard-v2', '--format', 'json', '--bootstrap', '0'], { cwd: dir }),
    )[0];
    expect(v2exact).toMatchObject({ system: 'gpt-4o-mini', n_scores: w });
    expect(v2exact.score as number).toBeCloseTo((100 * won) / w, 9);
    const v2 = json(runCli(['leaderboard', '--method', 'arena-hard-v2', '--format', 'json'], { cwd: dir }))[0];
    expect(Math.abs((v2.score as number) - (100 * won) / w)).toBeLessThan(1.5);
    expect(v2.ci_low as number).toBeLessThan(v2.score as number);
    expect(v2.ci_high as number).toBeGreaterThan(v2.score as number);
  });
});

describe('Bradley–Terry, Elo and style control from the CLI', () => {
  const dir = tempDir();
  const rng = new Rng(5);
  const truth = [400, 200, 0, -200];
  const lines = ['model_a,model_b,winner,tokens_a,tokens_b,headers_a,headers_b,lists_a,lists_b,bolds_a,bolds_b'];
  for (let i = 0; i < 6000; i++) {
    const a = rng.int(4);
    let b = rng.int(4);
    while (b === a) b = rng.int(4);
    const ta = a === 3 ? 900 + rng.int(300) : 200 + rng.int(300); // m3 is verbose
    const tb = b === 3 ? 900 + rng.int(300) : 200 + rng.int(300);
    const f = (ta - tb) / (ta + tb + 1);
    const p = 1 / (1 + 10 ** ((truth[b] - truth[a]) / 400 - 1.2 * f));
    const u = rng.next();
    const winner = u < 0.08 ? 'tie' : u < 0.1 ? 'tie (bothbad)' : rng.next() < p ? 'model_a' : 'model_b';
    lines.push(`m${a},m${b},${winner},${ta},${tb},0,0,${rng.int(3)},${rng.int(3)},0,1`);
  }
  const file = join(dir, 'battles.csv');
  writeFileSync(file, lines.join('\n'));

  it('bt ranks by strength with CIs and ranks; --anchor pins a rating', () => {
    expect(runCli(['import', 'battles', file], { cwd: dir }).status).toBe(0);
    const rows = json(
      runCli(['leaderboard', '--method', 'bt', '--format', 'json', '--anchor', 'm2=1000', '--bootstrap', '50'], {
        cwd: dir,
      }),
    );
    expect(rows.map((r) => r.system)).toEqual(['m0', 'm1', 'm3', 'm2']);
    expect(rows.find((r) => r.system === 'm2')!.rating).toBeCloseTo(1000, 9);
    for (const r of rows) {
      expect(r.ci_low as number).toBeLessThanOrEqual(r.rating as number);
      expect(r.ci_high as number).toBeGreaterThanOrEqual(r.rating as number);
    }
    expect(rows[0].rank).toBe(1);
    const table = runCli(['leaderboard', '--method', 'bt', '--bootstrap', '10'], { cwd: dir }).stdout;
    expect(table).toMatch(/^Bradley–Terry\n/);
    expect(table).toMatch(/m0 +\d{4}\.\d +\[\d{4}\.\d, \d{4}\.\d\]/);
  });

  it('style control finds the planted length effect and demotes the verbose system', () => {
    const plain = json(
      runCli(['leaderboard', '--method', 'bt', '--format', 'json', '--bootstrap', '0', '--anchor', 'm2=1000'], {
        cwd: dir,
      }),
    );
    const sc = json(
      runCli(
        [
          'leaderboard',
          '--method',
          'bt',
          '--style-control',
          '--format',
          'json',
          '--bootstrap',
          '10',
          '--anchor',
          'm2=1000',
        ],
        { cwd: dir },
      ),
    );
    const r = (rows: Row[], s: string) => rows.find((x) => x.system === s)!.rating as number;
    expect(r(plain, 'm3')).toBeGreaterThan(1000); // the verbose m3 beats m2 without control…
    expect(r(sc, 'm3')).toBeLessThan(r(plain, 'm3') - 100); // …and loses its length bonus with it
    expect(Math.abs(r(sc, 'm3') - 800)).toBeLessThan(80);
  });

  it('online Elo runs in file order; style control without metadata is a clear error', () => {
    const elo = json(runCli(['leaderboard', '--method', 'elo', '--format', 'json'], { cwd: dir }));
    expect(elo[0].system).toBe('m0');
    const d2 = tempDir();
    writeFileSync(
      join(d2, 'b.jsonl'),
      '{"model_a":"x","model_b":"y","winner":"model_a"}\n{"model_a":"y","model_b":"x","winner":"tie"}\n',
    );
    expect(runCli(['import', 'battles', join(d2, 'b.jsonl')], { cwd: d2 }).status).toBe(0);
    const bad = runCli(['leaderboard', '--method', 'bt', '--style-control'], { cwd: d2 });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/style control needs style metadata.*2 of 2 have none/);
  });

  it('rejects a bad battle row with file, row and field, storing nothing', () => {
    const d2 = tempDir();
    writeFileSync(join(d2, 'b.csv'), 'model_a,model_b,winner\nx,y,model_a\nx,y,maybe\n');
    const r = runCli(['import', 'battles', join(d2, 'b.csv')], { cwd: d2 });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/b\.csv, row 3, field "winner": winner must be one of/);
    expect(runCli(['status'], { cwd: d2 }).stdout).toMatch(/comparisons: 0 /);
  });
});

describe('WildBench from the CLI', () => {
  it('WB-Score and avg_len of the fixture judgments equal the published figures exactly', () => {
    const dir = tempDir();
    const files = [
      'gemma-2b-it',
      'gemma-7b-it',
      'reka-core-20240501',
      'Qwen1.5-72B-Chat-greedy',
      'Phi-3-mini-128k-instruct',
    ].map((m) => fixture(`wildbench/score/${m}.jsonl.gz`));
    expect(runCli(['import', 'wildbench', ...files], { cwd: dir }).status).toBe(0);
    const expected = (
      JSON.parse(readFileSync(fixture('wildbench/expected.json'), 'utf8')) as {
        models: Record<string, { WB_score: number; avg_len: number; n: number }>;
      }
    ).models;
    const rows = json(runCli(['leaderboard', '--method', 'wb-score', '--format', 'json'], { cwd: dir }));
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      const e = expected[r.system as string];
      expect(r.wb_score).toBe(e.WB_score);
      expect(r.avg_len).toBe(e.avg_len);
      expect(r.n).toBe(e.n);
    }
  });

  it('WB-Reward with the length penalty K, per reference and mixed, counting skipped tasks', () => {
    const dir = tempDir();
    const refs = ['gpt-4-turbo-2024-04-09', 'claude-3-haiku-20240307', 'Llama-2-70b-chat-hf'];
    for (const ref of refs) {
      const rows = [
        {
          session_id: 's1',
          model_A: 'mine',
          model_B: ref,
          parsed_result: { choice: 'A+' },
          model_outputs: { mine: 'x'.repeat(2000), [ref]: 'y'.repeat(1000) },
        },
        {
          session_id: 's2',
          model_A: ref,
          model_B: 'mine',
          parsed_result: { choice: 'A++' },
          model_outputs: { mine: 'x', [ref]: 'y' },
        },
        {
          session_id: 's3',
          model_A: 'mine',
          model_B: ref,
          parsed_result: { choice: 'A=B' },
          model_outputs: { mine: 'x', [ref]: 'y' },
        },
        { session_id: 's4', model_A: 'mine', model_B: ref, parsed_result: {}, model_outputs: { mine: '', [ref]: 'y' } },
      ];
      writeFileSync(join(dir, `${ref}.json`), JSON.stringify(rows));
    }
    expect(runCli(['import', 'wildbench', ...refs.map((r) => join(dir, `${r}.json`))], { cwd: dir }).status).toBe(0);
    const k500 = json(runCli(['leaderboard', '--method', 'wb-reward', '--format', 'json', '--k', '500'], { cwd: dir }));
    const k1500 = json(
      runCli(['leaderboard', '--method', 'wb-reward', '--format', 'json', '--k', '1500'], { cwd: dir }),
    );
    const mine = (rows: Row[]) => rows.find((r) => r.system === 'mine')!;
    // K=500: s1 slight win but 1000 chars longer → tie; s2 lose_much; s3 tie; s4 skipped → (−1)/4
    expect(mine(k500).mixture).toBeCloseTo(-25, 10);
    // K=1500: s1 stays a win (+0.5) → (0.5 − 1)/4
    expect(mine(k1500).mixture).toBeCloseTo(-12.5, 10);
    const one = json(
      runCli(['leaderboard', '--method', 'wb-reward', '--format', 'json', '--baseline', refs[0], '--k', '-1'], {
        cwd: dir,
      }),
    );
    expect(mine(one)).toMatchObject({ win: 1, lose_much: 1, tie: 1, total: 4 });
  });
});

describe('MT-Bench and correlate from the CLI', () => {
  it('single-answer scores per turn, and pairwise win rates requiring both games to agree', () => {
    const dir = tempDir();
    const single = [
      { question_id: 81, model: 'a', judge: ['gpt-4', 'single-v1'], score: 8, turn: 1 },
      { question_id: 81, model: 'a', judge: ['gpt-4', 'single-v1'], score: 6, turn: 2 },
      { question_id: 82, model: 'a', judge: ['gpt-4', 'single-v1'], score: -1, turn: 1 },
      { question_id: 81, model: 'b', judge: ['gpt-4', 'single-v1'], score: 9, turn: 1 },
    ];
    writeFileSync(join(dir, 'single.jsonl'), single.map((r) => JSON.stringify(r)).join('\n'));
    expect(runCli(['import', 'mt-bench', join(dir, 'single.jsonl')], { cwd: dir }).status).toBe(0);
    const rows = json(runCli(['leaderboard', '--method', 'mt-bench', '--format', 'json'], { cwd: dir }));
    expect(rows.map((r) => [r.system, r.score, r.turn_1, r.turn_2, r.n])).toEqual([
      ['b', 9, 9, null, 1],
      ['a', 7, 8, 6, 2],
    ]);

    const d2 = tempDir();
    // FastChat's own labels: winners are model_1 / model_2 (game 2 already mapped back), judge [model, prompt]
    const pair = [
      {
        question_id: 1,
        model_1: 'a',
        model_2: 'gpt-3.5-turbo',
        g1_winner: 'model_1',
        g2_winner: 'model_1',
        judge: ['gpt-4', 'pair-v2'],
        turn: 1,
      },
      {
        question_id: 2,
        model_1: 'a',
        model_2: 'gpt-3.5-turbo',
        g1_winner: 'model_1',
        g2_winner: 'model_2',
        judge: ['gpt-4', 'pair-v2'],
        turn: 1,
      },
      {
        question_id: 3,
        model_1: 'a',
        model_2: 'gpt-3.5-turbo',
        g1_winner: 'model_2',
        g2_winner: 'model_2',
        judge: ['gpt-4', 'pair-v2'],
        turn: 1,
      },
      {
        question_id: 3,
        model_1: 'a',
        model_2: 'gpt-3.5-turbo',
        g1_winner: 'tie',
        g2_winner: 'model_1',
        judge: ['gpt-4', 'pair-v2'],
        turn: 2,
      },
    ];
    writeFileSync(join(d2, 'pair.jsonl'), pair.map((r) => JSON.stringify(r)).join('\n'));
    expect(runCli(['import', 'mt-bench', join(d2, 'pair.jsonl')], { cwd: d2 }).status).toBe(0);
    const pw = json(runCli(['leaderboard', '--method', 'mt-bench-pairwise', '--format', 'json'], { cwd: d2 }));
    expect(pw[0]).toMatchObject({
      system: 'a',
      win: 1,
      loss: 1,
      tie: 2,
      win_rate: 25,
      loss_rate: 25,
      win_rate_adjusted: 50,
    });
  });

  it('correlates two leaderboards over their common systems', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'a.json'),
      JSON.stringify([
        { system: 'x', score: 1 },
        { system: 'y', score: 2 },
        { system: 'z', score: 3 },
        { system: 'w', score: 4 },
        { system: 'only-a', score: 9 },
      ]),
    );
    writeFileSync(join(dir, 'b.csv'), 'model,rating\nx,1000\ny,1100\nz,1050\nw,1200\n');
    const out = runCli(['correlate', join(dir, 'a.json'), join(dir, 'b.csv'), '--format', 'json'], { cwd: dir });
    expect(out.status, out.stderr).toBe(0);
    const r = JSON.parse(out.stdout) as { n: number; spearman: number; kendall_tau_b: number };
    expect(r.n).toBe(4);
    expect(r.spearman).toBeCloseTo(0.8, 12);
    expect(r.kendall_tau_b).toBeCloseTo(4 / 6, 12);
  });
});
