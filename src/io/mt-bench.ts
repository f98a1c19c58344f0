import { InputError } from '../core/errors.js';
import type { Comparison, Grade, Item } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { withOrigin } from './origin.js';
import { readRecords } from './records.js';

type Row = Record<string, unknown>;

/**
 * Reads FastChat llm_judge (MT-Bench) judgment files, JSONL:
 * - single-answer grading (`question_id`, `model`, `score`, `turn`, `judge`): a grade per (question, turn);
 *   FastChat's score −1 (no rating parsed) is stored as a parse failure (null score);
 * - pairwise (`question_id`, `model_1`, `model_2`, `g1_winner`, `g2_winner`, `turn`): two comparisons on the
 *   item "question/turn": game 1 with model_1 shown first, game 2 with the positions swapped;
 *   winners are model names, "tie" or "error" (stored as a failure);
 * - questions (`question_id`, `turns`, `category`, optional `reference`): items.
 */
export function readMtBenchFile(file: string, options: { judge?: string; dataset?: string } = {}): ImportBatch {
  const { rows } = readRecords(file);
  const dataset = options.dataset ?? 'mt-bench';
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], grades: [] };
  const items = new Set<string>();
  const item = (key: string, instruction: string, category: string | null, origin: { file: string; row: number }, reference: string | null = null): void => {
    if (items.has(key) && instruction === key) return;
    items.add(key);
    batch.items.push(withOrigin<Item>({ dataset, key, instruction, category, reference }, origin));
  };
  for (const { row, value } of rows) {
    const origin = { file, row };
    if (typeof value !== 'object' || value === null) throw new InputError('INPUT_FIELD', 'expected an object', origin);
    const r = value as Row;
    const qid = r.question_id;
    if (typeof qid !== 'number' && typeof qid !== 'string') throw new InputError('INPUT_FIELD', 'expected a question id', { ...origin, field: 'question_id' });
    const judge = judgeName(r.judge) ?? options.judge ?? 'mt-bench-judge';
    const turn = typeof r.turn === 'number' ? r.turn : 1;
    if ('model_1' in r) {
      const m1 = str(r.model_1, 'model_1', origin);
      const m2 = str(r.model_2, 'model_2', origin);
      const key = `${qid}/turn${turn}`;
      item(key, key, null, origin);
      for (const [g, shown] of [['g1', 'a'], ['g2', 'b']] as const) {
        const w = r[`${g}_winner`];
        const pA = w === m1 ? 1 : w === m2 ? 0 : w === 'tie' ? 0.5 : undefined;
        batch.comparisons.push(withOrigin<Comparison>({
          dataset, itemKey: key, systemA: m1, systemB: m2, judge, shownFirst: shown, sample: 0,
          status: pA === undefined ? 'parse_failed' : 'ok', pA: pA ?? null, label: typeof w === 'string' ? w : null,
          rawOutput: typeof r[`${g}_judgment`] === 'string' ? (r[`${g}_judgment`] as string) : null, source: file,
        }, origin));
      }
    } else if ('score' in r) {
      const model = str(r.model, 'model', origin);
      const score = typeof r.score === 'number' ? r.score : Number(r.score);
      item(String(qid), String(qid), null, origin);
      batch.grades!.push(withOrigin<Grade>({
        dataset, itemKey: String(qid), system: model, judge, turn,
        score: Number.isFinite(score) && score >= 0 ? score : null,
        rawOutput: typeof r.judgment === 'string' ? r.judgment : null, source: file,
      }, origin));
    } else if (Array.isArray(r.turns)) {
      const ref = Array.isArray(r.reference) ? (r.reference as unknown[]).map(String).join('\n\n') : null;
      item(String(qid), (r.turns as unknown[]).map(String).join('\n\n'), typeof r.category === 'string' ? r.category : null, origin, ref);
    } else {
      throw new InputError('INPUT_FIELD', 'not an MT-Bench question, single-grade or pairwise judgment row', origin);
    }
  }
  return batch;
}

function judgeName(j: unknown): string | undefined {
  if (typeof j === 'string') return j;
  if (Array.isArray(j) && typeof j[0] === 'string') return j.join('/');
  return undefined;
}

function str(v: unknown, field: string, origin: { file: string; row: number }): string {
  if (typeof v === 'string' && v !== '') return v;
  throw new InputError('INPUT_FIELD', `expected a model name (${v === undefined ? 'missing' : `got ${JSON.stringify(v)}`})`, { ...origin, field });
}
