import { createHash, randomUUID } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { Item } from '../core/model.js';
import { comparisonsOf, STYLE_COUNTS, type ComparisonColumns } from '../store/comparison-columns.js';
import type { ImportBatch } from '../store/store.js';
import { readRecords } from './records.js';
import { chunkOf, recordChunks, type RecordChunk } from './record-stream.js';
import { ContentHash } from './text-stream.js';
import { contentKey, knownContent, type KnownContent, type SettingLookup } from './file-identity.js';
import { describe } from './validate.js';

/** Chatbot Arena winner labels → P(model_a wins). */
const WINNER: Record<string, number> = { model_a: 1, model_b: 0, tie: 0.5, 'tie (bothbad)': 0.5 };
const LABELS = Object.keys(WINNER);

/** Options of the battles readers. */
export interface BattlesOptions {
  judge?: string;
  dataset?: string;
  /** Hears the bytes of the file read so far (streamed reads), for progress. */
  onRead?: (bytes: number) => void;
  /** Asks the store what it knows of the file's bytes (streamed reads; see file-identity.ts). */
  lookup?: SettingLookup;
  /** What the store knows of the file's bytes, when already asked (a worker is told). */
  known?: KnownContent;
}

/**
 * Reads a battles file (Chatbot Arena / Arena-Hard shape; CSV or JSONL, optionally gzipped): `model_a`,
 * `model_b`, `winner` ∈ {model_a, model_b, tie, tie (bothbad)}, optional `question_id`, `judge`, and style
 * metadata `tokens_a/b, headers_a/b, lists_a/b, bolds_a/b`. A battle with a question_id is tied to that item
 * (repeated battles on it numbered by `sample`); one without is identified by the file's content hash and its
 * row, so importing the same file twice changes nothing. The whole file at once; {@link streamBattlesFile} reads
 * the same records in bounded memory.
 */
export function readBattlesFile(file: string, options: BattlesOptions = {}): ImportBatch {
  const read: { text?: string; rows: { row: number; value: unknown }[] } = readRecords(file);
  const reader = new BattleRows(file, createHash('sha256').update(read.text!).digest('hex'), options);
  delete read.text; // the file's text is not needed once hashed and parsed
  const batch = reader.add(chunkOf(read.rows));
  return { ...batch, comparisons: comparisonsOf(batch.columns), columns: undefined };
}

/**
 * The records of {@link readBattlesFile} as a stream of batches (one per ~1 MiB of the file) in columns, parsed and
 * validated chunk by chunk, so that memory is bounded by a batch whatever the file's size. Errors name the file, the
 * line and the field. The file's identity, the hash of its content, is computed along the same pass (hashing first,
 * in a pass of its own, kept the store waiting a decompression of the whole file before its first write): the
 * batches name the file by a stand-in, and a last batch gives the store the hash (ImportBatch.sourceHashes) and
 * records it against the hash of the file's stored bytes. An import of bytes the store has met knows the identity
 * from the start (file-identity.ts), and fails if the file changed while it was read.
 */
export async function* streamBattlesFile(
  file: string,
  options: BattlesOptions = {},
  size = 20000,
): AsyncGenerator<ImportBatch> {
  const known = options.known ?? (await knownContent(file, options.lookup));
  const stand = known?.text ?? `provisional:${randomUUID()}`;
  const hash = new ContentHash();
  const reader = new BattleRows(file, stand, options);
  for await (const chunk of recordChunks(file, size, options.onRead, hash)) yield reader.add(chunk);
  const digests = hash.digests();
  if (known?.text) {
    if (digests.file !== known.file) {
      throw new InputError('INPUT_PARSE', 'the file changed while it was read: import it again', { file });
    }
    return;
  }
  yield {
    items: [],
    responses: [],
    comparisons: [],
    sourceHashes: [{ provisional: stand, hash: digests.text }],
    settings: { [contentKey(digests.file)]: digests.text },
  };
}

/** Turns battle records into comparison columns (and stand-in items), numbering repeats; one per file. */
class BattleRows {
  private readonly seen = new Map<string, number>();
  private readonly items = new Set<string>();
  private readonly dataset: string;
  private seq = 0;

  constructor(
    private readonly file: string,
    private readonly sourceHash: string,
    private readonly options: BattlesOptions,
  ) {
    this.dataset = options.dataset ?? 'arena';
  }

  /** Validates a chunk of records and returns them as a batch: stand-in items and the comparisons in columns. */
  add(chunk: RecordChunk): ImportBatch & { columns: ComparisonColumns } {
    const { file, dataset } = this;
    const n = chunk.length;
    const names = new Map<string, number>();
    const nameIndex = (s: string): number => {
      let k = names.get(s);
      if (k === undefined) names.set(s, (k = names.size));
      return k;
    };
    const itemKeys: string[] = [];
    const itemIndex = new Map<string, number>();
    const c: ComparisonColumns = {
      length: n,
      dataset,
      source: file,
      sourceHash: this.sourceHash,
      names: [],
      itemKeys,
      labels: LABELS,
      a: new Int32Array(n),
      b: new Int32Array(n),
      judge: new Int32Array(n),
      item: new Int32Array(n),
      sample: new Int32Array(n),
      pA: new Float64Array(n),
      label: new Int32Array(n),
      seq: new Float64Array(n),
      style: new Float64Array(n * 8),
      line: Int32Array.from(chunk.line),
    };
    const items: Item[] = [];
    const [getA, getB, getWinner, getJudge, getQuestion] = ['model_a', 'model_b', 'winner', 'judge', 'question_id'].map(
      (f) => chunk.column(f),
    );
    const styleGet = (['a', 'b'] as const).map((side) =>
      STYLE_COUNTS.map((f) => ({ field: `${f}_${side}`, get: chunk.column(`${f}_${side}`) })),
    );
    const defaultJudge = this.options.judge ?? 'battles';
    for (let i = 0; i < n; i++) {
      const row = chunk.line[i];
      if (!chunk.isObject(i)) throw new InputError('INPUT_FIELD', 'expected an object', { file, row });
      const a = modelName(getA(i), 'model_a', file, row);
      const b = modelName(getB(i), 'model_b', file, row);
      if (a === b) {
        throw new InputError('INPUT_FIELD', `model_a and model_b are the same ("${a}")`, {
          file,
          row,
          field: 'model_b',
        });
      }
      const winner = getWinner(i);
      if (typeof winner !== 'string' || !(winner in WINNER)) {
        const problem = `winner must be one of model_a, model_b, tie, tie (bothbad) (got ${describe(winner)})`;
        throw new InputError('INPUT_FIELD', problem, { file, row, field: 'winner' });
      }
      const j = getJudge(i);
      const judge = typeof j === 'string' && j !== '' ? j : defaultJudge;
      const q = getQuestion(i);
      const key = typeof q === 'string' && q !== '' ? q : typeof q === 'number' ? String(q) : null;
      c.item[i] = -1;
      if (key !== null) {
        if (!this.items.has(key)) {
          this.items.add(key);
          items.push({ dataset, key, instruction: key });
        }
        let k = itemIndex.get(key);
        if (k === undefined) itemIndex.set(key, (k = itemKeys.push(key) - 1));
        c.item[i] = k;
        const id = `${key}\u0000${a}\u0000${b}\u0000${judge}`;
        const sample = this.seen.get(id) ?? 0;
        this.seen.set(id, sample + 1);
        c.sample[i] = sample;
      }
      c.a[i] = nameIndex(a);
      c.b[i] = nameIndex(b);
      c.judge[i] = nameIndex(judge);
      c.pA[i] = WINNER[winner];
      c.label[i] = LABELS.indexOf(winner);
      c.seq[i] = this.seq++;
      for (let side = 0; side < 2; side++) {
        const o = i * 8 + side * 4;
        const fields = styleGet[side];
        const tokens = fields[0].get(i);
        if (tokens === undefined || tokens === '') {
          c.style.fill(Number.NaN, o, o + 4);
          continue;
        }
        for (let k = 0; k < 4; k++) {
          const raw = k === 0 ? tokens : fields[k].get(i);
          const v = Number(raw ?? 0);
          if (!Number.isFinite(v) || v < 0) {
            throw new InputError('INPUT_FIELD', `expected a non-negative count (got ${describe(raw)})`, {
              file,
              row,
              field: fields[k].field,
            });
          }
          c.style[o + k] = v;
        }
      }
    }
    c.names = [...names.keys()];
    return { items, responses: [], comparisons: [], columns: c };
  }
}

function modelName(v: unknown, field: string, file: string, row: number): string {
  if (typeof v !== 'string' || v === '') {
    throw new InputError(
      'INPUT_FIELD',
      `expected a model name (${v === undefined ? 'missing' : `got ${describe(v)}`})`,
      { file, row, field },
    );
  }
  return v;
}
