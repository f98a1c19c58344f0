import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMtBenchFile } from '../../src/io/mt-bench.js';
import { runLeaderboard } from '../../src/leaderboard/run.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';

const dir = join(import.meta.dirname, '..', 'fixtures', 'mtbench');
type Rates = { win: number; loss: number; tie: number; win_rate: number; loss_rate: number; win_rate_adjusted: number };
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Record<
  string,
  {
    single?: Record<string, { turn_1: number; turn_2: number; score: number }>;
    'pairwise-baseline'?: { baseline: string; rows: Record<string, Rates> };
    'pairwise-all'?: Record<string, Rates>;
  }
>;

async function storeWith(file: string) {
  const store = openStore(join(tempDir(), 'w.db'));
  await store.importBatch(readMtBenchFile(join(dir, file)));
  return store;
}

const asRates = (r: Record<string, unknown>) => ({
  win: r.win,
  loss: r.loss,
  tie: r.tie,
  win_rate: (r.win_rate as number) / 100,
  loss_rate: (r.loss_rate as number) / 100,
  win_rate_adjusted: (r.win_rate_adjusted as number) / 100,
});

describe('real FastChat MT-Bench files equal show_result.py', () => {
  const files = Object.keys(expected);
  it('covers every fixture file', () => expect(files.length).toBe(5));

  for (const file of files.filter((f) => expected[f].single)) {
    it(`single: ${file}, per turn and overall, without --judge`, async () => {
      const store = await storeWith(file);
      expect((await store.stats()).judges).toEqual(['gpt-4']);
      const got = (await runLeaderboard(store, 'mt-bench', {})).rows;
      const want = expected[file].single!;
      expect(got.map((r) => r.system).sort()).toEqual(Object.keys(want).sort());
      for (const r of got) {
        const w = want[r.system as string];
        expect(r.score as number).toBeCloseTo(w.score, 12);
        expect(r.turn_1 as number).toBeCloseTo(w.turn_1, 12);
        expect(r.turn_2 as number).toBeCloseTo(w.turn_2, 12);
      }
      await store.close();
    });
  }

  for (const file of files.filter((f) => expected[f]['pairwise-all'])) {
    it(`pairwise: ${file}, with its baseline and over all pairs`, async () => {
      const store = await storeWith(file);
      const { baseline, rows } = expected[file]['pairwise-baseline']!;
      const withBase = (await runLeaderboard(store, 'mt-bench-pairwise', { baseline })).rows;
      expect(Object.fromEntries(withBase.map((r) => [r.system, asRates(r)]))).toEqual(rows);
      const all = await runLeaderboard(store, 'mt-bench-pairwise', {});
      expect(all.baseline).toBeNull();
      const want = expected[file]['pairwise-all']!;
      expect(all.rows).toHaveLength(Object.keys(want).length);
      for (const r of all.rows) {
        const w = want[r.system as string];
        const g = asRates(r);
        expect([g.win, g.loss, g.tie]).toEqual([w.win, w.loss, w.tie]);
        expect(g.win_rate_adjusted).toBeCloseTo(w.win_rate_adjusted, 12);
      }
      await store.close();
    });
  }

  it('imports a file twice without change, and a rerun that parses replaces the stored failure', async () => {
    const file = 'dreaming-panda-gpt-4_single-origin.jsonl.gz';
    const store = await storeWith(file);
    const again = await store.importBatch(readMtBenchFile(join(dir, file)));
    expect(again.inserted.grades).toBe(0);
    // 330 rows: 4 unparsed rows are retried later in the file, so 326 grades (6 of them second samples).
    expect((await store.stats()).grades).toBe(326);
    const grades = await store.grades();
    expect(grades.filter((g) => (g.sample ?? 0) > 0)).toHaveLength(6);
    expect(grades.filter((g) => g.score === null)).toHaveLength(0);
    await store.close();
  });
});
