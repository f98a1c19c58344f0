import { basename } from 'node:path';
import { InputError } from '../core/errors.js';
import { codePointLength, type Comparison, type Grade, type Item, type ResponseRecord } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { withOrigin } from './origin.js';
import { parseJson, parseJsonLines, readTextFile } from './read-file.js';
import { describe } from './validate.js';

/** WildBench pairwise choices → P(model_A wins): the five outcomes on a 0, ¼, ½, ¾, 1 scale. */
export const WILDBENCH_CHOICES: Record<string, number> = { 'A++': 1, 'A+': 0.75, 'A=B': 0.5, 'B+': 0.25, 'B++': 0 };

type Row = Record<string, unknown>;

/**
 * Reads WildBench evaluation files: a JSON array (as in `eval_results/.../*.json`) or JSON Lines (compact form),
 * optionally gzipped.
 * - Score mode (`session_id`, `model_test`, `score`): one grade per task for the system named by the file
 *   (WildBench names models by file; `--system`-less), with the output's length and whether it was empty or
 *   truncated (`model_output`, or compact `output_chars`, `output_empty`, `output_truncated`).
 * - Pairwise (`session_id`, `model_A`, `model_B`, `parsed_result.choice` or `choice`): one comparison per task
 *   with the outputs (`model_outputs`) stored for the length penalty; a task without a choice is stored as a
 *   failure so that it stays in WB-Reward's denominator.
 */
export function readWildBenchFile(file: string, options: { judge?: string; dataset?: string } = {}): ImportBatch {
  const text = readTextFile(file);
  const trimmed = text.trimStart();
  const rows: { row: number; value: unknown }[] = trimmed.startsWith('[')
    ? (parseJson(text, file) as unknown[]).map((value, i) => ({ row: i + 1, value }))
    : parseJsonLines(text, file);
  const dataset = options.dataset ?? 'wildbench';
  const judge = options.judge ?? 'wildbench';
  const system = basename(file)
    .replace(/\.gz$/, '')
    .replace(/\.jsonl?$/, '');
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], grades: [] };
  for (const { row, value } of rows) {
    const origin = { file, row };
    if (typeof value !== 'object' || value === null) throw new InputError('INPUT_FIELD', 'expected an object', origin);
    const r = value as Row;
    const key = r.session_id;
    if (typeof key !== 'string' || key === '')
      throw new InputError('INPUT_FIELD', 'expected a session id', { ...origin, field: 'session_id' });
    batch.items.push(withOrigin<Item>({ dataset, key, instruction: key }, origin));
    if ('model_A' in r || 'model_B' in r) {
      const a = name(r.model_A, 'model_A', origin);
      const b = name(r.model_B, 'model_B', origin);
      const parsed = (r.parsed_result ?? {}) as Row;
      const choice = typeof parsed.choice === 'string' ? parsed.choice : typeof r.choice === 'string' ? r.choice : null;
      const pA = choice === null ? undefined : WILDBENCH_CHOICES[choice.trim()];
      const outputs = (r.model_outputs ?? {}) as Row;
      for (const [sys, out] of [
        [a, outputs[a]],
        [b, outputs[b]],
      ] as const) {
        if (typeof out === 'string')
          batch.responses.push(withOrigin<ResponseRecord>({ dataset, itemKey: key, system: sys, output: out }, origin));
      }
      batch.comparisons.push(
        withOrigin<Comparison>(
          {
            dataset,
            itemKey: key,
            systemA: a,
            systemB: b,
            judge,
            shownFirst: 'a',
            sample: 0,
            status: pA === undefined ? 'parse_failed' : 'ok',
            pA: pA ?? null,
            label: pA === undefined ? null : choice,
            rawOutput: r.parsed_result === undefined ? null : JSON.stringify(r.parsed_result),
            source: file,
          },
          { ...origin, field: 'parsed_result.choice' },
        ),
      );
    } else if ('score' in r) {
      const score = Number(r.score);
      const output = typeof r.model_output === 'string' ? r.model_output : null;
      const length =
        typeof r.output_chars === 'number' ? r.output_chars : output === null ? null : codePointLength(output);
      const empty = r.output_empty === true || (output !== null && output === '');
      const truncated = r.output_truncated === true || r.truncated === true;
      batch.grades!.push(
        withOrigin<Grade>(
          {
            dataset,
            itemKey: key,
            system,
            judge,
            turn: 1,
            score: r.score === null || r.score === '' || !Number.isFinite(score) ? null : score,
            rawOutput:
              r.parsed_result === undefined
                ? null
                : typeof r.parsed_result === 'string'
                  ? r.parsed_result
                  : JSON.stringify(r.parsed_result),
            outputLength: length,
            outputStatus: empty ? 'empty' : truncated ? 'truncated' : 'ok',
            source: file,
          },
          origin,
        ),
      );
    } else {
      throw new InputError('INPUT_FIELD', 'not a WildBench score (score) or pairwise (model_A, model_B) row', origin);
    }
  }
  return batch;
}

function name(v: unknown, field: string, origin: { file: string; row: number }): string {
  if (typeof v === 'string' && v !== '') return v;
  throw new InputError('INPUT_FIELD', `expected a model name (${v === undefined ? 'missing' : `got ${describe(v)}`})`, {
    ...origin,
    field,
  });
}
