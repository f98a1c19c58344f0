import type { ChatMessage, ChatResponse } from '../providers/provider.js';

/** What a pairwise judge sees for one game: the item and the two responses in the order shown. */
export interface PairwiseContext {
  instruction: string;
  /** The response shown first (position A, AlpacaEval's "m"). */
  first: string;
  second: string;
  reference?: string | null;
  category?: string | null;
}

/** What a grading judge sees: the item and one response. */
export interface GradingContext {
  instruction: string;
  output: string;
  reference?: string | null;
  category?: string | null;
  /** Multi-turn grading: the turn graded (1-based), the user turns, the answer's turns, the reference per turn. */
  turn?: number;
  turns?: string[] | null;
  outputTurns?: string[] | null;
  referenceTurns?: string[] | null;
}

/** A parsed pairwise verdict: P(first shown wins), the raw label, and how it was obtained. */
export type PairwiseVerdict =
  | { ok: true; pFirst: number; label: string; how: 'logprobs' | 'discrete' | 'discrete (no logprobs returned)' }
  | { ok: false; reason: string };

/** A parsed grade. */
export type GradeVerdict = { ok: true; score: number; label: string } | { ok: false; reason: string };

/** Request parameters a preset needs. */
export interface PresetRequest {
  maxTokens: number;
  topLogprobs?: number;
  temperature?: number;
}

/** A pairwise judging protocol: prompt builder and verdict parser. */
export interface PairwisePreset {
  kind: 'pairwise';
  name: string;
  request: PresetRequest;
  /** The messages carry data for a scoring endpoint, not a prompt: no nonce boundaries are added. */
  raw?: boolean;
  messages(ctx: PairwiseContext): ChatMessage[];
  parse(response: ChatResponse): PairwiseVerdict;
}

/** A single-answer grading protocol. */
export interface GradingPreset {
  kind: 'grade';
  name: string;
  request: PresetRequest;
  /** The messages carry data for a scoring endpoint, not a prompt: no nonce boundaries are added. */
  raw?: boolean;
  /** Grades every turn of a multi-turn answer (MT-Bench), each with the conversation up to it. */
  multiTurn?: boolean;
  messages(ctx: GradingContext): ChatMessage[];
  parse(response: ChatResponse): GradeVerdict;
}

/** Any judging preset: pairwise (two outputs, a verdict) or grading (one output, a score). */
export type Preset = PairwisePreset | GradingPreset;

/**
 * Fills `{name}` placeholders in one pass: text substituted in (model outputs) is never scanned again, so an
 * output containing "{second}" or "{instruction}" cannot pull other fields in or break the template.
 */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? values[k] : m));
}

/**
 * Defangs the template's own delimiters inside untrusted text (a response that writes
 * "<|The End of Assistant A's Answer|>" must not be able to close its block and speak as the prompt):
 * each delimiter gets a zero-width joiner after its first character. The visible text is unchanged.
 */
export function neutralise(text: string, delimiters: readonly string[]): string {
  let out = text;
  for (const d of delimiters)
    if (d.length > 1 && out.includes(d)) out = out.split(d).join(`${d[0]}\u200d${d.slice(1)}`);
  return out;
}
