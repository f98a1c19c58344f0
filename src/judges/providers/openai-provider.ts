import OpenAI from 'openai';
import {
  httpFailure,
  ProviderError,
  type ChatMessage,
  type ChatProvider,
  type ChatRequest,
  type ChatResponse,
} from './provider.js';

/** Options of {@link OpenAIProvider}. */
export interface OpenAIProviderOptions {
  baseURL?: string;
  apiKey?: string;
  /** Per-request timeout in milliseconds (default 120 000). */
  timeoutMs?: number;
}

/**
 * Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server, OpenRouter…) through the official
 * `openai` client. Retries are winrate's (they honour Retry-After and feed adaptive concurrency), so the client's
 * own are off. Base URL and key default to OPENAI_BASE_URL / OPENAI_API_KEY.
 */
export class OpenAIProvider implements ChatProvider {
  readonly id: string;
  private readonly client: OpenAI;

  constructor(options: OpenAIProviderOptions = {}) {
    const baseURL = options.baseURL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1';
    this.id = `openai:${baseURL}`;
    this.client = new OpenAI({
      baseURL,
      apiKey: options.apiKey ?? process.env.OPENAI_API_KEY ?? 'no-key',
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: 0,
    });
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    try {
      const r = await this.client.chat.completions.create(
        {
          model: req.model,
          messages: req.messages.map(toOpenAI),
          temperature: req.temperature,
          max_tokens: req.maxTokens,
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
        promptTokens: r.usage?.prompt_tokens ?? 0,
        completionTokens: r.usage?.completion_tokens ?? 0,
        finishReason: choice.finish_reason ?? null,
      };
    } catch (e) {
      throw classify(e);
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

function classify(e: unknown): ProviderError {
  if (e instanceof ProviderError) return e;
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new ProviderError('request timed out', 'timeout');
  if (e instanceof OpenAI.APIConnectionError) return new ProviderError(`connection failed: ${e.message}`, 'network');
  if (e instanceof OpenAI.APIError) {
    const { status, retryAfter } = httpFailure(e);
    if (status === 429)
      return new ProviderError(
        `rate limited (429)${retryAfter !== undefined ? `, retry after ${retryAfter} ms` : ''}`,
        'rate_limit',
        status,
        retryAfter,
      );
    if (status === undefined || status >= 500 || status === 408)
      return new ProviderError(`server error ${status ?? ''}: ${e.message}`, 'server', status, retryAfter);
    return new ProviderError(`request refused (${status}): ${e.message}`, 'client', status);
  }
  if (e instanceof SyntaxError) return new ProviderError(`malformed response: ${e.message}`, 'server');
  return new ProviderError(e instanceof Error ? e.message : String(e), 'network');
}
