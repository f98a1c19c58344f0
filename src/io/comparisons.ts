import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { Comparison, Item, ResponseRecord } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { withOrigin } from './origin.js';
import { readRecords } from './records.js';
import { recordChunks } from './record-stream.js';
import { validateRow } from './validate.js';

const OUTCOMES: Record<string, number> = {
  a: 1,
  model_a: 1,
  'a>b': 1,
  b: 0,
  model_b: 0,
  'b>a': 0,
  tie: 0.5,
  draw: 0.5,
  'a=b': 0.5,
  'tie (bothbad)': 0.5,
};

const blankToUndefined = (v: unknown): unknown => (v === '' || v === null ? undefined : v);
const num = z.preprocess(blankToUndefined, z.coerce.number({ error: 'expected a number' }).optional());
const str = z.preprocess(blankToUndefined, z.coerce.string().optional());

/**
 * A row of winrate's generic comparison format (JSONL objects or CSV with a header):
 * `item` (required: item key), `system_a`, `system_b` (required), and either `outcome`
 * (a | b | tie, also model_a | model_b | draw | "tie (bothbad)") or `probability` (P(A wins) in [0, 1]);
 * optional `judge` (default "imported"), `instruction`, `category`, `output_a`, `output_b`, `shown_first` (a | b),
 * `sample` (repeat index).
 */
const rowSchema = z
  .object({
    item: z.preprocess(blankToUndefined, z.coerce.string({ error: 'expected an item key' })),
    system_a: z.preprocess(blankToUndefined, z.string({ error: 'expected a system name' })),
    system_b: z.preprocess(blankToUndefined, z.string({ error: 'expected a system name' })),
    outcome: z.preprocess(
      (v) => (typeof v === 'string' ? blankToUndefined(v.trim().toLowerCase()) : blankToUndefined(v)),
      z
        .string()
        .refine((o) => o in OUTCOMES, 'outcome must be one of a, b, tie (or model_a, model_b, draw)')
        .optional(),
    ),
    probability: num.refine((p) => p === undefined || (p >= 0 && p <= 1), 'probability must be in [0, 1]'),
    judge: str,
    instruction: str,
    category: str,
    output_a: str,
    output_b: str,
    shown_first: z.preprocess(blankToUndefined, z.enum(['a', 'b'], { error: 'shown_first must be a or b' }).optional()),
    sample: num.refine(
      (s) => s === undefined || (Number.isInteger(s) && s >= 0),
      'sample must be a non-negative integer',
    ),
  })
  .refine((r) => (r.outcome === undefined) !== (r.probability === undefined), {
    message: 'give exactly one of outcome or probability',
    path: ['outcome'],
  });

/** Reads a generic comparisons file (.jsonl / .csv, optionally .gz) into an import batch. */
export function readComparisonsFile(file: string, options: { dataset?: string; judge?: string } = {}): ImportBatch {
  return comparisonRows(readRecords(file).rows, file, options);
}

/**
 * The same records streamed in batches (~1 MiB of the file each): memory bounded by a batch; `seq` counts on across
 * batches, so a streamed file is stored exactly as a whole one.
 */
export async function* streamComparisonsFile(
  file: string,
  options: { dataset?: string; judge?: string; onRead?: (bytes: number) => void } = {},
): AsyncGenerator<ImportBatch> {
  let seq = 0;
  for await (const chunk of recordChunks(file, 20000, options.onRead)) {
    const rows = Array.from({ length: chunk.length }, (_, i) => ({ row: chunk.line[i], value: chunk.value(i) }));
    yield comparisonRows(rows, file, options, seq);
    seq += rows.length;
  }
}

/** Validates generic comparison rows (from a file or an API request) into an import batch; errors name the row. */
export function comparisonRows(
  rows: { row: number; value: unknown }[],
  file: string,
  options: { dataset?: string; judge?: string } = {},
  firstSeq = 0,
): ImportBatch {
  const dataset = options.dataset ?? 'default';
  const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
  rows.forEach(({ row, value }, i) => {
    const origin = { file, row };
    const r = validateRow(rowSchema, value, file, row);
    if (r.system_a === r.system_b)
      throw new InputError('INPUT_FIELD', 'system_a and system_b are the same system', {
        ...origin,
        field: 'system_b',
      });
    batch.items.push(
      withOrigin<Item>(
        { dataset, key: r.item, instruction: r.instruction ?? r.item, category: r.category ?? null },
        origin,
      ),
    );
    if (r.output_a !== undefined)
      batch.responses.push(
        withOrigin<ResponseRecord>({ dataset, itemKey: r.item, system: r.system_a, output: r.output_a }, origin),
      );
    if (r.output_b !== undefined)
      batch.responses.push(
        withOrigin<ResponseRecord>({ dataset, itemKey: r.item, system: r.system_b, output: r.output_b }, origin),
      );
    const pA = r.probability ?? OUTCOMES[r.outcome ?? ''];
    batch.comparisons.push(
      withOrigin<Comparison>(
        {
          dataset,
          itemKey: r.item,
          systemA: r.system_a,
          systemB: r.system_b,
          judge: r.judge ?? options.judge ?? 'imported',
          shownFirst: r.shown_first ?? null,
          sample: r.sample ?? 0,
          status: 'ok',
          pA,
          label: r.outcome ?? String(r.probability),
          seq: firstSeq + i,
          source: file,
        },
        { ...origin, field: r.probability !== undefined ? 'probability' : 'outcome' },
      ),
    );
  });
  return batch;
}
