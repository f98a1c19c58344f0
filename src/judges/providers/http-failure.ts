import { ProviderError } from './provider.js';

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Parses OpenAI's `x-ratelimit-reset-*` durations ("20ms", "6s", "1m30s", "2h0m5.5s") into milliseconds. */
export function parseResetDuration(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const m = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/.exec(
    value.trim(),
  );
  if (!m || m.slice(1).every((x) => x === undefined)) return undefined;
  const [h, min, s, ms] = m.slice(1).map((x) => Number(x ?? 0));
  return ((h * 60 + min) * 60 + s) * 1000 + ms;
}

/** Headers as both SDKs expose them on an error. */
export interface HeaderSource {
  get(name: string): string | null;
}

/**
 * How long the server asks to wait before trying again, from every header providers use: `retry-after-ms` (OpenAI,
 * Azure), `retry-after` (seconds or an HTTP date), OpenAI's `x-ratelimit-reset-requests`/`-tokens` durations and
 * Anthropic's `anthropic-ratelimit-*-reset` timestamps (the later of the two resets). Undefined when none is sent.
 */
export function retryHint(h: HeaderSource | null | undefined, now = Date.now()): number | undefined {
  if (!h) return undefined;
  const ms = Number(h.get('retry-after-ms'));
  if (h.get('retry-after-ms') !== null && Number.isFinite(ms)) return Math.max(0, ms);
  const after = parseRetryAfter(h.get('retry-after'), now);
  if (after !== undefined) return after;
  const resets = [
    parseResetDuration(h.get('x-ratelimit-reset-requests')),
    parseResetDuration(h.get('x-ratelimit-reset-tokens')),
    ...['requests', 'tokens', 'input-tokens', 'output-tokens'].map((k) =>
      parseRetryAfter(h.get(`anthropic-ratelimit-${k}-reset`), now),
    ),
  ].filter((x): x is number => x !== undefined);
  return resets.length ? Math.max(...resets) : undefined;
}

/** Where a failed request went and which key it used, for messages a person can act on. */
export interface Endpoint {
  /** The provider's id (kind and base URL). */
  id: string;
  /** The environment variable the key was read from. */
  keyEnv: string;
}

/**
 * A provider's HTTP error as a {@link ProviderError}: the status decides the kind (see {@link ProviderFailure}), the
 * message keeps the provider's own words (`message` as the SDK read it from the body of OpenAI, Azure, vLLM, LiteLLM,
 * Ollama or OpenRouter), and names the endpoint and, for access errors, the key's variable.
 */
export function httpError(
  endpoint: Endpoint,
  status: number | undefined,
  message: string,
  headers?: HeaderSource | null,
): ProviderError {
  const wait = retryHint(headers);
  const said = message.replace(/^\d{3}\s*/, '').trim() || 'no message';
  if (status === 429) {
    return new ProviderError(
      `rate limited (429)${wait !== undefined ? `, retry after ${Math.round(wait)} ms` : ''}: ${said}`,
      'rate_limit',
      status,
      wait,
    );
  }
  if (status === undefined || status >= 500 || status === 408 || status === 409)
    return new ProviderError(`server error ${status ?? ''} from ${endpoint.id}: ${said}`, 'server', status, wait);
  if (status === 401 || status === 402 || status === 403) {
    const what = status === 402 ? 'payment required (credit exhausted?)' : status === 401 ? 'bad API key' : 'no access';
    return new ProviderError(
      `${endpoint.id} refused the request with ${status}, ${what}: ${said}. Check the key in $${endpoint.keyEnv} ` +
        '(or set api_key_env in the config); nothing more was sent',
      'access',
      status,
    );
  }
  if (status === 404) {
    return new ProviderError(
      `${endpoint.id} answered 404: ${said}. Check the model name and base_url; nothing more was sent`,
      'not_found',
      status,
    );
  }
  const filtered = /content[ _-]?(filter|policy|management)|safety system|flagged/i.test(said);
  return new ProviderError(
    `${filtered ? 'refused by a content filter' : 'invalid request'} (${status}): ${said}`,
    filtered ? 'filtered' : 'invalid',
    status,
  );
}

/** {@link httpError} of an SDK's API error (both official SDKs expose `status`, `message` and `headers`). */
export function sdkHttpError(endpoint: Endpoint, e: Error & { status?: unknown; headers?: unknown }): ProviderError {
  const status = typeof e.status === 'number' ? e.status : undefined;
  const h = e.headers as HeaderSource | null | undefined;
  return httpError(endpoint, status, e.message, typeof h?.get === 'function' ? h : undefined);
}
