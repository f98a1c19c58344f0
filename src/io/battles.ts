import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { Comparison, Item, ResponseStyle } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { readRecords, type RowRecord } from './records.js';
import { describe } from './validate.js';

/** Chatbot Arena winner labels → P(model_a wins). */
const WINNER: Record<string, number> = { model_a: 1, model_b: 0, tie: 0.5, 'tie (bothbad)': 0.5 };

const STYLE_FIELDS = ['tokens', 'headers', 'lists', 'bolds'] as const;

/**
 * Reads a battles file (Chatbot Arena / Arena-Hard shape; CSV or JSONL, optionally gzipped): `model_a`,
 * `model_b`, `winner` ∈ {model_a, model_b, tie, tie (bothbad)}, optional `question_id`, `judge`, and style
 * metadata `tokens_a/b, headers_a/b, lists_a/b, bolds_a/b`. A battle with a question_id is tied to that item
 * (repeated battles on it numbered by `sample`); one without is identified by the file's content hash and its
 * row, so importing the same file twice changes nothing.
 */
export function readBattlesFile(file: string, options: { judge?: string; dataset?: string } = {}): ImportBatch {
  const read: { text?: string; rows: RowRecord[] } = readRecords(file);
  const sourceHash = createHash('sha256').update(read.text!).digest('hex');
  delete read.text; // the file's text is not needed once hashed and parsed
  const rows = read.rows;
  const dataset = options.dataset ?? 'arena';
  const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
  const seen = new Map<string, number>();
  const items = new Set<string>();
  for (let k = 0; k < rows.length; k++) {
    const { row, value } = rows[k];
    (rows as (RowRecord | undefined)[])[k] = undefined; // each parsed record can go once its comparison is built
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError('INPUT_FIELD', 'expected an object', { file, row });
    const r = value as Record<string, unknown>;
    const a = name(r, 'model_a', file, row);
    const b = name(r, 'model_b', file, row);
    if (a === b) throw new InputError('INPUT_FIELD', `model_a and model_b are the same ("${a}")`, { file, row, field: 'model_b' });
    const winner = r.winner;
    if (typeof winner !== 'string' || !(winner in WINNER)) {
      throw new InputError('INPUT_FIELD', `winner must be one of model_a, model_b, tie, tie (bothbad) (got ${describe(winner)})`, { file, row, field: 'winner' });
    }
    const judge = typeof r.judge === 'string' && r.judge !== '' ? r.judge : options.judge ?? 'battles';
    const q = r.question_id;
    const itemKey = typeof q === 'string' && q !== '' ? q : typeof q === 'number' ? String(q) : null;
    let sample = 0;
    if (itemKey !== null) {
      if (!items.has(itemKey)) {
        items.add(itemKey);
        batch.items.push({ dataset, key: itemKey, instruction: itemKey } satisfies Item);
      }
      const id = `${itemKey}\u0000${a}\u0000${b}\u0000${judge}`;
      sample = seen.get(id) ?? 0;
      seen.set(id, sample + 1);
    }
    batch.comparisons.push({
      dataset, itemKey, systemA: a, systemB: b, judge, shownFirst: null, sample, status: 'ok', pA: WINNER[winner], label: winner,
      seq: k, source: file, sourceHash: itemKey === null ? sourceHash : null,
      styleA: style(r, 'a', file, row), styleB: style(r, 'b', file, row),
    } satisfies Comparison);
  }
  return batch;
}

function name(r: Record<string, unknown>, field: string, file: string, row: number): string {
  const v = r[field];
  if (typeof v !== 'string' || v === '') throw new InputError('INPUT_FIELD', `expected a model name (${v === undefined ? 'missing' : `got ${describe(v)}`})`, { file, row, field });
  return v;
}

function style(r: Record<string, unknown>, side: 'a' | 'b', file: string, row: number): ResponseStyle | null {
  if (r[`tokens_${side}`] === undefined || r[`tokens_${side}`] === '') return null;
  const out = {} as ResponseStyle;
  for (const f of STYLE_FIELDS) {
    const field = `${f}_${side}`;
    const v = Number(r[field] ?? 0);
    if (!Number.isFinite(v) || v < 0) throw new InputError('INPUT_FIELD', `expected a non-negative count (got ${describe(r[field])})`, { file, row, field });
    out[f] = v;
  }
  return out;
}
