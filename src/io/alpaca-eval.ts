import { z } from 'zod';
import { withOrigin } from './origin.js';
import { InputError } from '../core/errors.js';
import type { Comparison, Item, ResponseRecord } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { parseJson, readTextFile } from './read-file.js';
import { validateRow } from './validate.js';

/** Dataset name AlpacaEval items are stored under. */
export const ALPACA_EVAL_DATASET = 'alpaca_eval';

const text = z.string({ error: 'expected a string' });
const optionalNumber = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/)
      .transform(Number),
  ])
  .nullish();

/**
 * One AlpacaEval annotation row. `preference` is in [1, 2] (1 = output_1 wins, 2 = output_2 wins,
 * 1.5 = draw; legacy 0 = draw); null means the annotator gave no verdict and is stored as a parse failure.
 */
const annotationSchema = z.object({
  instruction: text,
  output_1: text,
  generator_1: text,
  output_2: text,
  generator_2: text,
  preference: z.union(
    [
      z
        .number({ error: 'expected a number in [1, 2] (or null)' })
        .refine((p) => p === 0 || (p >= 1 && p <= 2), 'preference must be in [1, 2] (0 = legacy draw)'),
      z.null(),
    ],
    { error: 'expected a number in [1, 2] (or null)' },
  ),
  annotator: text.optional(),
  dataset: z.string().nullish(),
  raw_completion: z.unknown().optional(),
  price_per_example: optionalNumber,
  time_per_example: optionalNumber,
});

/** One row of an AlpacaEval `model_outputs.json`. */
const outputSchema = z.object({ instruction: text, output: text, generator: text, dataset: z.string().nullish() });

/** Options of {@link readAlpacaEvalFile}. */
export interface AlpacaEvalReadOptions {
  /** Judge name to use when rows carry no `annotator`. */
  judge?: string;
  dataset?: string;
  /**
   * The system of a one-system file, replacing the name the file gives it (`generator` of model outputs,
   * `generator_2` of annotations): NullModel's published annotations call it "example".
   */
  system?: string;
}

/**
 * Reads an AlpacaEval annotations file or model_outputs file (JSON array, optionally gzipped) into an import
 * batch. Annotation rows become comparisons with A = generator_1 (the baseline), B = generator_2 and
 * pA = 2 − preference; seq = row position in the file (what AlpacaEval's LC model uses as the row index).
 */
export function readAlpacaEvalFile(file: string, options: AlpacaEvalReadOptions = {}): ImportBatch {
  const data = parseJson(readTextFile(file), file);
  if (!Array.isArray(data)) throw new InputError('INPUT_PARSE', 'expected a JSON array of rows', { file });
  const dataset = options.dataset ?? ALPACA_EVAL_DATASET;
  const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
  if (data.length === 0) return batch;
  const first: unknown = data[0];
  const isAnnotation = typeof first === 'object' && first !== null && ('preference' in first || 'output_1' in first);
  let named: string | undefined;
  /** The file's one system, renamed to --system; a second name in the file is an error (it is not one system's). */
  const rename = (name: string, origin: { file: string; row: number }, field: string): string => {
    if (options.system === undefined) return name;
    named ??= name;
    if (name !== named)
      throw new InputError('INPUT_FIELD', `--system renames one system, but this file names "${named}" and "${name}"`, {
        ...origin,
        field,
      });
    return options.system;
  };
  data.forEach((raw: unknown, i) => {
    const origin = { file, row: i + 1 };
    if (!isAnnotation) {
      const r = validateRow(outputSchema, raw, file, i + 1);
      r.generator = rename(r.generator, origin, 'generator');
      batch.items.push(
        withOrigin<Item>(
          { dataset, key: r.instruction, instruction: r.instruction, category: r.dataset ?? null },
          origin,
        ),
      );
      batch.responses.push(
        withOrigin<ResponseRecord>({ dataset, itemKey: r.instruction, system: r.generator, output: r.output }, origin),
      );
      return;
    }
    const r = validateRow(annotationSchema, raw, file, i + 1);
    r.generator_2 = rename(r.generator_2, origin, 'generator_2');
    const judge = r.annotator ?? options.judge;
    if (judge === undefined)
      throw new InputError('INPUT_FIELD', 'missing annotator (pass --judge NAME to name the judge)', {
        ...origin,
        field: 'annotator',
      });
    const key = r.instruction;
    batch.items.push(
      withOrigin<Item>({ dataset, key, instruction: r.instruction, category: r.dataset ?? null }, origin),
    );
    batch.responses.push(
      withOrigin<ResponseRecord>({ dataset, itemKey: key, system: r.generator_1, output: r.output_1 }, origin),
    );
    batch.responses.push(
      withOrigin<ResponseRecord>({ dataset, itemKey: key, system: r.generator_2, output: r.output_2 }, origin),
    );
    const p = r.preference === 0 ? 1.5 : r.preference;
    batch.comparisons.push(
      withOrigin<Comparison>(
        {
          dataset,
          itemKey: key,
          systemA: r.generator_1,
          systemB: r.generator_2,
          judge,
          shownFirst: null,
          sample: 0,
          status: p === null ? 'parse_failed' : 'ok',
          pA: p === null ? null : 2 - p,
          label: p === null ? null : String(r.preference),
          rawOutput:
            r.raw_completion === undefined || r.raw_completion === null
              ? null
              : typeof r.raw_completion === 'string'
                ? r.raw_completion
                : JSON.stringify(r.raw_completion),
          cost: r.price_per_example ?? null,
          durationMs: r.time_per_example == null ? null : r.time_per_example * 1000,
          seq: i,
          source: file,
        },
        { ...origin, field: 'preference' },
      ),
    );
  });
  return batch;
}
