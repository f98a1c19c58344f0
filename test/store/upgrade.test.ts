import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/io/import-files.js';
import { planJudging } from '../../src/judges/plan.js';
import { PRESETS } from '../../src/judges/presets/index.js';
import { OpenAIProvider } from '../../src/judges/providers/openai-provider.js';
import { runJudging } from '../../src/judges/run.js';
import { runLeaderboard } from '../../src/leaderboard/run.js';
import { PG_MIGRATIONS } from '../../src/store/postgres/pg-migrations.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';

const fixture = (p: string) => new URL(`../fixtures/${p}`, import.meta.url).pathname;
const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** Stores written by earlier releases, unpacked into a fresh directory. */
function oldStore(commit: string): string {
  const path = join(tempDir(), `${commit}.db`);
  writeFileSync(path, gunzipSync(readFileSync(fixture(`stores/${commit}.db.gz`))));
  return path;
}

type Row = Record<string, number | string | null>;
const rows = (lb: { rows: Record<string, unknown>[] }) => lb.rows as Row[];

describe('stores outlive the version that wrote them', () => {
  it('shipped migrations never change (append a new one instead)', () => {
    // A new migration adds its hash here; a changed hash means a shipped migration was edited (users' stores that ran
    // the old text would silently differ from new ones).
    expect(SQLITE_MIGRATIONS.map(sha)).toEqual([
      'ffb0bd1b3e7209ae',
      'f5cbd8f744749e30',
      '8e423e28c42f9af5',
      '0d27dd857784e763',
      '7276a523e0fc244b',
      '24f092e2c1e9f8eb',
      '5e48119061e0c89c',
      '40293d53a9ae435e',
      'becd12c18d974e0a',
      'f9fdd00cff43b613',
      '77298e3b6622d1fe',
    ]);
    expect(PG_MIGRATIONS.map(sha)).toEqual([
      'd036810f91b41a75',
      'e381a43cb69449af',
      'c1a4eb1b0659523f',
      '393558a18d2aa016',
      '64edf06803fd1d9d',
      '2e96a4329b114706',
      '1ee0a32d9a84ea03',
      'b5d5484e76f72a5b',
    ]);
  });

  const fake = new FakeOpenAI();
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(() => fake.stop());

  it.each(['b1f0f2f', '95c3e31'])(
    'a store written by %s opens, upgrades in one go, gives the same leaderboard, takes imports and judgments',
    async (commit) => {
      const path = oldStore(commit);
      const store = new SqliteStore(path);
      expect(store.upgrade).toEqual({ from: 1, to: SQLITE_MIGRATIONS.length, legacy: true });
      const judge = commit === 'b1f0f2f' ? undefined : 'weighted_alpaca_eval_gpt4_turbo';
      const published = JSON.parse(readFileSync(fixture(`stores/${commit}.lc.json`), 'utf8')) as Row[];
      const now = rows(await runLeaderboard(store, 'lc', { baseline: 'gpt4_1106_preview', judge }));
      for (const p of published.filter((r) => r.system !== 'gpt4_1106_preview')) {
        const r = now.find((x) => x.system === p.system);
        expect(r?.win_rate, `${commit} ${p.system}`).toBe(p.win_rate);
        expect(r?.n_total).toBe(p.n_total);
        // to 5e-9 points: that release's fits stopped up to 3.3e-9 points short of the optimum (here text_davinci_001);
        // today's equal the fully converged fit (Newton steps down to 1e-15) to 2e-10
        if (commit === 'b1f0f2f') expect(r?.lc_win_rate).toBeCloseTo(p.lc_win_rate as number, 8);
      }
      if (commit === '95c3e31') {
        const bt = JSON.parse(readFileSync(fixture('stores/95c3e31.bt.json'), 'utf8')) as Row[];
        const got = rows(await runLeaderboard(store, 'bt', { judge: 'battles', seed: 1 }));
        // to 5e-6 Elo: the fit's 1e-8 ridge now acts on the deviations from the mean strength (shift invariant, so
        // the bootstrap rounds refit the same maximum); it moved these ratings by up to 1.8e-6
        expect(got.map((r) => [r.system, r.rating])).toEqual(
          bt.map((r) => [r.system, expect.closeTo(r.rating as number, 5) as unknown]),
        );
      }
      // and the same records imported afresh by this winrate give the same leaderboard as the upgraded store
      const fresh = new SqliteStore(join(tempDir(), 'fresh.db'));
      await fresh.importBatch(await store.exportAll());
      expect(rows(await runLeaderboard(fresh, 'lc', { baseline: 'gpt4_1106_preview', judge }))).toEqual(now);
      await fresh.close();

      // new imports and judgments
      const s = await importFiles(store, 'alpaca-eval', [
        new URL('../../data/alpacaeval/sample/claude-2.json.gz', import.meta.url).pathname,
      ]);
      expect(s.inserted.comparisons).toBe(805);
      const tasks = planJudging(await store.judgingInputs('alpaca_eval'), {
        kind: 'pairwise',
        baseline: 'gpt4_1106_preview',
        systems: ['vicuna-7b-v1.5'],
      }).slice(0, 6);
      const r = await runJudging(
        store,
        {
          name: 'new-judge',
          preset: PRESETS.alpaca_eval,
          provider: new OpenAIProvider({ baseURL: fake.url, apiKey: 'k' }),
          model: 'j',
          concurrency: 2,
        },
        tasks,
      );
      expect(r.ok).toBe(6);
      expect((await store.existingJudgments('new-judge')).size).toBe(6);
      await store.close();
      // opening again: current, nothing to do
      const again = new SqliteStore(path);
      expect(again.upgrade).toBeNull();
      await again.close();
    },
  );

  it('the CLI says so when it upgrades a store', async () => {
    const path = oldStore('b1f0f2f');
    const copy = join(tempDir(), 'copy.db');
    copyFileSync(path, copy);
    const r = await runCliAsync(['--db', copy, 'status']);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/upgraded store .*copy\.db from schema version 1 \(an early release's\) to \d/);
    expect((await runCliAsync(['--db', copy, 'status'])).stderr).not.toMatch(/upgraded/);
  });
});
