import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/io/import-files.js';
import { runLeaderboard } from '../../src/leaderboard/run.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/cli.js';

const sample = new URL('../../data/alpacaeval/sample/claude-2.json.gz', import.meta.url).pathname;

describe('the default judge', () => {
  it('the first human vote does not break the default leaderboard: the only machine judge stays the default', async () => {
    const store = new SqliteStore(join(tempDir(), 'w.db'));
    await importFiles(store, 'alpaca-eval', [sample]);
    const [llm] = (await store.stats()).judges;
    const before = JSON.stringify(await runLeaderboard(store, 'lc', {}));
    const t = (await store.judgingInputs()).items[0];
    await store.importBatch({
      items: [],
      responses: [],
      comparisons: [
        {
          dataset: t.dataset,
          itemKey: t.key,
          systemA: 'gpt4_1106_preview',
          systemB: 'claude-2',
          judge: 'human:alice',
          shownFirst: 'a',
          sample: 0,
          status: 'ok',
          pA: 0,
          label: 'B',
        },
      ],
    });
    expect((await store.stats()).judges).toEqual(['human:alice', llm]);
    for (const method of ['lc', 'bt', 'winrate']) {
      expect(JSON.stringify(await runLeaderboard(store, method, {})), method).toBe(
        JSON.stringify(await runLeaderboard(store, method, { judge: llm })),
      );
    }
    expect(JSON.stringify(await runLeaderboard(store, 'lc', {}))).toBe(before);
    // two machine judges are still ambiguous, and the message says how to choose
    await store.importBatch({
      items: [],
      responses: [],
      comparisons: [
        {
          dataset: t.dataset,
          itemKey: t.key,
          systemA: 'gpt4_1106_preview',
          systemB: 'claude-2',
          judge: 'other-llm',
          shownFirst: 'a',
          sample: 0,
          status: 'ok',
          pA: 1,
          label: 'A',
        },
      ],
    });
    await expect(runLeaderboard(store, 'lc', {})).rejects.toMatchObject({
      code: 'AMBIGUOUS_JUDGE',
      message: expect.stringMatching(/--judge/) as unknown,
    });
    await store.close();
  });
});
