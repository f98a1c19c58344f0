import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type * as Imports from '../../src/io/import-files.js';
import type * as Sqlite from '../../src/store/sqlite/sqlite-store.js';
import { readComparisonTable } from '../../src/store/sqlite/sqlite-table.js';
import { tempDir } from '../helpers/cli.js';

// The table worker runs compiled JavaScript: use the built store (the test command builds first).
const dist = (p: string) => new URL(`../../dist/${p}`, import.meta.url).href;
const { SqliteStore } = (await import(dist('store/sqlite/sqlite-store.js'))) as typeof Sqlite;
const { importFiles } = (await import(dist('io/import-files.js'))) as typeof Imports;

/**
 * A table's names and a digest of every column's bytes (comparing a million-element array element by element is slow).
 */
function columns(t: Awaited<ReturnType<InstanceType<typeof SqliteStore>['comparisonTable']>>): unknown {
  const bytes = (x: ArrayBufferView): string =>
    createHash('sha256')
      .update(Buffer.from(x.buffer, x.byteOffset, x.byteLength))
      .digest('hex');
  const style = t.style ? [...t.style.a, ...t.style.b].map(bytes) : null;
  return {
    systems: t.systems,
    judges: t.judges,
    n: t.a.length,
    style,
    cols: [t.item, t.a, t.b, t.judge, t.pA, t.seq, t.lenA, t.lenB, t.shownFirst, t.strong].map(bytes),
  };
}

describe('a large comparison table read by two connections', () => {
  it('is the table one connection reads: every column, with and without style, for one judge', async () => {
    const dir = tempDir();
    const lines = [
      'model_a,model_b,winner,judge,tokens_a,tokens_b,headers_a,headers_b,lists_a,lists_b,bolds_a,bolds_b',
    ];
    const winners = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];
    for (let i = 0; i < 320_000; i++) {
      lines.push(
        `m${i % 7},m${(i + 1 + (i % 5)) % 7 === i % 7 ? 9 : (i + 1 + (i % 5)) % 7},${winners[i % 4]},j${i % 2},${i % 97},${i % 89},${i % 3},1,0,${i % 2},2,0`,
      );
    }
    const file = join(dir, 'b.csv.gz');
    writeFileSync(file, gzipSync(`${lines.join('\n')}\n`));
    // the id span is above the split threshold (300k) and the worker is built: the read is split
    expect(existsSync(new URL('../../dist/store/sqlite/table-worker.js', import.meta.url))).toBe(true);
    const store = new SqliteStore(join(dir, 'w.db'));
    expect((await importFiles(store, 'battles', [file])).inserted.comparisons).toBe(320_000);
    for (const filter of [{}, { withStyle: true, lean: true }, { judge: 'j1', withStyle: true }]) {
      const two = await store.comparisonTable(filter);
      const one = readComparisonTable(store.db, filter);
      expect(two.a.length).toBe(filter.judge ? 160_000 : 320_000);
      expect(columns(two)).toEqual(columns(one));
    }
    await store.close();
  }, 60_000);
});
