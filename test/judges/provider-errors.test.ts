import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnthropicProvider } from '../../src/judges/providers/anthropic-provider.js';
import { httpError, parseResetDuration, retryHint, sdkHttpError } from '../../src/judges/providers/http-failure.js';
import { OpenAIProvider } from '../../src/judges/providers/openai-provider.js';
import { ProviderError, type ChatProvider } from '../../src/judges/providers/provider.js';
import { FakeOpenAI, type FakeBehaviour } from '../helpers/fake-openai.js';

let next: FakeBehaviour = { kind: 'ok' };
const server = new FakeOpenAI(() => next);
beforeAll(() => server.start());
afterAll(() => server.stop());

const prompt = [{ role: 'user' as const, content: 'Rate it. Rating: [[5]]' }];
const fail = async (p: ChatProvider, b: FakeBehaviour): Promise<ProviderError> => {
  next = b;
  const e = await p.complete({ model: 'm', messages: prompt, maxTokens: 50 }).catch((x: unknown) => x);
  next = { kind: 'ok' };
  expect(e).toBeInstanceOf(ProviderError);
  return e as ProviderError;
};

describe('retry hints of real providers', () => {
  it("reads OpenAI's x-ratelimit-reset durations", () => {
    expect(parseResetDuration('20ms')).toBe(20);
    expect(parseResetDuration('6s')).toBe(6000);
    expect(parseResetDuration('1m30s')).toBe(90_000);
    expect(parseResetDuration('2h0m5.5s')).toBe(7_205_500);
    expect(parseResetDuration('1m')).toBe(60_000);
    expect(parseResetDuration('soon')).toBeUndefined();
    expect(parseResetDuration('')).toBeUndefined();
  });
  it('prefers retry-after-ms, then retry-after, then the later of the reset headers', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryHint(h({ 'retry-after-ms': '250', 'retry-after': '3' }))).toBe(250);
    expect(retryHint(h({ 'retry-after': '3', 'x-ratelimit-reset-requests': '9s' }))).toBe(3000);
    expect(retryHint(h({ 'x-ratelimit-reset-requests': '1s', 'x-ratelimit-reset-tokens': '6m0s' }))).toBe(360_000);
    // Anthropic: RFC 3339 instants
    const now = Date.parse('2026-12-08T10:00:00Z');
    expect(
      retryHint(
        h({
          'anthropic-ratelimit-requests-reset': '2026-12-08T10:00:02Z',
          'anthropic-ratelimit-tokens-reset': '2026-12-08T10:00:05Z',
        }),
        now,
      ),
    ).toBe(5000);
    expect(retryHint(h({}))).toBeUndefined();
  });
});

describe('error shapes of real providers and gateways, classified', () => {
  const openai = () => new OpenAIProvider({ baseURL: server.url, apiKey: 'k', timeoutMs: 2000, keyEnv: 'MY_KEY' });
  const anthropic = () =>
    new AnthropicProvider({ baseURL: server.url.replace(/\/v1$/, ''), apiKey: 'k', timeoutMs: 2000 });

  it('401 from OpenAI: final for the run, names the endpoint and the key variable', async () => {
    const e = await fail(openai(), {
      kind: 'status',
      status: 401,
      body: {
        error: {
          message: 'Incorrect API key provided: sk-abc. You can find your API key at https://platform.openai.com.',
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_api_key',
        },
      },
    });
    expect([e.kind, e.fatal, e.retryable, e.status]).toEqual(['access', true, false, 401]);
    expect(e.message).toContain('Incorrect API key provided');
    expect(e.message).toContain(`openai:${server.url}`);
    expect(e.message).toContain('$MY_KEY');
  });

  it('401 from Anthropic names ANTHROPIC_API_KEY; 529 overloaded_error is retried after its retry-after', async () => {
    const e = await fail(anthropic(), {
      kind: 'status',
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
    });
    expect(e.kind).toBe('access');
    expect(e.message).toContain('invalid x-api-key');
    expect(e.message).toContain('$ANTHROPIC_API_KEY');
    const o = await fail(anthropic(), {
      kind: 'status',
      status: 529,
      body: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
      headers: { 'retry-after': '2' },
    });
    expect([o.kind, o.retryable, o.retryAfterMs]).toEqual(['server', true, 2000]);
  });

  it('402 from OpenRouter (no credit) and 403 stop the run', async () => {
    const e = await fail(openai(), {
      kind: 'status',
      status: 402,
      body: { error: { code: 402, message: 'Insufficient credits. Add more using https://openrouter.ai/credits' } },
    });
    expect([e.kind, e.fatal]).toEqual(['access', true]);
    expect(e.message).toContain('Insufficient credits');
    const f = await fail(openai(), {
      kind: 'status',
      status: 403,
      body: { error: { message: 'You are not allowed to sample from this model', type: 'invalid_request_error' } },
    });
    expect(f.kind).toBe('access');
  });

  it("404 from Ollama (its own body shape) is an unknown model, with Ollama's words", async () => {
    const e = await fail(openai(), {
      kind: 'status',
      status: 404,
      body: { error: 'model "llama9" not found, try pulling it first' },
    });
    expect([e.kind, e.fatal]).toEqual(['not_found', true]);
    expect(e.message).toContain('model "llama9" not found');
  });

  it("400 context too long from vLLM (top-level message): the judgment's own failure, with vLLM's words", async () => {
    const e = await fail(openai(), {
      kind: 'status',
      status: 400,
      body: {
        object: 'error',
        message:
          "This model's maximum context length is 4096 tokens. However, you requested 5120 tokens (4096 in the " +
          'messages, 1024 in the completion). Please reduce the length of the messages or completion.',
        type: 'BadRequestError',
        param: null,
        code: 400,
      },
    });
    expect([e.kind, e.fatal, e.retryable, e.recorded]).toEqual(['invalid', false, false, true]);
    expect(e.message).toContain('maximum context length is 4096 tokens');
  });

  it("Azure's content filter (a 400) is stored as filtered; LiteLLM's 429 waits for its retry-after", async () => {
    const e = await fail(openai(), {
      kind: 'status',
      status: 400,
      body: {
        error: {
          message:
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. " +
            'Please modify your prompt and retry.',
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
        },
      },
    });
    expect([e.kind, e.recorded]).toEqual(['filtered', true]);
    const r = await fail(openai(), {
      kind: 'status',
      status: 429,
      body: {
        error: { message: 'litellm.RateLimitError: RateLimitError: OpenAIException - Rate limit reached', code: '429' },
      },
      headers: { 'retry-after-ms': '1500' },
    });
    expect([r.kind, r.retryAfterMs]).toEqual(['rate_limit', 1500]);
    expect(r.message).toContain('litellm.RateLimitError');
  });

  it('a reasoning model is sent max_completion_tokens and no temperature; a chat model max_tokens', async () => {
    next = { kind: 'ok' };
    const p = openai();
    await p.complete({ model: 'o3-mini', messages: prompt, maxTokens: 300, temperature: 0 });
    const r = server.requests.at(-1) as unknown as Record<string, unknown>;
    expect([r.max_completion_tokens, r.max_tokens, r.temperature]).toEqual([300, undefined, undefined]);
    await p.complete({ model: 'openai/gpt-5-mini', messages: prompt, maxTokens: 300, temperature: 0 });
    expect((server.requests.at(-1) as unknown as Record<string, unknown>).max_completion_tokens).toBe(300);
    await p.complete({ model: 'gpt-4o', messages: prompt, maxTokens: 300, temperature: 0 });
    const c = server.requests.at(-1) as unknown as Record<string, unknown>;
    expect([c.max_completion_tokens, c.max_tokens, c.temperature]).toEqual([undefined, 300, 0]);
  });

  it('an answer without usage is marked so (its cost is then the estimate, never $0)', async () => {
    next = { kind: 'no_usage' };
    const r = await openai().complete({ model: 'm', messages: prompt });
    next = { kind: 'ok' };
    expect(r.usageMissing).toBe(true);
    expect(r.text.length).toBeGreaterThan(0);
  });
});

describe('each status, and what the message says', () => {
  const ep = { id: 'openai:http://x', keyEnv: 'KEY_VAR' };
  it('keeps the provider words without the status the SDK puts first', () => {
    const e = httpError(ep, 401, '401 Incorrect API key provided');
    expect(e.message).toBe(
      'openai:http://x refused the request with 401, bad API key: Incorrect API key provided. Check the key in ' +
        '$KEY_VAR (or set api_key_env in the config); nothing more was sent',
    );
    expect(httpError(ep, 402, '').message).toMatch(
      /^openai:http:\/\/x refused the request with 402, payment required \(credit exhausted\?\): no message\./,
    );
    expect(httpError(ep, 403, '403  denied').message).toMatch(/with 403, no access: denied\./);
  });
  it('rate limits say how long they wait; server errors name the status and the endpoint', () => {
    const h = new Headers({ 'retry-after': '2' });
    expect(httpError(ep, 429, '429 slow down', h).message).toBe('rate limited (429), retry after 2000 ms: slow down');
    expect(httpError(ep, 429, 'slow down').message).toBe('rate limited (429): slow down');
    for (const status of [500, 503, 529, 408, 409]) {
      const e = httpError(ep, status, `${status} busy`);
      expect([e.kind, e.message], String(status)).toEqual([
        'server',
        `server error ${status} from openai:http://x: busy`,
      ]);
    }
    expect(httpError(ep, undefined, 'gone').message).toBe('server error  from openai:http://x: gone');
  });
  it('tells content filters from other invalid requests', () => {
    for (const m of ['content_filter', 'content policy violation', 'Content management policy', 'flagged as unsafe'])
      expect(httpError(ep, 400, m).message, m).toBe(`refused by a content filter (400): ${m}`);
    for (const status of [400, 413, 422]) {
      const e = httpError(ep, status, 'too long');
      expect([e.kind, e.message]).toEqual(['invalid', `invalid request (${status}): too long`]);
    }
  });
  it('reads an SDK error whatever its fields', () => {
    const withHeaders = Object.assign(new Error('429 wait'), {
      status: 429,
      headers: new Headers({ 'retry-after': '1' }),
    });
    expect(sdkHttpError(ep, withHeaders).retryAfterMs).toBe(1000);
    const odd = Object.assign(new Error('weird'), { status: '500', headers: { nope: true } });
    expect(sdkHttpError(ep, odd).kind).toBe('server');
    expect(sdkHttpError(ep, odd).status).toBeUndefined();
  });
  it('parses durations strictly', () => {
    expect(parseResetDuration('1.5s')).toBe(1500);
    expect(parseResetDuration('10m')).toBe(600_000);
    expect(parseResetDuration('12h')).toBe(43_200_000);
    expect(parseResetDuration('1.5h')).toBe(5_400_000);
    expect(parseResetDuration('2m0.5s')).toBe(120_500);
    expect(parseResetDuration(' 6s ')).toBe(6000);
    expect(parseResetDuration('   ')).toBeUndefined();
    expect(parseResetDuration('x6s')).toBeUndefined();
    expect(parseResetDuration('6sx')).toBeUndefined();
    expect(parseResetDuration('1.s')).toBeUndefined();
    expect(retryHint(undefined)).toBeUndefined();
    expect(
      retryHint(new Headers({ 'anthropic-ratelimit-input-tokens-reset': new Date(Date.now() + 4000).toISOString() })),
    ).toBeGreaterThan(3000);
    expect(
      retryHint(new Headers({ 'anthropic-ratelimit-output-tokens-reset': new Date(Date.now() + 4000).toISOString() })),
    ).toBeGreaterThan(3000);
    expect(
      retryHint(new Headers({ 'anthropic-ratelimit-tokens-reset': new Date(Date.now() + 4000).toISOString() })),
    ).toBeGreaterThan(3000);
  });
});
