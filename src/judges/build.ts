import { ArgumentError } from '../core/errors.js';
import type { JudgeConfig, JudgeEntry } from './config.js';
import { customPreset } from './presets/custom-preset.js';
import { PRESETS } from './presets/index.js';
import type { Preset } from './presets/preset.js';
import { AnthropicProvider } from './providers/anthropic-provider.js';
import { OpenAIProvider } from './providers/openai-provider.js';
import { ScorerProvider } from './providers/scorer-provider.js';
import type { ChatProvider } from './providers/provider.js';
import type { JudgeSpec } from './run.js';

/** The provider a config entry names (the SDK's own timeout is a backstop behind the runner's per-request deadline). */
export function buildProvider(e: {
  provider: 'openai' | 'anthropic' | 'scorer';
  base_url?: string;
  api_key_env?: string;
  timeout_ms: number;
  reasoning?: boolean;
}): ChatProvider {
  const apiKey = e.api_key_env ? process.env[e.api_key_env] : undefined;
  if (e.api_key_env && apiKey === undefined)
    throw new ArgumentError(`environment variable ${e.api_key_env} (api_key_env) is not set`);
  if (e.provider === 'scorer') {
    if (!e.base_url) throw new ArgumentError('the scorer provider needs base_url: the URL its JSON is posted to');
    return new ScorerProvider({ baseURL: e.base_url, apiKey, timeoutMs: e.timeout_ms + 5000, keyEnv: e.api_key_env });
  }
  const common = { baseURL: e.base_url, apiKey, timeoutMs: e.timeout_ms + 5000 };
  return e.provider === 'anthropic'
    ? new AnthropicProvider({ ...common, keyEnv: e.api_key_env ?? 'ANTHROPIC_API_KEY' })
    : new OpenAIProvider({ ...common, keyEnv: e.api_key_env ?? 'OPENAI_API_KEY', reasoning: e.reasoning });
}

/**
 * A request's deadline when the config sets none, from the longest answer it may get: 10 s + 40 ms per `max_tokens`
 * (25 tokens a second, slower than providers generate), at least 30 s (a queue at the provider), at most 5 min. One
 * hung request then costs a log-prob judge (one token) 30 s, not the 120 s a single default gave every preset.
 */
export function defaultTimeoutMs(maxTokens: number): number {
  return Math.min(300_000, Math.max(30_000, 10_000 + 40 * maxTokens));
}

/** Resolves a preset name: built-in, or a custom template from the config. */
export function resolvePreset(name: string, config: Pick<JudgeConfig, 'templates'>): Preset {
  const custom = config.templates?.find((t) => t.name === name);
  if (custom) return customPreset(custom);
  const p = PRESETS[name];
  if (!p)
    throw new ArgumentError(
      `unknown preset "${name}"; built-in: ${Object.keys(PRESETS).join(', ')}${config.templates?.length ? `; templates: ${config.templates.map((t) => t.name).join(', ')}` : ''}`,
    );
  return p;
}

/** Every judge of a config (one, or a jury), ready to run. */
export function buildJudges(config: JudgeConfig): JudgeSpec[] {
  const entries: JudgeEntry[] = [...(config.judge ? [config.judge] : []), ...(config.judges ?? [])];
  for (const e of entries) {
    const raw = resolvePreset(e.preset, config).raw === true;
    if (raw !== (e.provider === 'scorer')) {
      throw new ArgumentError(
        raw
          ? `preset "${e.preset}" sends data for a scoring endpoint: use provider: scorer`
          : `provider scorer needs the preference_model or reward_model preset (got "${e.preset}")`,
      );
    }
  }
  const specs = entries.map((e) => {
    const preset = resolvePreset(e.preset, config);
    const timeoutMs = e.timeout_ms ?? defaultTimeoutMs(e.max_tokens ?? preset.request.maxTokens);
    return {
      name: e.name ?? `${e.preset}:${e.model}`,
      preset,
      provider: buildProvider({ ...e, timeout_ms: timeoutMs }),
      model: e.model,
      temperature: e.temperature,
      maxTokens: e.max_tokens,
      topLogprobs: e.top_logprobs,
      concurrency: e.concurrency,
      timeoutMs,
    };
  });
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name)) throw new ArgumentError(`two judges are named "${s.name}": give them distinct names`);
    names.add(s.name);
  }
  return specs;
}
