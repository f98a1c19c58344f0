import { withOrigin } from './origin.js';
import { InputError } from '../core/errors.js';
import type { Comparison, Item, ResponseRecord, ResponseStyle } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { readBattlesFile } from './battles.js';
import { markdownCounts } from './markdown-style.js';
import { readRecords } from './records.js';
import { describe } from './validate.js';
import { ARENA_HARD_DATASET, ARENA_HARD_V01_BASELINE } from '../presets/arena-hard.js';
import { judgeBaselineKey } from '../core/settings.js';

/** Arena-Hard verdict labels → P(A wins). Strong labels ("A>>B") are weighted ×3 by the arena-hard method. */
export const ARENA_HARD_LABELS: Record<string, number> = { 'A>>B': 1, 'A>B': 1, 'A=B': 0.5, 'B>A': 0, 'B>>A': 0 };

/** Options of {@link readArenaHardFile}. */
export interface ArenaHardReadOptions {
  dataset?: string;
  judge?: string;
  /** Baseline of judgment rows without a `baseline` field (v0.1: gpt-4-0314). */
  baseline?: string;
}

type Row = Record<string, unknown>;

/**
 * Reads any Arena-Hard-Auto data file (JSONL, optionally gzipped), recognising each row by its shape:
 * questions (`turns` or `prompt`) become items; model answers (`choices` or `messages`) become responses with
 * style metadata (`metadata.token_len`, header/list/bold counts; counted from the text when absent);
 * judgments (`games`) become two comparisons per question — game 1 with the baseline as A, game 2 with
 * positions swapped — labelled with the judge's verdict; battles (`model_a`, `model_b`, `winner`) are read as
 * battles of the same dataset, so that their `question_id`s are the questions' items (style control joins them). An
 * unparsed game (`score: null`) is stored as a parse failure with the judge's text.
 */
export function readArenaHardFile(file: string, options: ArenaHardReadOptions = {}): ImportBatch {
  const { rows } = readRecords(file);
  const first = rows[0]?.value as Row | undefined;
  if (first && typeof first === 'object' && 'winner' in first && 'model_a' in first)
    return readBattlesFile(file, { ...options, dataset: options.dataset ?? ARENA_HARD_DATASET });
  const dataset = options.dataset ?? ARENA_HARD_DATASET;
  const batch: ImportBatch = { items: [], responses: [], comparisons: [] };
  const seenItems = new Set<string>();
  const item = (
    key: string,
    instruction: string | null,
    category: string | null,
    origin: { file: string; row: number },
  ): void => {
    if (seenItems.has(key) && instruction === null) return;
    seenItems.add(key);
    batch.items.push(withOrigin<Item>({ dataset, key, instruction: instruction ?? key, category }, origin));
  };
  let assumed = 0;
  let selfRows = 0;
  for (const { row, value } of rows) {
    const origin = { file, row };
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InputError('INPUT_FIELD', 'expected an object', origin);
    const r = value as Row;
    const key = str(r.question_id ?? r.uid, 'question_id', origin);
    if (Array.isArray(r.games)) {
      const model = str(r.model, 'model', origin);
      const judge = typeof r.judge === 'string' ? r.judge : (options.judge ?? 'arena-hard-judge');
      const named = typeof r.baseline === 'string' ? r.baseline : options.baseline;
      if (named === undefined) assumed++;
      const baseline = named ?? ARENA_HARD_V01_BASELINE;
      (batch.settings ??= {})[judgeBaselineKey(judge)] = baseline;
      if (model === baseline) {
        selfRows++; // the baseline's own file (baseline vs itself) says nothing about any system
        continue;
      }
      item(key, null, typeof r.category === 'string' ? r.category : null, origin);
      r.games.forEach((g: unknown, gi) => {
        if (gi > 1) return;
        const game = (g ?? {}) as Row;
        const score = game.score;
        if (score !== null && score !== undefined && typeof score !== 'string')
          throw new InputError('INPUT_FIELD', `expected a verdict label or null (got ${describe(score)})`, {
            ...origin,
            field: `games.${gi}.score`,
          });
        const pA = typeof score === 'string' ? ARENA_HARD_LABELS[score] : undefined;
        const [systemA, systemB] = gi === 0 ? [baseline, model] : [model, baseline];
        batch.comparisons.push(
          withOrigin<Comparison>(
            {
              dataset,
              itemKey: key,
              systemA,
              systemB,
              judge,
              shownFirst: 'a',
              sample: 0,
              status: pA === undefined ? 'parse_failed' : 'ok',
              pA: pA ?? null,
              label: pA === undefined ? null : (score as string),
              rawOutput: typeof game.judgment === 'string' ? game.judgment : null,
              seq: gi,
              source: file,
            },
            { ...origin, field: `games.${gi}.score` },
          ),
        );
      });
    } else if (Array.isArray(r.turns) || typeof r.prompt === 'string') {
      const turns = Array.isArray(r.turns)
        ? (r.turns as Row[]).map((t) => (typeof t?.content === 'string' ? t.content : '')).join('\n\n')
        : (r.prompt as string);
      item(
        key,
        turns,
        typeof r.subcategory === 'string'
          ? `${String(r.category)}/${r.subcategory}`
          : typeof r.category === 'string'
            ? r.category
            : null,
        origin,
      );
    } else if (Array.isArray(r.choices) || Array.isArray(r.messages)) {
      const model = str(r.model ?? r.model_id, 'model', origin);
      const { question, answer, tokens } = answerOf(r, origin);
      item(key, question, null, origin);
      batch.responses.push(
        withOrigin<ResponseRecord>(
          {
            dataset,
            itemKey: key,
            system: model,
            output: answer,
            style: styleOf(r.metadata ?? r.conv_metadata, answer, tokens),
          },
          origin,
        ),
      );
    } else {
      throw new InputError(
        'INPUT_FIELD',
        'not an Arena-Hard question, answer, judgment or battle row (expected games, turns/prompt, choices/messages or winner)',
        origin,
      );
    }
  }
  if (assumed)
    batch.notes = [
      `judgment rows name no baseline: assumed ${ARENA_HARD_V01_BASELINE} (v0.1's); pass --baseline if they were judged against another`,
    ];
  if (selfRows)
    (batch.notes ??= []).push(`${file}: skipped ${selfRows} judgment rows comparing the baseline with itself`);
  return batch;
}

function answerOf(
  r: Row,
  origin: { file: string; row: number },
): { question: string | null; answer: string; tokens: number | null } {
  if (Array.isArray(r.choices)) {
    const turns = ((r.choices[0] as Row | undefined)?.turns ?? []) as Row[];
    const answer = turns.map((t) => (typeof t.content === 'string' ? t.content : '')).join('\n\n');
    const tokens = turns.reduce((s, t) => s + (typeof t.token_len === 'number' ? t.token_len : Number.NaN), 0);
    return { question: null, answer, tokens: Number.isFinite(tokens) ? tokens : null };
  }
  const messages = r.messages as Row[];
  const user = messages.find((m) => m?.role === 'user');
  const assistant = [...messages].reverse().find((m) => m?.role === 'assistant');
  if (!assistant) throw new InputError('INPUT_FIELD', 'no assistant message', { ...origin, field: 'messages' });
  const c = assistant.content;
  const answer =
    typeof c === 'string' ? c : typeof (c as Row | null)?.answer === 'string' ? ((c as Row).answer as string) : '';
  return { question: typeof user?.content === 'string' ? user.content : null, answer, tokens: null };
}

function styleOf(metadata: unknown, answer: string, tokens: number | null): ResponseStyle | null {
  const sum = (v: unknown): number =>
    v && typeof v === 'object'
      ? Object.values(v as Record<string, number>).reduce((s, x) => s + (Number(x) || 0), 0)
      : 0;
  const m = metadata as Row | undefined;
  if (m && typeof m.token_len === 'number')
    return { tokens: m.token_len, headers: sum(m.header_count), lists: sum(m.list_count), bolds: sum(m.bold_count) };
  return tokens === null ? null : { tokens, ...markdownCounts(answer) };
}

function str(v: unknown, field: string, origin: { file: string; row: number }): string {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  throw new InputError('INPUT_FIELD', `expected a string (${v === undefined ? 'missing' : `got ${describe(v)}`})`, {
    ...origin,
    field,
  });
}
