import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { Comparison, Item, ResponseStyle } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { readRecords } from './records.js';
import { recordChunks } from './record-stream.js';
import { hashText } from './text-stream.js';
import { describe } from './validate.js';

/** Chatbot Arena winner labels → P(model_a wins). */
const WINNER: Record<string, number> = { model_a: 1, model_b: 0, tie: 0.5, 'tie (bothbad)': 0.5 };

const STYLE_FIELDS = ['tokens', 'headers', 'lists', 'bolds'] as const;

/** Options of the battles readers. */
export interface BattlesOptions {
  judge?: string;
  dataset?: string;
  /** Hears the bytes of the file read so far (streamed reads), for progress. */
  onRead?: (bytes: number) => void;
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
  const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
  const rows = read.rows;
  for (let k = 0; k < rows.length; k++) {
    const { row, value } = rows[k];
    (rows as unknown[])[k] = undefined; // each parsed record can go once its comparison is built
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('INPUT_FIELD', 'expected an object', { file, row });
    reader.add((f) => (value as Record<string, unknown>)[f], row, batch);
  }
  return batch;
}

/**
 * The records of {@link readBattlesFile} as a stream of batches of about `size` battles each: the file is hashed in
 * a first streamed pass (its identity), then parsed and validated chunk by chunk, so that memory is bounded by a
 * batch whatever the file's size. Errors name the file, the line and the field, as the whole-file reader's do.
 */
export async function* streamBattlesFile(file: string, options: BattlesOptions = {}, size = 20000): AsyncGenerator<ImportBatch> {
  const reader = new BattleRows(file, await hashText(file), options);
  for await (const chunk of recordChunks(file, size, options.onRead)) {
    const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
    for (let i = 0; i < chunk.length; i++) {
      if (!chunk.isObject(i)) throw new InputError('INPUT_FIELD', 'expected an object', { file, row: chunk.line[i] });
      reader.add((f) => chunk.get(i, f), chunk.line[i], batch);
    }
    yield batch;
  }
}

/** Turns battle records into comparisons (and stand-in items), numbering repeats; one per file. */
class BattleRows {
  private readonly seen = new Map<string, number>();
  private readonly items = new Set<string>();
  private readonly dataset: string;
  private seq = 0;

  constructor(private readonly file: string, private readonly sourceHash: string, private readonly options: BattlesOptions) {
    this.dataset = options.dataset ?? 'arena';
  }

  /** Validates one record (its fields through `get`) and appends its comparison to the batch. */
  add(get: (field: string) => unknown, row: number, batch: ImportBatch): void {
    const { file, dataset } = this;
    const a = name(get, 'model_a', file, row);
    const b = name(get, 'model_b', file, row);
    if (a === b) throw new InputError('INPUT_FIELD', `model_a and model_b are the same ("${a}")`, { file, row, field: 'model_b' });
    const winner = get('winner');
    if (typeof winner !== 'string' || !(winner in WINNER)) {
      throw new InputError('INPUT_FIELD', `winner must be one of model_a, model_b, tie, tie (bothbad) (got ${describe(winner)})`, { file, row, field: 'winner' });
    }
    const j = get('judge');
    const judge = typeof j === 'string' && j !== '' ? j : this.options.judge ?? 'battles';
    const q = get('question_id');
    const itemKey = typeof q === 'string' && q !== '' ? q : typeof q === 'number' ? String(q) : null;
    let sample = 0;
    if (itemKey !== null) {
      if (!this.items.has(itemKey)) {
        this.items.add(itemKey);
        batch.items.push({ dataset, key: itemKey, instruction: itemKey } satisfies Item);
      }
      const id = `${itemKey}\u0000${a}\u0000${b}\u0000${judge}`;
      sample = this.seen.get(id) ?? 0;
      this.seen.set(id, sample + 1);
    }
    batch.comparisons.push({
      dataset, itemKey, systemA: a, systemB: b, judge, shownFirst: null, sample, status: 'ok', pA: WINNER[winner], label: winner,
      seq: this.seq++, source: file, sourceHash: itemKey === null ? this.sourceHash : null,
      styleA: style(get, 'a', file, row), styleB: style(get, 'b', file, row),
    } satisfies Comparison);
  }
}

function name(get: (field: string) => unknown, field: string, file: string, row: number): string {
  const v = get(field);
  if (typeof v !== 'string' || v === '') throw new InputError('INPUT_FIELD', `expected a model name (${v === undefined ? 'missing' : `got ${describe(v)}`})`, { file, row, field });
  return v;
}

function style(get: (field: string) => unknown, side: 'a' | 'b', file: string, row: number): ResponseStyle | null {
  const tokens = get(`tokens_${side}`);
  if (tokens === undefined || tokens === '') return null;
  const out = {} as ResponseStyle;
  for (const f of STYLE_FIELDS) {
    const field = `${f}_${side}`;
    const raw = get(field);
    const v = Number(raw ?? 0);
    if (!Number.isFinite(v) || v < 0) throw new InputError('INPUT_FIELD', `expected a non-negative count (got ${describe(raw)})`, { file, row, field });
    out[f] = v;
  }
  return out;
}
