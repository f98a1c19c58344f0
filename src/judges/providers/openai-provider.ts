import OpenAI from 'openai';
import { sdkHttpError, type Endpoint } from './http-failure.js';
import { ProviderError, type ChatMessage, type ChatProvider, type ChatRequest, type ChatResponse } from './provider.js';

/** Options of {@link OpenAIProvider}. */
export interface OpenAIProviderOptions {
  baseURL?: string;
  apiKey?: string;
  /** Per-request timeout in milliseconds (default 120 000). */
  timeoutMs?: number;
  /** The environment variable the key came from, named in access errors (default OPENAI_API_KEY). */
  keyEnv?: string;
  /**
   * A reasoning model (o1, o3, o4, gpt-5…): the output cap is sent as `max_completion_tokens` and no temperature (these
   * models reject both `max_tokens` and a temperature other than 1). Default: inferred from the model's name.
   */
  reasoning?: boolean;
}

/** Model names of OpenAI's reasoning models, also behind a gateway's prefix ("openai/o3-mini"). */
const REASONING = /(^|\/)(o\d|gpt-5)/;

/**
 * Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server, OpenRouter…) through the official
 * `openai` client. Retries are winrate's (they honour Retry-After and feed adaptive concurrency), so the client's
 * own are off. Base URL and key default to OPENAI_BASE_URL / OPENAI_API_KEY.
 */
export class OpenAIProvider implements ChatProvider {
  readonly id: string;
  private readonly client: OpenAI;
  private readonly endpoint: Endpoint;

  constructor(private readonly options: OpenAIProviderOptions = {}) {
    const baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
    this.id = `openai:${baseURL}`;
    this.endpoint = { id: this.id, keyEnv: options.keyEnv ?? 'OPENAI_API_KEY' };
    this.client = new OpenAI({
      baseURL,
      apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'no-key',
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: 0,
      fetch: gatewayErrors,
    });
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    const reasoning = this.options.reasoning ?? REASONING.test(req.model);
    try {
      const r = await this.client.chat.completions.create(
        {
          model: req.model,
          messages: req.messages.map(toOpenAI),
          ...(reasoning
            ? { max_completion_tokens: req.maxTokens }
            : { temperature: req.temperature, max_tokens: req.maxTokens }),
          ...(req.topLogprobs ? { logprobs: true, top_logprobs: req.topLogprobs } : {}),
        },
        { signal: req.signal },
      );
      const choice = r.choices?.[0];
      if (!choice) throw new ProviderError('response without choices', 'server');
      const first = choice.logprobs?.content?.[0];
      return {
        text: choice.message?.content ?? '',
        topLogprobs: first?.top_logprobs?.length
          ? first.top_logprobs.map((t) => ({ token: t.token, logprob: t.logprob }))
          : null,
        // completion tokens include a reasoning model's reasoning tokens: they are billed as output
        promptTokens: r.usage?.prompt_tokens ?? 0,
        completionTokens: r.usage?.completion_tokens ?? 0,
        ...(r.usage ? {} : { usageMissing: true }),
        finishReason: choice.finish_reason ?? null,
      };
    } catch (e) {
      throw classify(e, this.endpoint);
    }
  }
}

/** A message as the Chat Completions API takes it: text, or text and image parts (each image after its label). */
function toOpenAI(m: ChatMessage): OpenAI.ChatCompletionMessageParam {
  if (!m.images?.length || m.role !== 'user') return { role: m.role, content: m.content };
  return {
    role: 'user',
    content: [
      { type: 'text', text: m.content },
      ...m.images.flatMap((img) => [
        { type: 'text' as const, text: `(${img.label})` },
        { type: 'image_url' as const, image_url: { url: img.url } },
      ]),
    ],
  };
}

function classify(e: unknown, endpoint: Endpoint): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError('request timed out', 'timeout');
  if (e instanceof OpenAI.APIConnectionError) return new ProviderError(`connection failed: ${e.message}`, 'network');
  if (e instanceof OpenAI.APIError) return sdkHttpError(endpoint, e);
  if (e instanceof SyntaxError) return new ProviderError(`malformed response: ${e.message}`, 'server');
  return new ProviderError(e instanceof Error ? e.message : String(e), 'network');
}

/**
 * `fetch` for the OpenAI client that puts a gateway's error body into OpenAI's shape, so that its message reaches the
 * error: vLLM and LiteLLM proxies answer `{"message": …}` or `{"detail": …}` at the top level, Ollama
 * `{"error": "…"}`; the client reads only `{"error": {"message": …}}` and would say "(no body)".
 */
async function gatewayErrors(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const res = await fetch(input, init);
  if (res.ok) return res;
  const text = await res.text();
  let message: string | undefined;
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const err = body.error;
    if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string')
      message = undefined;
    else if (typeof err === 'string') message = err;
    else if (typeof body.message === 'string') message = body.message;
    else if (typeof body.detail === 'string') message = body.detail;
    else message = text.slice(0, 500);
  } catch {
    message = text.slice(0, 500) || undefined;
  }
  const body = message === undefined ? text : JSON.stringify({ error: { message } });
  const headers = new Headers(res.headers);
  headers.delete('content-length');
  headers.delete('content-encoding'); // the text is decoded already
  return new Response(body, { status: res.status, statusText: res.statusText, headers });
}
