import Anthropic from '@anthropic-ai/sdk';
import { sdkHttpError, type Endpoint } from './http-failure.js';
import { ProviderError, type ChatMessage, type ChatProvider, type ChatRequest, type ChatResponse } from './provider.js';
import { splitDataUri } from '../images.js';

/**
 * Anthropic's Messages API through the official `@anthropic-ai/sdk`. It returns no log-probabilities, so presets
 * that read them fall back to the discrete verdict (recorded as such). Key from ANTHROPIC_API_KEY.
 */
export class AnthropicProvider implements ChatProvider {
  readonly id: string;
  private readonly client: Anthropic;
  private readonly endpoint: Endpoint;

  constructor(options: { baseURL?: string; apiKey?: string; timeoutMs?: number; keyEnv?: string } = {}) {
    const baseURL = options.baseURL ?? process.env.ANTHROPIC_BASE_URL ?? 'https://api.anthropic.com';
    this.id = `anthropic:${baseURL}`;
    this.endpoint = { id: this.id, keyEnv: options.keyEnv ?? 'ANTHROPIC_API_KEY' };
    this.client = new Anthropic({
      baseURL,
      apiKey: options.apiKey ?? process.env.ANTHROPIC_API_KEY ?? 'no-key',
      timeout: options.timeoutMs ?? 120_000,
      maxRetries: 0,
    });
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    const system = req.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    try {
      const r = await this.client.messages.create(
        {
          model: req.model,
          max_tokens: req.maxTokens ?? 1024,
          ...(system ? { system } : {}),
          messages: req.messages.filter((m) => m.role !== 'system').map(toAnthropic),
        },
        { signal: req.signal },
      );
      const text = r.content.map((c) => (c.type === 'text' ? c.text : '')).join('');
      return {
        text,
        topLogprobs: null,
        promptTokens: r.usage.input_tokens,
        completionTokens: r.usage.output_tokens,
        finishReason: r.stop_reason ?? null,
      };
    } catch (e) {
      if (e instanceof Anthropic.APIConnectionTimeoutError) throw new ProviderError('request timed out', 'timeout');
      if (e instanceof Anthropic.APIConnectionError)
        throw new ProviderError(`connection failed: ${e.message}`, 'network');
      // 529 overloaded_error is a server error (retried, after the retry hint when sent)
      if (e instanceof Anthropic.APIError) throw sdkHttpError(this.endpoint, e);
      throw new ProviderError(e instanceof Error ? e.message : String(e), 'network');
    }
  }
}

/** A message as the Messages API takes it: text, or text and image blocks (base64 for data URIs, url for https). */
function toAnthropic(m: ChatMessage): Anthropic.MessageParam {
  const role = m.role as 'user' | 'assistant';
  if (!m.images?.length) return { role, content: m.content };
  const blocks: Anthropic.ContentBlockParam[] = [{ type: 'text', text: m.content }];
  for (const img of m.images) {
    const inline = splitDataUri(img.url);
    blocks.push({ type: 'text', text: `(${img.label})` });
    blocks.push(
      inline
        ? { type: 'image', source: { type: 'base64', media_type: inline.mediaType as 'image/png', data: inline.data } }
        : { type: 'image', source: { type: 'url', url: img.url } },
    );
  }
  return { role, content: blocks };
}
