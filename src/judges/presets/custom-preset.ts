import { fill, type GradingPreset, type PairwisePreset } from './preset.js';

/** A user-defined judging protocol from config: templates plus a verdict pattern. */
export interface CustomPresetConfig {
  name: string;
  kind?: 'pairwise' | 'grade';
  /** System message (rubric, persona, principles). */
  system?: string;
  /** User message with {instruction}, {first}, {second} (pairwise) or {output} (grade), {reference}. */
  user: string;
  /** Regex whose first group is the label (pairwise) or the score (grade). The last match counts. */
  pattern: string;
  /** Pairwise: label → P(first shown wins). */
  labels?: Record<string, number>;
  max_tokens?: number;
  temperature?: number;
}

/** Builds a preset from {@link CustomPresetConfig} for rubric-, persona- or principle-conditioned judging. */
export function customPreset(c: CustomPresetConfig): PairwisePreset | GradingPreset {
  const re = new RegExp(c.pattern, 'g');
  const last = (text: string): string | null => {
    const all = [...text.matchAll(re)];
    return all.length ? (all[all.length - 1][1] ?? all[all.length - 1][0]) : null;
  };
  const sys = c.system ? [{ role: 'system' as const, content: c.system }] : [];
  const request = { maxTokens: c.max_tokens ?? 1024, temperature: c.temperature ?? 0 };
  if (c.kind === 'grade') {
    return {
      kind: 'grade',
      name: c.name,
      request,
      messages: (ctx) => [
        ...sys,
        {
          role: 'user',
          content: fill(c.user, { instruction: ctx.instruction, output: ctx.output, reference: ctx.reference ?? '' }),
        },
      ],
      parse(r) {
        const s = last(r.text);
        const score = Number(s);
        return s !== null && Number.isFinite(score)
          ? { ok: true, score, label: s }
          : { ok: false, reason: `no match for /${c.pattern}/` };
      },
    };
  }
  const labels = c.labels ?? { A: 1, B: 0, tie: 0.5 };
  return {
    kind: 'pairwise',
    name: c.name,
    request,
    messages: (ctx) => [
      ...sys,
      {
        role: 'user',
        content: fill(c.user, {
          instruction: ctx.instruction,
          first: ctx.first,
          second: ctx.second,
          reference: ctx.reference ?? '',
        }),
      },
    ],
    parse(r) {
      const l = last(r.text);
      const p = l === null ? undefined : labels[l];
      return p === undefined
        ? { ok: false, reason: l === null ? `no match for /${c.pattern}/` : `unknown label ${l}` }
        : { ok: true, pFirst: p, label: l!, how: 'discrete' };
    },
  };
}
