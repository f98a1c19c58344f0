/** A chat message sent to a provider. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /**
   * Images sent with the message as content parts (OpenAI `image_url`, Anthropic image blocks), each after its label.
   */
  images?: { url: string; label: string }[];
}

/** One chat completion request. */
export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number;
  maxTokens?: number;
  /** Ask for this many top log-probabilities of the first generated token (OpenAI-compatible endpoints). */
  topLogprobs?: number;
  signal?: AbortSignal;
}

/** One candidate first token with its log-probability. */
export interface TokenLogprob {
  token: string;
  logprob: number;
}

/** A chat completion: the text, first-token log-probs when the endpoint returned them, and usage. */
export interface ChatResponse {
  text: string;
  topLogprobs: TokenLogprob[] | null;
  promptTokens: number;
  completionTokens: number;
  finishReason: string | null;
  /**
   * The endpoint sent no token usage (some gateways): the cost is then the request's estimate, not $0 (or unknown
   * without a price).
   */
  usageMissing?: boolean;
  /** A failure stored in place of an answer (`invalid`, `filtered`): the provider's message. */
  error?: string;
}

/**
 * Kinds of provider failure. Worth retrying: `rate_limit`, `server` (5xx, 408, 409, Anthropic's 529 overloaded),
 * `timeout`, `network`. Final for the run (nothing else can succeed, so sending stops at once): `access` (401, 402,
 * 403: the key, the credit, the model's permissions), `not_found` (404: unknown model or wrong base URL). Final for one
 * judgment, stored with the provider's message: `invalid` (400, 413, 422: context too long, a bad request), `filtered`
 * (a content filter refused the prompt). `client`: the request was withdrawn by winrate itself.
 */
export type ProviderFailure =
  'rate_limit' | 'server' | 'timeout' | 'network' | 'client' | 'access' | 'not_found' | 'invalid' | 'filtered';

/** A failed provider call, classified, with the server's retry hint when it sent one. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly kind: ProviderFailure,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  /** Whether another attempt may succeed. */
  get retryable(): boolean {
    return this.kind === 'rate_limit' || this.kind === 'server' || this.kind === 'timeout' || this.kind === 'network';
  }

  /** Whether no other request of the run can succeed either (bad key, no access, unknown model): stop sending. */
  get fatal(): boolean {
    return this.kind === 'access' || this.kind === 'not_found';
  }

  /** Whether the failure belongs to the judgment itself and is stored with it (not asked again without a retry). */
  get recorded(): boolean {
    return this.kind === 'invalid' || this.kind === 'filtered';
  }
}

/**
 * The provider seam: every LLM backend (OpenAI-compatible, Anthropic) implements it and passes the same
 * conformance suite. `id` identifies the endpoint in cache keys (kind, base URL).
 */
export interface ChatProvider {
  readonly id: string;
  complete(request: ChatRequest): Promise<ChatResponse>;
}
