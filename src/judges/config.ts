import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/errors.js';

const judgeSchema = z
  .object({
    preset: z
      .string()
      .describe(
        'built-in preset (alpaca_eval_weighted, alpaca_eval, arena_hard, mt_bench_single, mt_bench_pairwise, wildbench_pairwise, wildbench_score, preference_model, reward_model) or the name of a custom template',
      ),
    provider: z
      .enum(['openai', 'anthropic', 'scorer'])
      .default('openai')
      .describe(
        'openai = any OpenAI-compatible endpoint; scorer = an HTTP preference/reward model endpoint (presets preference_model, reward_model)',
      ),
    model: z.string(),
    base_url: z.string().optional().describe('endpoint (default OPENAI_BASE_URL / ANTHROPIC_BASE_URL or the vendor)'),
    api_key_env: z
      .string()
      .optional()
      .describe('environment variable holding the key (default OPENAI_API_KEY / ANTHROPIC_API_KEY)'),
    name: z.string().optional().describe('judge name in the store (default preset:model)'),
    concurrency: z.number().int().positive().default(8),
    temperature: z.number().min(0).optional(),
    max_tokens: z.number().int().positive().optional(),
    top_logprobs: z.number().int().min(0).max(20).optional(),
    reasoning: z
      .boolean()
      .optional()
      .describe(
        'a reasoning model: max_tokens is sent as max_completion_tokens and no temperature is sent ' +
          '(default: true for OpenAI o1/o3/o4/gpt-5 names)',
      ),
    timeout_ms: z
      .number()
      .int()
      .positive()
      .optional()
      .describe(
        "deadline of one request; past it the request is aborted and retried (default from the answer's length: " +
          '10 s + 40 ms per max_tokens, between 30 s and 5 min)',
      ),
  })
  .strict();

const templateSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['pairwise', 'grade']).default('pairwise'),
    system: z.string().optional().describe('system message: rubric, persona, principles'),
    user: z
      .string()
      .describe('user message with {instruction}, {first}, {second} (pairwise) or {output} (grade), {reference}'),
    pattern: z
      .string()
      .describe('regex; its first group is the label (pairwise) or the score (grade); the last match counts'),
    labels: z.record(z.string(), z.number().min(0).max(1)).optional().describe('pairwise: label → P(first shown wins)'),
    max_tokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).optional(),
  })
  .strict();

/** The `winrate judge` configuration (winrate.yaml). Keys are snake_case, as in the YAML. */
export const judgeConfigSchema = z
  .object({
    judge: judgeSchema.optional().describe('the judge'),
    judges: z.array(judgeSchema).optional().describe('a jury: several judges over the same comparisons'),
    baseline: z.string().optional().describe('pairwise: every other system is compared with it'),
    outputs: z
      .array(z.string())
      .default([])
      .describe('AlpacaEval model_outputs files to import first ({instruction, output, generator})'),
    systems: z.array(z.string()).optional().describe('systems to judge (default: all with responses)'),
    dataset: z.string().optional().describe('dataset of the items (default alpaca_eval when outputs are given)'),
    orders: z
      .enum(['both', 'first', 'random'])
      .default('both')
      .describe('pairwise: show each comparison in both orders, baseline first only, or one random order'),
    samples: z.number().int().positive().default(1),
    seed: z.number().int().nonnegative().default(0),
    until_decided: z
      .union([
        z
          .object({
            rule: z.literal('sprt'),
            elo0: z.number().default(-20),
            elo1: z.number().default(20),
            alpha: z.number().gt(0).lt(1).default(0.05),
            beta: z.number().gt(0).lt(1).default(0.05),
          })
          .strict(),
        z
          .object({
            rule: z.literal('ci'),
            width: z.number().positive().describe('CI width in win-rate points'),
            min_items: z.number().int().positive().default(30),
          })
          .strict(),
      ])
      .optional()
      .describe(
        "pairwise: stop asking the judge about a system once it is decided against the baseline (fishtest's SPRT on pairs of both orders, or a CI-width rule); items are judged in a seeded random order",
      ),
    max_cost: z
      .number()
      .positive()
      .optional()
      .describe(
        'hard cap in USD on what each judge spends in this store, across resumed runs (needs a price for the model)',
      ),
    retries: z.number().int().nonnegative().default(6),
    exact_prompts: z
      .boolean()
      .default(false)
      .describe(
        'send the published judge prompts byte for byte, without the per-request nonce boundaries around outputs',
      ),
    prices: z
      .record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }))
      .optional()
      .describe('USD per 1M tokens, by model'),
    templates: z.array(templateSchema).optional().describe('custom presets'),
  })
  .strict();

/** A parsed winrate.yaml (judging configuration), as its schema checks it. */
export type JudgeConfig = z.infer<typeof judgeConfigSchema>;
/** One judge of a configuration (a jury lists several). */
export type JudgeEntry = z.infer<typeof judgeSchema>;

/**
 * Reads and validates a YAML (or JSON) config; errors name the file and the offending key. Relative `outputs`
 * paths are relative to the config file (so `winrate judge -c some/dir/winrate.yaml` works from anywhere).
 */
export function readJudgeConfig(file: string): JudgeConfig {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError('INPUT_PARSE', `cannot read config: ${(e as Error).message}`, { file });
  }
  const config = validateJudgeConfig(raw, file);
  return { ...config, outputs: config.outputs.map((o) => (isAbsolute(o) ? o : join(dirname(file), o))) };
}

/** Validates a config object. */
export function validateJudgeConfig(raw: unknown, file = 'config'): JudgeConfig {
  const r = judgeConfigSchema.safeParse(raw ?? {});
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new InputError('INPUT_FIELD', issue.message, { file, field: issue.path.map(String).join('.') || undefined });
  }
  if (!r.data.judge && !r.data.judges?.length)
    throw new InputError('INPUT_FIELD', 'no judge: give `judge:` or `judges:`', { file, field: 'judge' });
  return r.data;
}

/** The config's JSON Schema (published as schema/winrate.schema.json). */
export function judgeConfigJsonSchema(): unknown {
  return z.toJSONSchema(judgeConfigSchema, { io: 'input' });
}
