import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { readBattlesFile, streamBattlesFile } from '../../src/io/battles.js';
import { importFiles } from '../../src/io/import-files.js';
import { comparisonsOf } from '../../src/store/comparison-columns.js';
import type * as Parallel from '../../src/io/battles-parallel.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/cli.js';
import { hashStoredBytes } from '../../src/io/text-stream.js';
import { readTextFile } from '../../src/io/read-file.js';
import { contentKey } from '../../src/io/file-identity.js';
import type { Comparison } from '../../src/core/model.js';
import type { ImportBatch } from '../../src/store/store.js';

const REAL = new URL('../fixtures/arenahard/battles_a573485.jsonl.gz', import.meta.url).pathname;
const WINNERS = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];

/** A battles CSV of `n` rows (more than one streamed batch), gzipped; `bad` rows get a winner no reader accepts. */
function battlesCsv(dir: string, n: number, bad: number[] = []): string {
  const lines = ['model_a,model_b,winner,tokens_a,tokens_b,headers_a,headers_b,lists_a,lists_b,bolds_a,bolds_b'];
  for (let i = 0; i < n; i++) {
    const w = bad.includes(i) ? 'model_c' : WINNERS[(i * 7) % 4];
    lines.push(`m${i % 5},"m,${((i + 1) % 5) + 5}",${w},${100 + (i % 13)},${90 + (i % 7)},${i % 3},0,1,${i % 2},0,2`);
  }
  const file = join(dir, `b${n}-${bad.join('_')}.csv.gz`);
  writeFileSync(file, gzipSync(lines.join('\n') + '\n'));
  return file;
}

/** A file's identity computed the whole-file way: SHA-256 of its decompressed text without a byte-order mark. */
function contentHash(file: string): string {
  return createHash('sha256').update(readTextFile(file)).digest('hex');
}

/** The comparisons of a stream of batches, each named by its file's content hash (given by the last batch). */
async function resolved(batches: AsyncIterable<ImportBatch>): Promise<Comparison[]> {
  const out: Comparison[] = [];
  const hashes = new Map<string, string>();
  for await (const b of batches) {
    if (b.columns) out.push(...comparisonsOf(b.columns));
    for (const h of b.sourceHashes ?? []) hashes.set(h.provisional, h.hash);
  }
  return out.map((c) => ({
    ...c,
    sourceHash: c.sourceHash == null ? c.sourceHash : (hashes.get(c.sourceHash) ?? 'unresolved'),
  }));
}

describe('streamed battles import', () => {
  it('yields exactly the records of the whole-file reader, in batches (CSV with quotes, and real Arena-Hard JSONL)', async () => {
    const dir = tempDir();
    for (const file of [battlesCsv(dir, 45_000), REAL]) {
      const whole = readBattlesFile(file);
      const streamed = [];
      let batches = 0;
      let hashes: ImportBatch['sourceHashes'] = [];
      for await (const b of streamBattlesFile(file, {}, 10_000)) {
        if (!b.columns) {
          hashes = b.sourceHashes; // the last batch: the content hash, computed along the way
          continue;
        }
        batches++;
        streamed.push(
          ...b.items.map((x) => ['item', x] as const),
          ...comparisonsOf(b.columns).map((c) => ['cmp', c] as const),
        );
      }
      expect(batches).toBeGreaterThan(file === REAL ? 0 : 1);
      // the batches name the file by a stand-in, and the last one gives the whole-file reader's content hash for it
      expect(hashes?.[0]?.hash).toBe(contentHash(file));
      expect(hashes?.[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
      const stand = hashes![0].provisional;
      expect(
        streamed
          .filter(([k]) => k === 'cmp')
          .every(([, c]) => (c as Comparison).sourceHash === stand || (c as Comparison).itemKey !== null),
      ).toBe(true);
      const fixHash = (c: Comparison): Comparison =>
        c.sourceHash === stand ? { ...c, sourceHash: hashes![0].hash } : c;
      expect(streamed.filter(([k]) => k === 'cmp').map(([, c]) => fixHash(c as Comparison))).toEqual(whole.comparisons);
      expect(streamed.filter(([k]) => k === 'item').map(([, c]) => c)).toEqual(whole.items);
    }
  });

  it('writes a bad row far into the file as an error naming file, line and field, and leaves the store untouched', async () => {
    const dir = tempDir();
    const store = new SqliteStore(join(dir, 'w.db'));
    const good = battlesCsv(dir, 30_000);
    await importFiles(store, 'battles', [good]);
    const before = await store.stats();
    const file = battlesCsv(dir, 50_000, [41_234]);
    const err = await importFiles(store, 'battles', [battlesCsv(dir, 25_000), file]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toContain(`${file}, row 41236, field "winner"`);
    expect((err as InputError).message).toMatch(/got the string "model_c"/);
    expect(await store.stats()).toEqual(before);
    // a syntax error is named by its line too
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'model_a,model_b,winner\na,b,tie\na,"b,tie\n');
    expect(await importFiles(store, 'battles', [broken]).catch((e: Error) => e.message)).toMatch(
      /broken\.csv, row 3.*not closed/,
    );
    // the same file again is unchanged; the ids it stored all resolve (foreign keys are not re-checked row by row)
    const again = await importFiles(store, 'battles', [good]);
    expect([again.inserted.comparisons, again.unchanged]).toEqual([0, 30_000]);
    expect(store.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const counts = await store.outcomeCounts();
    expect(counts.count.reduce((a, b) => a + b, 0)).toBe(30_000);
    // the outcome counts, tallied across the batches and written once at the end, are those of the stored rows
    const cells = (sql: string): unknown[] => store.db.prepare(`${sql} ORDER BY 1, 2, 3, 4, 5`).raw().all();
    const stored = cells(
      "SELECT judge_id, system_a, system_b, p_a, strong, count(*) FROM comparisons WHERE status = 'ok' GROUP BY 1, 2, 3, 4, 5",
    );
    expect(stored.length).toBe(15); // 5 pairs × 3 outcomes
    expect(cells('SELECT judge_id, system_a, system_b, p_a, strong, n FROM pair_outcomes')).toEqual(stored);
    await store.close();
  });

  it('knows a file met before by the hash of its bytes: its rows go under its identity at once, unchanged', async () => {
    const dir = tempDir();
    const store = new SqliteStore(join(dir, 'w.db'));
    const file = battlesCsv(dir, 30_000);
    const first = await importFiles(store, 'battles', [file]);
    expect(first.inserted.comparisons).toBe(30_000);
    const text = contentHash(file);
    expect(await store.setting(contentKey(await hashStoredBytes(file)))).toBe(text);
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
    // the same bytes again, under another name: known before reading, nothing written and taken back out
    const copy = join(dir, 'copy.csv.gz');
    copyFileSync(file, copy);
    const again = await importFiles(store, 'battles', [copy]);
    expect([again.inserted.comparisons, again.unchanged]).toEqual([0, 30_000]);
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
    // the same content in other bytes (uncompressed): read under a stand-in, then found to be stored: unchanged too
    const plain = join(dir, 'plain.csv');
    writeFileSync(plain, gunzipSync(readFileSync(file)));
    const third = await importFiles(store, 'battles', [plain]);
    expect([third.inserted.comparisons, third.unchanged]).toEqual([0, 30_000]);
    expect(store.db.prepare("SELECT hash FROM sources WHERE hash <> ''").pluck().all()).toEqual([text]);
    expect((await store.outcomeCounts()).count.reduce((a, b) => a + b, 0)).toBe(30_000);
    await store.close();
    // bytes that are not those the store knew (the file changed while it was read) fail, naming the file
    const stale = (async () => {
      for await (const b of streamBattlesFile(file, { known: { file: 'f'.repeat(64), text } })) void b;
    })();
    await expect(stale).rejects.toThrow(`${file}: the file changed while it was read: import it again`);
  });

  it('stores battles tied to items without a content-hash source (only battles without an item need one)', async () => {
    const store = new SqliteStore(join(tempDir(), 'w.db'));
    const s = await importFiles(store, 'battles', [REAL]);
    expect(s.inserted.comparisons).toBeGreaterThan(1000);
    expect(store.db.prepare('SELECT count(*) FROM comparisons WHERE item_id IS NULL').pluck().get()).toBe(0);
    expect(store.db.prepare("SELECT count(*) FROM sources WHERE hash <> ''").pluck().get()).toBe(0);
    await store.close();
  });

  it('reads on a worker thread with the same batches and the same errors (the built module)', async () => {
    const { streamBattlesInWorker } = (await import(
      new URL('../../dist/io/battles-parallel.js', import.meta.url).href
    )) as typeof Parallel;
    const dir = tempDir();
    const file = battlesCsv(dir, 60_000);
    const inline = await resolved(streamBattlesFile(file));
    let read = 0;
    const viaWorker = await resolved(streamBattlesInWorker(file, { onRead: (n) => (read += n) }));
    expect(viaWorker).toEqual(inline);
    expect(viaWorker[0].sourceHash).toBe(contentHash(file));
    expect(read).toBe(statSync(file).size);
    const bad = battlesCsv(dir, 60_000, [55_555]);
    const err = await (async () => {
      for await (const b of streamBattlesInWorker(bad)) void b;
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'InputError', code: 'INPUT_FIELD' }); // the built module's class
    expect((err as InputError).message).toBe(
      `${bad}, row 55557, field "winner": winner must be one of model_a, model_b, tie, tie (bothbad) (got the string "model_c")`,
    );
    expect((err as InputError).location).toEqual({ file: bad, row: 55557, field: 'winner' });
    // what the store knows of the bytes reaches the worker after it has started: batches under the known identity,
    // no closing batch of hashes; bytes other than those known fail
    const known = { file: await hashStoredBytes(file), text: contentHash(file) };
    const knownBatches: ImportBatch[] = [];
    for await (const b of streamBattlesInWorker(file, { known })) knownBatches.push(b);
    expect(knownBatches.filter((b) => b.sourceHashes || b.columns?.sourceHash !== known.text)).toEqual([]);
    expect(knownBatches.flatMap((b) => comparisonsOf(b.columns!))).toEqual(inline);
    const changed = (async () => {
      for await (const b of streamBattlesInWorker(file, { known: { ...known, file: '0'.repeat(64) } })) void b;
    })();
    await expect(changed).rejects.toThrow(`${file}: the file changed while it was read: import it again`);
    // a file that cannot be hashed fails before the worker has anything to read (and the worker is stopped)
    const missing = join(dir, 'missing.csv.gz');
    const gone = (async () => {
      for await (const b of streamBattlesInWorker(missing, { lookup: () => Promise.resolve(null) })) void b;
    })();
    await expect(gone).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', message: `${missing}: no such file` });
  });
});
