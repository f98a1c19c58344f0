import { ARENA_HARD_LABELS } from '../../io/arena-hard.js';
import { fill, neutralise, type PairwisePreset } from './preset.js';

const SYSTEM = `Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user prompt displayed below. You will be given assistant A's answer and assistant B's answer. Your job is to evaluate which assistant's answer is better.

Begin your evaluation by generating your own answer to the prompt. You must provide your answers before judging any answers.

When evaluating the assistants' answers, compare both assistants' answers with your answer. You must identify and correct any mistakes or inaccurate information.

Then consider if the assistant's answers are helpful, relevant, and concise. Helpful means the answer correctly responds to the prompt or follows the instructions. Note when user prompt has any ambiguity or more than one interpretation, it is more helpful and appropriate to ask for clarifications or more information from the user than providing an answer based on assumptions. Relevant means all parts of the response closely connect or are appropriate to what is being asked. Concise means the response is clear and not verbose or excessive.

Then consider the creativity and novelty of the assistant's answers when needed. Finally, identify any missing important information in the assistants' answers that would be beneficial to include when responding to the user prompt.

After providing your explanation, you must output only one of the following choices as your final verdict with a label:

1. Assistant A is significantly better: [[A>>B]]
2. Assistant A is slightly better: [[A>B]]
3. Tie, relatively the same: [[A=B]]
4. Assistant B is slightly better: [[B>A]]
5. Assistant B is significantly better: [[B>>A]]

Example output: "My final verdict is tie: [[A=B]]".`;

const USER =
  "<|User Prompt|>\n{instruction}\n\n<|The Start of Assistant A's Answer|>\n{first}\n<|The End of Assistant A's Answer|>\n\n<|The Start of Assistant B's Answer|>\n{second}\n<|The End of Assistant B's Answer|>";

const DELIMITERS = [
  '<|User Prompt|>',
  "<|The Start of Assistant A's Answer|>",
  "<|The End of Assistant A's Answer|>",
  "<|The Start of Assistant B's Answer|>",
  "<|The End of Assistant B's Answer|>",
];

/**
 * Arena-Hard-Auto v0.1: five-level verdict; parsed with `\[\[([AB<>=]+)\]\]` on the raw text, exactly one
 * distinct match or the game counts as unparsed. Played twice with positions swapped by the runner; strong
 * verdicts are weighted ×3 by the arena-hard leaderboard method.
 */
export const arenaHard: PairwisePreset = {
  kind: 'pairwise',
  name: 'arena_hard',
  request: { maxTokens: 4096, temperature: 0 },
  messages: (ctx) => [
    { role: 'system', content: SYSTEM },
    {
      role: 'user',
      content: fill(USER, {
        instruction: neutralise(ctx.instruction, DELIMITERS),
        first: neutralise(ctx.first, DELIMITERS),
        second: neutralise(ctx.second, DELIMITERS),
      }),
    },
  ],
  parse(r) {
    const labels = [...new Set([...r.text.matchAll(/\[\[([AB<>=]+)\]\]/g)].map((m) => m[1]))];
    if (labels.length !== 1)
      return {
        ok: false,
        reason: labels.length === 0 ? 'no [[verdict]] label' : `several labels: ${labels.join(', ')}`,
      };
    const p = ARENA_HARD_LABELS[labels[0]];
    if (p === undefined) return { ok: false, reason: `unknown label [[${labels[0]}]]` };
    return { ok: true, pFirst: p, label: labels[0], how: 'discrete' };
  },
};
