import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/model.js';
import { judgeBaselineKey } from '../../src/core/settings.js';
import { runLeaderboard } from '../../src/leaderboard/run.js';
import { openStore } from '../../src/store/open.js';
import { tempDir } from '../helpers/cli.js';

const cmp = (item: string, a: string, b: string, pA: number): Comparison => ({
  dataset: 'd',
  itemKey: item,
  systemA: a,
  systemB: b,
  judge: 'j',
  shownFirst: null,
  sample: 0,
  status: 'ok',
  pA,
  label: String(pA),
});
const items = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ dataset: 'd', key: `q${i}`, instruction: `q${i}` }));

describe('the default baseline', () => {
  it('two systems met on random sides: no alphabetical pick, an error naming both; the recorded baseline settles it', async () => {
    const store = openStore(join(tempDir(), 'w.db'));
    await store.importBatch({
      items: items(6),
      responses: [],
      comparisons: Array.from({ length: 6 }, (_, i) =>
        i % 2 ? cmp(`q${i}`, 'zeta', 'alpha', 1) : cmp(`q${i}`, 'alpha', 'zeta', 0),
      ),
    });
    for (const method of ['winrate', 'variants', 'groups']) {
      await expect(runLeaderboard(store, method, {}), method).rejects.toThrow(
        /no system stands out as the baseline \(alpha, zeta are compared alike\): choose one with --baseline/,
      );
    }
    await store.importBatch({
      items: [],
      responses: [],
      comparisons: [],
      settings: { [judgeBaselineKey('j')]: 'zeta' },
    });
    for (const method of ['winrate', 'variants']) {
      const lb = await runLeaderboard(store, method, {});
      expect(
        lb.rows.find((r) => r.system === 'alpha')!,
        method,
      ).toMatchObject({ win_rate: 0 });
    }
    expect((await runLeaderboard(store, 'winrate', {})).baseline).toBe('zeta');
    expect((await runLeaderboard(store, 'winrate', { baseline: 'alpha' })).baseline).toBe('alpha');
    await store.close();
  });

  it('the system shown as A (AlpacaEval and Arena-Hard put the baseline first) breaks a tie', async () => {
    const store = openStore(join(tempDir(), 'w.db'));
    await store.importBatch({
      items: items(4),
      responses: [],
      comparisons: Array.from({ length: 4 }, (_, i) => cmp(`q${i}`, 'ref', 'model', i % 2)),
    });
    expect((await runLeaderboard(store, 'winrate', {})).baseline).toBe('ref');
    await store.close();
  });
});
