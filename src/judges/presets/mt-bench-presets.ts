import { fill, neutralise, type GradingPreset, type PairwisePreset } from './preset.js';

const PAIR_SYSTEM = `Please act as an impartial judge and evaluate the quality of the responses provided by two AI assistants to the user question displayed below. You should choose the assistant that follows the user's instructions and answers the user's question better. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of their responses. Begin your evaluation by comparing the two responses and provide a short explanation. Avoid any position biases and ensure that the order in which the responses were presented does not influence your decision. Do not allow the length of the responses to influence your evaluation. Do not favor certain names of the assistants. Be as objective as possible. After providing your explanation, output your final verdict by strictly following this format: "[[A]]" if assistant A is better, "[[B]]" if assistant B is better, and "[[C]]" for a tie.`;
const PAIR_USER =
  "[User Question]\n{instruction}\n\n[The Start of Assistant A's Answer]\n{first}\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n{second}\n[The End of Assistant B's Answer]";
const PAIR_DELIMITERS = [
  "[The Start of Assistant A's Answer]",
  "[The End of Assistant A's Answer]",
  "[The Start of Assistant B's Answer]",
  "[The End of Assistant B's Answer]",
  '[User Question]',
];

/** MT-Bench pairwise (FastChat pair-v2): "[[A]]", "[[B]]" or "[[C]]" (tie), searched in that order. */
export const mtBenchPairwise: PairwisePreset = {
  kind: 'pairwise',
  name: 'mt_bench_pairwise',
  request: { maxTokens: 2048, temperature: 0 },
  messages: (ctx) => [
    { role: 'system', content: PAIR_SYSTEM },
    {
      role: 'user',
      content: fill(PAIR_USER, {
        instruction: neutralise(ctx.instruction, PAIR_DELIMITERS),
        first: neutralise(ctx.first, PAIR_DELIMITERS),
        second: neutralise(ctx.second, PAIR_DELIMITERS),
      }),
    },
  ],
  parse(r) {
    if (r.text.includes('[[A]]')) return { ok: true, pFirst: 1, label: 'A', how: 'discrete' };
    if (r.text.includes('[[B]]')) return { ok: true, pFirst: 0, label: 'B', how: 'discrete' };
    if (r.text.includes('[[C]]')) return { ok: true, pFirst: 0.5, label: 'tie', how: 'discrete' };
    return { ok: false, reason: 'no [[A]], [[B]] or [[C]] verdict' };
  },
};

const SINGLE_SYSTEM = 'You are a helpful assistant.';
const SINGLE = `[Instruction]
Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of the response. Begin your evaluation by providing a short explanation. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: "Rating: [[5]]".

[Question]
{instruction}

[The Start of Assistant's Answer]
{output}
[The End of Assistant's Answer]`;
const SINGLE_REF = `[Instruction]
Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Your evaluation should consider correctness and helpfulness. You will be given a reference answer and the assistant's answer. Begin your evaluation by comparing the assistant's answer with the reference answer. Identify and correct any mistakes. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: "Rating: [[5]]".

[Question]
{instruction}

[The Start of Reference Answer]
{reference}
[The End of Reference Answer]

[The Start of Assistant's Answer]
{output}
[The End of Assistant's Answer]`;
const SINGLE_DELIMITERS = [
  "[The Start of Assistant's Answer]",
  "[The End of Assistant's Answer]",
  '[The Start of Reference Answer]',
  '[The End of Reference Answer]',
];

// FastChat judge_prompts.jsonl: single-v1-multi-turn and single-math-v1-multi-turn (system prompt and template
// verbatim).
const MULTI_SYSTEM =
  'Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question displayed below. Your evaluation should consider factors such as the helpfulness, relevance, accuracy, depth, creativity, and level of detail of the response. You evaluation should focus on the assistant\'s answer to the second user question. Begin your evaluation by providing a short explanation. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: "Rating: [[5]]".\n\n';
const MULTI_REF_SYSTEM =
  'Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to the user question. Your evaluation should consider correctness and helpfulness. You will be given a reference answer and the assistant\'s answer. You evaluation should focus on the assistant\'s answer to the second question. Begin your evaluation by comparing the assistant\'s answer with the reference answer. Identify and correct any mistakes. Be as objective as possible. After providing your explanation, you must rate the response on a scale of 1 to 10 by strictly following this format: "[[rating]]", for example: "Rating: [[5]]".\n\n';
const CONVERSATION = `<|The Start of Assistant A's Conversation with User|>

### User:
{question_1}

### Assistant A:
{answer_1}

### User:
{question_2}

### Assistant A:
{answer_2}

<|The End of Assistant A's Conversation with User|>`;
const REFERENCE_CONVERSATION = `<|The Start of Reference Answer|>

### User:
{question_1}

### Reference answer:
{ref_answer_1}

### User:
{question_2}

### Reference answer:
{ref_answer_2}

<|The End of Reference Answer|>


${CONVERSATION}`;
const MULTI_DELIMITERS = [
  "<|The Start of Assistant A's Conversation with User|>",
  "<|The End of Assistant A's Conversation with User|>",
  '<|The Start of Reference Answer|>',
  '<|The End of Reference Answer|>',
  '### User:',
  '### Assistant A:',
  '### Reference answer:',
];
const REFERENCE_CATEGORIES = new Set(['math', 'reasoning', 'coding']);

/**
 * MT-Bench single-answer grading (FastChat single-v1; reference-guided single-math-v1 for math, reasoning and
 * coding items with a reference answer): "Rating: [[5]]", parsed with `\[\[(\d+\.?\d*)\]\]` then `\[(\d+\.?\d*)\]`.
 * Multi-turn items (MT-Bench questions and answers imported with their turns) are graded per turn as FastChat does:
 * turn 1 on the first question and answer alone, turn 2 on the whole conversation (single-v1-multi-turn, or
 * single-math-v1-multi-turn with the reference answer of both turns).
 */
export const mtBenchSingle: GradingPreset = {
  kind: 'grade',
  name: 'mt_bench_single',
  request: { maxTokens: 2048, temperature: 0 },
  multiTurn: true,
  messages(ctx) {
    const turns =
      ctx.turns && ctx.outputTurns ? { q: ctx.turns, a: ctx.outputTurns, ref: ctx.referenceTurns ?? null } : null;
    const reference = turns ? (turns.ref?.[0] ?? null) : ctx.reference;
    const guided = !!reference && REFERENCE_CATEGORIES.has((ctx.category ?? '').toLowerCase());
    if (turns && ctx.turn === 2) {
      const n = (t: string | undefined): string => neutralise(t ?? '', MULTI_DELIMITERS);
      const v = {
        question_1: n(turns.q[0]),
        question_2: n(turns.q[1]),
        answer_1: n(turns.a[0]),
        answer_2: n(turns.a[1]),
        ref_answer_1: n(turns.ref?.[0]),
        ref_answer_2: n(turns.ref?.[1]),
      };
      return [
        { role: 'system', content: guided ? MULTI_REF_SYSTEM : MULTI_SYSTEM },
        { role: 'user', content: fill(guided ? REFERENCE_CONVERSATION : CONVERSATION, v) },
      ];
    }
    const v = {
      instruction: neutralise(turns ? turns.q[0] : ctx.instruction, SINGLE_DELIMITERS),
      output: neutralise(turns ? turns.a[0] : ctx.output, SINGLE_DELIMITERS),
      reference: neutralise(reference ?? '', SINGLE_DELIMITERS),
    };
    return [
      { role: 'system', content: SINGLE_SYSTEM },
      { role: 'user', content: fill(guided ? SINGLE_REF : SINGLE, v) },
    ];
  },
  parse(r) {
    const m = /\[\[(\d+\.?\d*)\]\]/.exec(r.text) ?? /\[(\d+\.?\d*)\]/.exec(r.text);
    if (!m) return { ok: false, reason: 'no [[rating]]' };
    const score = Number(m[1]);
    return score >= 1 && score <= 10
      ? { ok: true, score, label: m[1] }
      : { ok: false, reason: `rating ${m[1]} outside 1–10` };
  },
};
