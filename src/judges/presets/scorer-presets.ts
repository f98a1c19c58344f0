import type { ChatResponse } from '../providers/provider.js';
import type { GradingPreset, PairwisePreset, PairwiseVerdict } from './preset.js';

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

function json(r: ChatResponse): Record<string, unknown> | null {
  try {
    const v = JSON.parse(r.text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A preference model as judge (PairRM-style, as in SPPO; or a reward model scoring both responses): the request
 * is the data `{instruction, output_a, output_b}` for the `scorer` provider, which posts it to the user's HTTP
 * endpoint. The answer is `{"probability": P(A better)}`, or two scores (`{"scores": [a, b]}` or
 * `{"score_a": a, "score_b": b}`) turned into P = σ(a − b) (Bradley–Terry on reward differences).
 */
export const preferenceModel: PairwisePreset = {
  kind: 'pairwise',
  name: 'preference_model',
  raw: true,
  request: { maxTokens: 1, temperature: 0 },
  messages: (ctx) => [
    {
      role: 'user',
      content: JSON.stringify({ instruction: ctx.instruction, output_a: ctx.first, output_b: ctx.second }),
    },
  ],
  parse(r): PairwiseVerdict {
    const v = json(r);
    if (!v) return { ok: false, reason: 'the scoring endpoint did not answer a JSON object' };
    if (finite(v.probability) && v.probability >= 0 && v.probability <= 1)
      return { ok: true, pFirst: v.probability, label: v.probability.toFixed(4), how: 'discrete' };
    const scores = Array.isArray(v.scores) && v.scores.length === 2 ? v.scores : [v.score_a, v.score_b];
    if (finite(scores[0]) && finite(scores[1])) {
      const p = sigmoid(scores[0] - scores[1]);
      return { ok: true, pFirst: p, label: `${scores[0]} vs ${scores[1]}`, how: 'discrete' };
    }
    return { ok: false, reason: 'expected {"probability": p} with p in [0, 1], or two scores' };
  },
};

/**
 * A reward model as single-answer judge: `{instruction, output}` posted by the `scorer` provider; the answer is
 * `{"score": s}`.
 */
export const rewardModel: GradingPreset = {
  kind: 'grade',
  name: 'reward_model',
  raw: true,
  request: { maxTokens: 1, temperature: 0 },
  messages: (ctx) => [{ role: 'user', content: JSON.stringify({ instruction: ctx.instruction, output: ctx.output }) }],
  parse(r) {
    const v = json(r);
    return v && finite(v.score)
      ? { ok: true, score: v.score, label: String(v.score) }
      : { ok: false, reason: 'expected {"score": s}' };
  },
};
