import type { Comparison, Grade } from '../core/model.js';
import type { JudgingTask } from './plan.js';
import type { Preset } from './presets/preset.js';
import type { ChatMessage, ChatResponse } from './providers/provider.js';
import { withBoundaryNotice, wrapOutput } from './boundaries.js';
import { requestImages } from './images.js';

/**
 * The chat messages of one judging task: the preset's prompt with the two responses in the order shown. With a
 * nonce, every response is wrapped in the request's boundaries and the judge is told so (see boundaries.ts);
 * without, the published prompt exactly (also the canonical form that cache keys are computed from).
 */
export function buildMessages(preset: Preset, task: JudgingTask, nonceIn?: string): ChatMessage[] {
  const nonce = preset.raw ? undefined : nonceIn;
  const wrap = (t: string): string => (nonce ? wrapOutput(t, nonce) : t);
  let messages: ChatMessage[];
  if (task.kind === 'grade') {
    if (preset.kind !== 'grade') throw new Error(`preset ${preset.name} is pairwise`);
    messages = preset.messages({
      instruction: task.instruction,
      output: wrap(task.output),
      reference: task.reference,
      category: task.category,
      turn: task.sample,
      turns: task.turns,
      outputTurns: task.outputTurns?.map(wrap),
      referenceTurns: task.referenceTurns,
    });
  } else {
    if (preset.kind !== 'pairwise') throw new Error(`preset ${preset.name} grades single answers`);
    const [first, second] = task.shownFirst === 'a' ? [task.outputA, task.outputB] : [task.outputB, task.outputA];
    messages = preset.messages({
      instruction: task.instruction,
      first: wrap(first),
      second: wrap(second),
      reference: task.reference,
      category: task.category,
    });
  }
  if (!preset.raw) messages = withImages(messages, task);
  return nonce ? withBoundaryNotice(messages, nonce) : messages;
}

/** Attaches the images of the instruction and the responses (in the order shown) to the last user message. */
function withImages(messages: ChatMessage[], task: JudgingTask): ChatMessage[] {
  const parts =
    task.kind === 'grade'
      ? [
          { text: task.instruction, where: 'the instruction' },
          { text: task.output, where: 'the response' },
        ]
      : [
          { text: task.instruction, where: 'the instruction' },
          { text: task.shownFirst === 'a' ? task.outputA : task.outputB, where: 'response A' },
          { text: task.shownFirst === 'a' ? task.outputB : task.outputA, where: 'response B' },
        ];
  const images = requestImages(parts);
  if (images.length === 0) return messages;
  const last = messages.map((m) => m.role).lastIndexOf('user');
  return messages.map((m, i) => (i === last ? { ...m, images } : m));
}

/** The texts of a task that a nonce must not occur in. */
export function taskTexts(task: JudgingTask): string[] {
  return task.kind === 'grade'
    ? [task.instruction, task.output, task.reference ?? '']
    : [task.instruction, task.outputA, task.outputB, task.reference ?? ''];
}

/**
 * Why an answer yields no verdict whatever it says, or null: the provider refused the request (its message), a content
 * filter stopped the answer (OpenAI/Azure `content_filter`, Anthropic `refusal`), or the answer was cut at
 * `max_tokens` (`length`, Anthropic `max_tokens`) — a verdict read from a truncated judgment may be one it was only
 * quoting. Presets that answer in a token or two (log-prob verdicts, max_tokens ≤ 16) are cut by design.
 */
export function answerFailure(r: ChatResponse, maxTokens: number): string | null {
  if (r.error !== undefined) return r.error;
  const f = r.finishReason;
  if (f === 'content_filter' || f === 'refusal') return `stopped by a content filter (finish reason ${f})`;
  if ((f === 'length' || f === 'max_tokens') && maxTokens > 16)
    return `answer cut at max_tokens (${maxTokens}): no verdict is read from a truncated judgment`;
  return null;
}

/** The comparison (oriented to A: pA = P(A wins) whichever was shown first) or grade a response yields. */
export function verdictRecord(
  judge: { name: string; preset: Preset; maxTokens?: number },
  task: JudgingTask,
  r: ChatResponse,
  m: { cost: number; durationMs: number | null },
): { comparison?: Comparison; grade?: Grade } {
  const common = {
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    cost: m.cost,
    durationMs: m.durationMs,
    source: `judge:${judge.preset.name}`,
  };
  const failure = answerFailure(r, judge.maxTokens ?? judge.preset.request.maxTokens);
  if (task.kind === 'grade') {
    const v =
      failure !== null
        ? { ok: false as const, reason: failure }
        : judge.preset.kind === 'grade'
          ? judge.preset.parse(r)
          : { ok: false as const, reason: 'not a grading preset' };
    return {
      grade: {
        dataset: task.dataset,
        itemKey: task.itemKey,
        system: task.system,
        judge: judge.name,
        turn: task.sample,
        score: v.ok ? v.score : null,
        rawOutput: r.error !== undefined ? `[no answer: ${r.error}]` : r.text,
        source: common.source,
      },
    };
  }
  const v =
    failure !== null
      ? { ok: false as const, reason: failure }
      : judge.preset.kind === 'pairwise'
        ? judge.preset.parse(r)
        : { ok: false as const, reason: 'not a pairwise preset' };
  const base = {
    dataset: task.dataset,
    itemKey: task.itemKey,
    systemA: task.systemA,
    systemB: task.systemB,
    judge: judge.name,
    shownFirst: task.shownFirst,
    sample: task.sample,
    seq: task.seq,
    rawOutput: r.error !== undefined ? `[no answer: ${r.error}]` : r.text,
    ...common,
  };
  if (!v.ok)
    return {
      comparison: {
        ...base,
        status: 'parse_failed',
        pA: null,
        label: null,
        rationale: failure !== null ? `failed: ${failure}` : `unparsed: ${v.reason}`,
      },
    };
  return {
    comparison: {
      ...base,
      status: 'ok',
      pA: task.shownFirst === 'a' ? v.pFirst : 1 - v.pFirst,
      label: v.label,
      rationale: `verdict from ${v.how}`,
    },
  };
}
