import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { runCli, tempDir } from '../helpers/cli.js';

describe('study quality and judges measure position bias the same way', () => {
  it('mean P(the side shown first wins) − ½, a tie or "both bad" counting ½ (hand computation)', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.db');
    const store = new SqliteStore(db);
    const keys = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
    await store.importBatch({
      items: keys.map((k) => ({ dataset: 'd', key: k, instruction: `Question ${k}?` })),
      responses: ['base', 'm'].flatMap((s) => keys.map((k) => ({ dataset: 'd', itemKey: k, system: s, output: s }))),
      comparisons: [],
    });
    await store.createStudy({ name: 's', design: { kind: 'baseline', baseline: 'base' }, votesWanted: 1 });
    await store.addAnnotator('s', 'ann', 'h');
    const choices = ['left', 'left', 'left', 'right', 'tie', 'both_bad'] as const;
    for (const choice of choices) {
      const t = (await store.nextTask('s', 'ann'))!;
      expect(
        await store.recordVote({ study: 's', annotator: 'ann', taskId: t.taskId, leftIsX: t.leftIsX, choice }),
      ).toBe('recorded');
    }
    await store.close();
    // (1 + 1 + 1 + 0 + ½ + ½)/6 − ½ = 1/6 (counting only left/right votes would give 3/4 − ½ = 0.25)
    const quality = JSON.parse(runCli(['--db', db, 'study', 'quality', '--study', 's', '--format', 'json']).stdout) as {
      annotators: { annotator: string; position_bias: number }[];
    };
    expect(quality.annotators[0].position_bias).toBeCloseTo(1 / 6, 12);
    const judges = JSON.parse(runCli(['--db', db, 'judges', '--format', 'json']).stdout) as {
      judges: { judge: string; position_bias: number }[];
    };
    expect(judges.judges.find((j) => j.judge === 'human:ann')!.position_bias).toBeCloseTo(1 / 6, 12);
  });
});
