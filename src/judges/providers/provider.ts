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
}

/** Kinds of provider failure; all but `client` are worth retrying. */
export type ProviderFailure = 'rate_limit' | 'server' | 'timeout' | 'network' | 'client';

/** A failed provider call, classified, with the server's Retry-After when it sent one. */
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

  get retryable(): boolean {
    return this.kind !== 'client';
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

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Status and Retry-After of an SDK HTTP error (both official SDKs expose `status` and `headers`). */
export function httpFailure(e: unknown): { status: number | undefined; retryAfter: number | undefined } {
  const err = e as { status?: unknown; headers?: { get?: (name: string) => string | null } | null };
  const status = typeof err.status === 'number' ? err.status : undefined;
  const header = typeof err.headers?.get === 'function' ? err.headers.get('retry-after') : null;
  return { status, retryAfter: parseRetryAfter(header) };
}
