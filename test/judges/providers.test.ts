import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/judges/providers/anthropic-provider.js';
import { OpenAIProvider } from '../../src/judges/providers/openai-provider.js';
import { ScorerProvider } from '../../src/judges/providers/scorer-provider.js';
import { ProviderError, type ChatProvider } from '../../src/judges/providers/provider.js';
import { parseRetryAfter } from '../../src/judges/providers/http-failure.js';
import { FakeOpenAI, type FakeBehaviour } from '../helpers/fake-openai.js';

let next: FakeBehaviour = { kind: 'ok' };
const server = new FakeOpenAI(() => next);
beforeAll(() => server.start());
afterAll(() => server.stop());

const implementations: [string, () => ChatProvider][] = [
  ['openai-compatible', () => new OpenAIProvider({ baseURL: server.url, apiKey: 'k', timeoutMs: 300 })],
  ['anthropic', () => new AnthropicProvider({ baseURL: server.url.replace(/\/v1$/, ''), apiKey: 'k', timeoutMs: 300 })],
];

const prompt = [
  { role: 'system' as const, content: 'Judge.' },
  {
    role: 'user' as const,
    content: "[The Start of Assistant's Answer]\nA good answer\n[The End of Assistant's Answer]\nRating: [[5]]",
  },
];

describe.each(implementations)('provider conformance: %s', (_name, make) => {
  it('returns text and token usage', async () => {
    next = { kind: 'ok' };
    const r = await make().complete({ model: 'm', messages: prompt, maxTokens: 50 });
    expect(r.text).toMatch(/Rating: \[\[6\]\]/);
    expect(r.promptTokens).toBeGreaterThan(10);
    expect(r.completionTokens).toBeGreaterThan(0);
  });

  const faults: [FakeBehaviour, string, number | undefined][] = [
    [{ kind: 'rate_limit', retryAfterSeconds: 2 }, 'rate_limit', 2000],
    [{ kind: 'server_error' }, 'server', undefined],
    [{ kind: 'stall', ms: 1000 }, 'timeout', undefined],
  ];
  it.each(faults)('classifies %j', async (behaviour, kind, retryAfter) => {
    next = behaviour;
    const err = await make()
      .complete({ model: 'm', messages: prompt })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe(kind);
    expect((err as ProviderError).retryable).toBe(true);
    if (retryAfter !== undefined) expect((err as ProviderError).retryAfterMs).toBe(retryAfter);
    next = { kind: 'ok' };
  });
});

describe('provider conformance: scorer (HTTP preference / reward model endpoint)', () => {
  const make = () => new ScorerProvider({ baseURL: `${server.url}/score`, timeoutMs: 300 });
  const data = [
    {
      role: 'user' as const,
      content: JSON.stringify({ instruction: 'Q?', output_a: 'a good answer', output_b: 'meh' }),
    },
  ];
  it("posts the data and returns the endpoint's JSON as text", async () => {
    next = { kind: 'ok' };
    const r = await make().complete({ model: 'pairrm', messages: data });
    expect((JSON.parse(r.text) as { probability: number }).probability).toBeGreaterThan(0.5);
    expect(r.promptTokens).toBe(0);
    const last = server.requests.at(-1) as unknown as Record<string, unknown>;
    expect(last).toEqual({ model: 'pairrm', instruction: 'Q?', output_a: 'a good answer', output_b: 'meh' });
  });
  it.each([
    [{ kind: 'rate_limit', retryAfterSeconds: 2 }, 'rate_limit', 2000],
    [{ kind: 'server_error' }, 'server', undefined],
    [{ kind: 'stall', ms: 1000 }, 'timeout', undefined],
  ] as [FakeBehaviour, string, number | undefined][])('classifies %j', async (behaviour, kind, retryAfter) => {
    next = behaviour;
    const err = await make()
      .complete({ model: 'm', messages: data })
      .catch((e: unknown) => e);
    expect((err as ProviderError).kind).toBe(kind);
    if (retryAfter !== undefined) expect((err as ProviderError).retryAfterMs).toBe(retryAfter);
    next = { kind: 'ok' };
  });
});

describe('Retry-After', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('1.5')).toBe(1500);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
