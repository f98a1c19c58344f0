import type { ChatResponse } from '../providers/provider.js';
import { fill, neutralise, type PairwisePreset, type PairwiseVerdict } from './preset.js';

const SYSTEM =
  'You are a highly efficient assistant, who evaluates and selects the best large language model (LLMs) based on the quality of their responses to a given instruction. This process will be used to create a leaderboard reflecting the most accurate and human-preferred answers.';

const USER = `I require a leaderboard for various large language models. I'll provide you with prompts given to these models and their corresponding outputs. Your task is to assess these responses, and select the model that produces the best output from a human perspective.

## Instruction

{
    "instruction": """{instruction}""",
}

## Model Outputs

Here are the unordered outputs from the models. Each output is associated with a specific model, identified by a unique model identifier.

{
    {
        "model_identifier": "m",
        "output": """{first}"""
    },
    {
        "model_identifier": "M",
        "output": """{second}"""
    }
}

## Task

Evaluate the models based on the quality and relevance of their outputs, and select the model that generated the best output. Answer by providing the model identifier of the best model. We will use your output as the name of the best model, so make sure your output only contains one of the following model identifiers and nothing else (no quotes, no spaces, no new lines, ...): m or M.

## Best Model Identifier`;

const DELIMITERS = ['"""'];

function messages(ctx: { instruction: string; first: string; second: string }) {
  const v = {
    instruction: neutralise(ctx.instruction, DELIMITERS),
    first: neutralise(ctx.first, DELIMITERS),
    second: neutralise(ctx.second, DELIMITERS),
  };
  return [
    { role: 'system' as const, content: SYSTEM },
    { role: 'user' as const, content: fill(USER, v) },
  ];
}

function discrete(text: string, how: 'discrete' | 'discrete (no logprobs returned)'): PairwiseVerdict {
  const t = text.trim();
  if (t === 'm') return { ok: true, pFirst: 1, label: 'm', how };
  if (t === 'M') return { ok: true, pFirst: 0, label: 'M', how };
  return { ok: false, reason: `expected "m" or "M", got ${JSON.stringify(t.slice(0, 80))}` };
}

/**
 * AlpacaEval 2.0's `weighted_alpaca_eval_gpt4_turbo`: one token, "m" (first shown) or "M" (second); the verdict is
 * P(m) / (P(m) + P(M)) from the first token's top log-probabilities. An endpoint that returns no log-probs falls
 * back to the discrete token, recorded as such in the comparison's rationale.
 */
export const alpacaEvalWeighted: PairwisePreset = {
  kind: 'pairwise',
  name: 'alpaca_eval_weighted',
  request: { maxTokens: 1, topLogprobs: 5, temperature: 0 },
  messages,
  parse(r: ChatResponse): PairwiseVerdict {
    if (!r.topLogprobs) return discrete(r.text, 'discrete (no logprobs returned)');
    let pm = 0;
    let pM = 0;
    for (const t of r.topLogprobs) {
      const tok = t.token.trim();
      if (tok === 'm') pm += Math.exp(t.logprob);
      else if (tok === 'M') pM += Math.exp(t.logprob);
    }
    if (pm + pM === 0) return discrete(r.text, 'discrete (no logprobs returned)');
    return { ok: true, pFirst: pm / (pm + pM), label: r.text.trim() || (pm >= pM ? 'm' : 'M'), how: 'logprobs' };
  },
};

/** AlpacaEval's discrete annotator: the same prompt, the verdict is the token itself. */
export const alpacaEvalDiscrete: PairwisePreset = {
  kind: 'pairwise',
  name: 'alpaca_eval',
  request: { maxTokens: 1, temperature: 0 },
  messages,
  parse: (r) => discrete(r.text, 'discrete'),
};
