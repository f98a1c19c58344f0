import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../src/io/import-files.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { readComparisonColumns } from '../../src/store/sqlite/columnar-table.js';
import { readComparisonRows, readOutcomeCounts } from '../../src/store/sqlite/sqlite-table.js';
import { parseColumn, scanColumns } from '../../src/store/sqlite/text-columns.js';
import { Rng } from '../../src/stats/random.js';
import { tempDir } from '../helpers/cli.js';

describe('columns read as text (group_concat)', () => {
  it('parses integers, negative numbers, decimals, exponents and empty fields', () => {
    expect(Array.from(parseColumn('3,-12,,0.5,1.0e+22,-2.5e-7,7', 7, new Float64Array(7)))).toEqual([
      3,
      -12,
      Number.NaN,
      0.5,
      1e22,
      -2.5e-7,
      7,
    ]);
    expect(Array.from(parseColumn(',4', 2, new Int32Array(2), -1))).toEqual([-1, 4]);
    expect(Array.from(parseColumn('', 1, new Float64Array(1)))).toEqual([Number.NaN]); // one NULL
    expect(parseColumn('', 0, new Float64Array(0)).length).toBe(0);
    expect(() => parseColumn('1,2', 3, new Float64Array(3))).toThrow(/2 values where 3/);
  });

  it('reads REALs back bit for bit, keeps rows aligned across columns, and declines what text cannot carry exactly', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, k INTEGER, x REAL)');
    const rng = new Rng(7);
    const xs: (number | null)[] = [];
    const insert = db.prepare('INSERT INTO t (k, x) VALUES (?, ?)');
    for (let i = 0; i < 20_000; i++) {
      const x = i % 50 === 0 ? null : (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 120 - 60);
      xs.push(x);
      insert.run(i % 3 === 0 ? null : i - 5000, x);
    }
    const scan = scanColumns(db, [{ expr: 'k' }, { expr: 'x', real: true }], 't', 'id DESC')!;
    expect(scan.count).toBe(20_000);
    const k = parseColumn(scan.texts[0], scan.count, new Float64Array(scan.count));
    const x = parseColumn(scan.texts[1], scan.count, new Float64Array(scan.count));
    for (let r = 0; r < 20_000; r++) {
      const i = 19_999 - r; // descending ids
      expect(Object.is(x[r], xs[i] ?? Number.NaN)).toBe(true);
      expect(k[r]).toBe(i % 3 === 0 ? Number.NaN : i - 5000);
    }
    insert.run(1, 1e-300); // SQLite's printf may be an ulp off this far out
    expect(scanColumns(db, [{ expr: 'x', real: true }], 't', 'id')).toBeNull();
    expect(scanColumns(db, [{ expr: 'x', real: true }], 't WHERE x > ?', 'id', [1e-200])).not.toBeNull();
  });

  it('carries REALs from 2^-32 to 2^22 as two integers, bit for bit (ties, weighted preferences, any mantissa)', () => {
    expect(Array.from(parseColumn('1073741824:0,4194303:9007199254740991', 2, new Float64Array(2)))).toEqual([
      0.5,
      (4194303 + 9007199254740991 * 2 ** -53) * 2 ** -31,
    ]);
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, x REAL)');
    const rng = new Rng(9);
    const edges = [
      2 ** -32,
      2 ** 22 - 2 ** -31,
      0.5,
      1 - 2 ** -53,
      1 + 2 ** -52,
      2 ** -32 * (1 + 2 ** -52),
      1 / 3,
      Math.PI,
      0.1,
      1e-9,
    ];
    const random = (): number => (rng.next() + 2 ** -53 * rng.next()) * 2 ** (rng.int(54) - 32);
    const xs = [...edges, ...Array.from({ length: 50_000 }, random)];
    const insert = db.prepare('INSERT INTO t (x) VALUES (?)');
    for (const x of xs) insert.run(x);
    const scan = scanColumns(db, [{ expr: 'x', real: true }], 't', 'id')!;
    // nearly all by the two-integer path
    expect(scan.texts[0].split(',').filter((f) => f.includes(':')).length).toBeGreaterThan(45_000);
    const back = parseColumn(scan.texts[0], scan.count, new Float64Array(scan.count));
    let same = 0;
    xs.forEach((x, i) => (same += Object.is(back[i], x) ? 1 : 0));
    expect(same).toBe(xs.length);
  });

  it('gives the table the row-by-row read gives: AlpacaEval files with lengths, battles with partial style, every filter', async () => {
    const dir = tempDir();
    const rng = new Rng(3);
    const ann = Array.from({ length: 60 }, (_, i) => ({
      instruction: `q${i % 30}`,
      output_1: 'b'.repeat(1 + ((i % 30) % 17)),
      generator_1: 'base',
      output_2: 'm'.repeat(3 + (i % 11)),
      generator_2: i < 30 ? 'm1' : 'm2',
      annotator: i % 2 ? 'j1' : 'j2',
      preference: i % 7 === 0 ? null : 1 + rng.next(),
    }));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(ann));
    const lines = [
      'model_a,model_b,winner,judge,tokens_a,tokens_b,headers_a,headers_b,lists_a,lists_b,bolds_a,bolds_b',
    ];
    for (let i = 0; i < 300; i++) {
      const style = i % 4 === 0 ? ',,,,,,,' : `${i},${i % 13},${i % 3},1,0,${i % 2},2,0`;
      lines.push(`m${i % 5},x${i % 3},${['model_a', 'model_b', 'tie'][i % 3]},j1,${style}`);
    }
    writeFileSync(join(dir, 'b.csv'), `${lines.join('\n')}\n`);
    const store = new SqliteStore(join(dir, 'w.db'));
    await importFiles(store, 'alpaca-eval', [join(dir, 'a.json')]);
    await importFiles(store, 'battles', [join(dir, 'b.csv')]);
    const filters = [
      {},
      { lean: true },
      { withStyle: true },
      { withStyle: true, lean: true },
      { judge: 'j1' },
      { includeFailed: true },
      { dataset: 'alpaca_eval' },
    ];
    for (const filter of filters) {
      const columns = readComparisonColumns(store.db, filter)!;
      expect(columns, JSON.stringify(filter)).toEqual(readComparisonRows(store.db, filter));
      expect(columns.a.length).toBeGreaterThan(0);
    }
    const failed = readComparisonColumns(store.db, { includeFailed: true })!;
    expect(failed.pA.some((p) => Number.isNaN(p))).toBe(true); // the unparsed verdicts (preference null) arrive as NaN
    const counts = readOutcomeCounts(store.db, {});
    expect(counts.count.reduce((s, c) => s + c, 0)).toBe(readComparisonRows(store.db, {}).a.length);
    expect(readOutcomeCounts(store.db, { judge: 'j2' }).count.reduce((s, c) => s + c, 0)).toBe(25); // even rows, less 5 unparsed
    await store.close();
  });
});
