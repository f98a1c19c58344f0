import { InputError } from '../core/errors.js';
import type { Comparison, Grade, Item, Provenance, ResponseRecord } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { withOrigin } from './origin.js';
import { readRecords } from './records.js';
import { describe } from './validate.js';

type Row = Record<string, unknown>;

/**
 * Reads FastChat llm_judge (MT-Bench) files, JSONL, recognised row by row:
 * - single-answer grading (`question_id`, `model`, `score`, `turn`, `judge`): a grade per (question, turn);
 * - pairwise (`question_id`, `model_1`, `model_2`, `g1_winner`, `g2_winner`, `turn`): two comparisons on the
 *   item "question/turn": game 1 with model_1 shown first, game 2 with the positions swapped;
 * - questions (`question_id`, `turns`, `category`, optional `reference`): items with their turns;
 * - model answers (`question_id`, `model_id`, `choices[0].turns`): a multi-turn response per question; with
 *   `references`, the rows are reference answers (FastChat's `reference_answer/gpt-4.jsonl`) and become the items'
 *   reference answer per turn, as gen_judgment.py uses them for math, reasoning and coding.
 *
 * What FastChat writes (gen_judgment.py) and counts (show_result.py):
 * - `judge` is `[judge model, prompt name]`; the prompt (`single-v1`, `single-math-v1-multi-turn`, …) differs by
 *   category and turn, so the judge is the model alone (`--judge` names it when a row has none);
 * - winners are `"model_1"`, `"model_2"` (already mapped back from game 2's swapped positions), `"tie"` or
 *   `"error"` (a failure); files of older tools that write the model's name are read the same way;
 * - score −1 is an unparsed rating: show_result drops every −1 row, so one is kept (as a parse failure) only when
 *   no valid row exists for that (question, model, judge, turn); rerun judgments are appended to the same file and
 *   show_result averages every valid row, so a repeated valid row becomes another sample of that grade.
 */
export function readMtBenchFile(
  file: string,
  options: { judge?: string; dataset?: string; references?: boolean } = {},
): ImportBatch {
  const { rows } = readRecords(file);
  const dataset = options.dataset ?? 'mt-bench';
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], grades: [] };
  const items = new Set<string>();
  const item = (
    key: string,
    instruction: string,
    category: string | null,
    origin: Provenance,
    extra: Partial<Item> = {},
  ): void => {
    if (items.has(key) && instruction === key && !extra.referenceTurns) return;
    items.add(key);
    batch.items.push(withOrigin<Item>({ dataset, key, instruction, category, reference: null, ...extra }, origin));
  };
  const grades = new GradeSamples();
  for (const { row, value } of rows) {
    const origin = { file, row };
    if (typeof value !== 'object' || value === null) throw new InputError('INPUT_FIELD', 'expected an object', origin);
    const r = value as Row;
    const qid = r.question_id;
    if (typeof qid !== 'number' && typeof qid !== 'string')
      throw new InputError('INPUT_FIELD', 'expected a question id', { ...origin, field: 'question_id' });
    const judge = judgeModel(r.judge) ?? options.judge ?? 'mt-bench-judge';
    const turn = typeof r.turn === 'number' ? r.turn : 1;
    if ('model_1' in r) {
      const m1 = str(r.model_1, 'model_1', origin);
      const m2 = str(r.model_2, 'model_2', origin);
      const key = `${qid}/turn${turn}`;
      item(key, key, null, origin);
      for (const [g, shown] of [
        ['g1', 'a'],
        ['g2', 'b'],
      ] as const) {
        const w = r[`${g}_winner`];
        const pA = winnerProbability(w, m1, m2);
        batch.comparisons.push(
          withOrigin<Comparison>(
            {
              dataset,
              itemKey: key,
              systemA: m1,
              systemB: m2,
              judge,
              shownFirst: shown,
              sample: 0,
              status: pA === undefined ? 'parse_failed' : 'ok',
              pA: pA ?? null,
              label: typeof w === 'string' ? w : null,
              rawOutput: typeof r[`${g}_judgment`] === 'string' ? (r[`${g}_judgment`] as string) : null,
              source: file,
            },
            { ...origin, field: `${g}_winner` },
          ),
        );
      }
    } else if ('score' in r) {
      const model = str(r.model, 'model', origin);
      const score = typeof r.score === 'number' ? r.score : Number(r.score);
      item(String(qid), String(qid), null, origin);
      grades.add(
        withOrigin<Grade>(
          {
            dataset,
            itemKey: String(qid),
            system: model,
            judge,
            turn,
            score: Number.isFinite(score) && score >= 0 ? score : null,
            rawOutput: typeof r.judgment === 'string' ? r.judgment : null,
            source: file,
          },
          origin,
        ),
      );
    } else if (Array.isArray(r.turns)) {
      const turns = (r.turns as unknown[]).map(String);
      const refs = Array.isArray(r.reference) ? (r.reference as unknown[]).map(String) : null;
      item(String(qid), turns.join('\n\n'), typeof r.category === 'string' ? r.category : null, origin, {
        turns,
        reference: refs?.join('\n\n') ?? null,
        referenceTurns: refs,
      });
    } else if (Array.isArray(r.choices)) {
      const choice = (r.choices[0] ?? {}) as Row;
      if (!Array.isArray(choice.turns))
        throw new InputError('INPUT_FIELD', 'expected choices[0].turns (the answer per turn)', {
          ...origin,
          field: 'choices',
        });
      const turns = (choice.turns as unknown[]).map(String);
      if (options.references) {
        item(String(qid), String(qid), null, origin, { reference: turns.join('\n\n'), referenceTurns: turns });
      } else {
        item(String(qid), String(qid), null, origin);
        batch.responses.push(
          withOrigin<ResponseRecord>(
            {
              dataset,
              itemKey: String(qid),
              system: str(r.model_id ?? r.model, 'model_id', origin),
              output: turns.join('\n\n'),
              turns,
            },
            origin,
          ),
        );
      }
    } else {
      throw new InputError(
        'INPUT_FIELD',
        'not an MT-Bench question, model answer, single-grade or pairwise judgment row',
        origin,
      );
    }
  }
  batch.grades = grades.list();
  return batch;
}

/**
 * Grades of one file as show_result counts them: the valid rows of each (item, system, judge, turn) numbered as
 * samples 0, 1, … in file order; an unparsed row only where that key has no valid row (once).
 */
class GradeSamples {
  private readonly valid = new Map<string, Grade[]>();
  private readonly failed = new Map<string, Grade>();
  private readonly order: string[] = [];

  add(g: Grade): void {
    const key = JSON.stringify([g.dataset, g.itemKey, g.system, g.judge, g.turn]);
    if (!this.valid.has(key) && !this.failed.has(key)) this.order.push(key);
    if (g.score === null) {
      if (!this.failed.has(key)) this.failed.set(key, g);
      return;
    }
    const list = this.valid.get(key) ?? [];
    this.valid.set(key, list);
    list.push({ ...g, sample: list.length });
  }

  list(): Grade[] {
    return this.order.flatMap((k) => this.valid.get(k) ?? [{ ...this.failed.get(k)!, sample: 0 }]);
  }
}

/** P(model_1 wins) of one game's winner: "model_1"/"model_2" (or the model's name), "tie"; undefined otherwise. */
function winnerProbability(w: unknown, m1: string, m2: string): number | undefined {
  if (w === 'model_1' || w === m1) return 1;
  if (w === 'model_2' || w === m2) return 0;
  return w === 'tie' ? 0.5 : undefined;
}

/** The judge model of FastChat's `judge: [model, prompt]` (or a plain string). */
function judgeModel(j: unknown): string | undefined {
  if (typeof j === 'string' && j !== '') return j;
  if (Array.isArray(j) && typeof j[0] === 'string' && j[0] !== '') return j[0];
  return undefined;
}

function str(v: unknown, field: string, origin: Provenance): string {
  if (typeof v === 'string' && v !== '') return v;
  throw new InputError('INPUT_FIELD', `expected a model name (${v === undefined ? 'missing' : `got ${describe(v)}`})`, {
    ...origin,
    field,
  });
}
