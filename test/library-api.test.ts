import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as winrate from '../src/index.js';
import { loadCompact } from './helpers/alpaca-compact.js';
import { tempDir } from './helpers/cli.js';
import { writeAnnotationFile } from './helpers/synth-alpaca.js';

describe('library API', () => {
  it('imports files and builds the leaderboard as the CLI does', async () => {
    const [claude, gpt4] = ['claude-2', 'gpt4_1106_preview'].map((n) => loadCompact().find((m) => m.model === n)!);
    const dir = tempDir();
    const store = winrate.openStore(join(dir, 'w.db'));
    const s = await winrate.importFiles(store, 'alpaca-eval', [
      writeAnnotationFile(dir, gpt4),
      writeAnnotationFile(dir, claude),
    ]);
    expect(s.inserted.comparisons).toBe(1610);
    const rows = await winrate.leaderboardFromStore(store);
    const c = rows.find((r) => r.system === 'claude-2')!;
    expect(c.n_wins).toBe(claude.published.n_wins);
    expect(Math.abs(c.lc_win_rate! - (claude.published.length_controlled_winrate as number))).toBeLessThan(0.15);
    await expect(winrate.leaderboardFromStore(store, { baseline: 'nope' })).rejects.toBeInstanceOf(winrate.QueryError);
    await store.close();
  });

  it('exposes typed errors with stable codes', () => {
    const e = new winrate.InputError('INPUT_FIELD', 'bad', { file: 'f.json', row: 3, field: 'x' });
    expect(e.message).toBe('f.json, row 3, field "x": bad');
    expect(e.code).toBe('INPUT_FIELD');
    expect(e).toBeInstanceOf(winrate.WinrateError);
    expect(winrate.codePointLength('a😀b')).toBe(3);
  });
});
