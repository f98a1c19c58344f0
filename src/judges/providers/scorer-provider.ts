import { httpError } from './http-failure.js';
import { ProviderError, type ChatProvider, type ChatRequest, type ChatResponse } from './provider.js';

/**
 * A user's HTTP scoring endpoint (a preference or reward model served behind any web framework): the request's
 * single user message is the JSON data built by the `preference_model` / `reward_model` presets; it is posted with
 * the model name to `baseURL` and the JSON answer becomes the response text for the preset to parse. Failures are
 * classified like the LLM providers' (429 with Retry-After, 5xx, timeouts retried; 4xx final). Tokens are 0: a
 * scorer has no token price.
 */
export class ScorerProvider implements ChatProvider {
  readonly id: string;

  constructor(private readonly options: { baseURL: string; apiKey?: string; timeoutMs?: number; keyEnv?: string }) {
    this.id = `scorer:${options.baseURL}`;
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    const data = req.messages.at(-1)?.content ?? '{}';
    let res: Response;
    try {
      const body = JSON.stringify({ model: req.model, ...(JSON.parse(data) as object) });
      const signal = req.signal ?? AbortSignal.timeout(this.options.timeoutMs ?? 120_000);
      res = await fetch(this.options.baseURL, {
        method: 'POST',
        body,
        signal,
        headers: {
          'content-type': 'application/json',
          ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}),
        },
      });
    } catch (e) {
      if (e instanceof SyntaxError)
        throw new ProviderError(`the scorer presets build the request (got a chat prompt: ${e.message})`, 'client');
      const name = (e as { name?: string }).name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new ProviderError('request timed out', 'timeout');
      throw new ProviderError(`connection failed: ${(e as Error).message}`, 'network');
    }
    const text = await res.text().catch(() => '');
    if (res.ok) return { text, topLogprobs: null, promptTokens: 0, completionTokens: 0, finishReason: 'stop' };
    throw httpError(
      { id: this.id, keyEnv: this.options.keyEnv ?? 'the api_key_env variable' },
      res.status,
      text.slice(0, 300),
      res.headers,
    );
  }
}
