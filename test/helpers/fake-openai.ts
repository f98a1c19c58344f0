import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake provider does with one request. */
export type FakeBehaviour =
  | { kind: 'ok' }
  | { kind: 'rate_limit'; retryAfterSeconds: number }
  | { kind: 'server_error' }
  | { kind: 'stall'; ms: number }
  | { kind: 'malformed' }
  | { kind: 'refusal' }
  | { kind: 'no_logprobs' }
  /** An HTTP error with a provider's own body and headers. */
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  /** A normal answer with this finish reason (OpenAI's names; Anthropic's stop_reason is mapped). */
  | { kind: 'finish'; reason: 'length' | 'content_filter' }
  /** A normal answer without `usage` (some gateways). */
  | { kind: 'no_usage' };

interface ChatBody {
  model: string;
  messages: {
    role: string;
    content: string | { type: string; text?: string; image_url?: { url: string }; source?: unknown }[];
  }[];
  logprobs?: boolean;
  top_logprobs?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
}

/**
 * A local OpenAI-compatible chat endpoint that answers like a judge would: it finds the two responses in the
 * prompt (AlpacaEval, Arena-Hard, MT-Bench and WildBench formats), prefers the one saying "good" more often
 * (then the longer), and answers in the preset's format, with top log-probs when asked. `behave` injects
 * faults per request; every request is counted and kept. It also answers Anthropic's Messages API
 * (POST /v1/messages) in Anthropic's shape, so both providers run against the same fake.
 */
export class FakeOpenAI {
  readonly requests: ChatBody[] = [];
  /** When each request arrived (ms, performance.now()), in arrival order. */
  readonly arrivals: number[] = [];
  private server: Server | undefined;
  url = '';
  delayMs = 0;
  /** Beyond this many requests in flight, answer 429 with Retry-After `limitRetryAfter` seconds (a real limit). */
  maxInFlight = Infinity;
  limitRetryAfter = 1;
  /** Requests in flight now, the most seen, and the usage of every answer delivered (what a provider bills). */
  active = 0;
  peak = 0;
  /** Per request, in arrival order: how many would be in flight with it (refused ones included): the offered load. */
  readonly offered: number[] = [];
  readonly billed: { promptTokens: number; completionTokens: number }[] = [];
  /**
   * The responses shown in every answer generated (what a provider bills even when the client is gone by then): a pair
   * generated twice is a judgment paid twice.
   */
  readonly generated: string[] = [];
  /**
   * Bill a stalled request the client aborted, as a provider does for what it generated: its prompt and the request's
   * whole `max_tokens` (the most it could have generated).
   */
  billAborted = false;

  constructor(public behave: (n: number, body: ChatBody) => FakeBehaviour = () => ({ kind: 'ok' })) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }

  /** The provider's own bill for the answers it delivered, at the given prices (USD per 1M tokens). */
  bill(price: { input: number; output: number }): number {
    return this.billed.reduce(
      (s, u) => s + (u.promptTokens * price.input + u.completionTokens * price.output) / 1e6,
      0,
    );
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatBody & { system?: string };
    const anthropic = req.url?.endsWith('/messages') ?? false;
    if (anthropic && body.system) body.messages = [{ role: 'system', content: body.system }, ...body.messages];
    const n = this.requests.push(body);
    this.arrivals.push(performance.now());
    this.offered.push(this.active + 1);
    if (this.active >= this.maxInFlight) {
      return json(
        res,
        429,
        { error: { message: 'too many requests in flight', type: 'rate_limit' } },
        { 'retry-after': String(this.limitRetryAfter) },
      );
    }
    this.active++;
    this.peak = Math.max(this.peak, this.active);
    res.on('close', () => this.active--);
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const b = this.behave(n, body);
    if (b.kind === 'rate_limit')
      return json(
        res,
        429,
        { error: { message: 'rate limited', type: 'rate_limit' } },
        { 'retry-after': String(b.retryAfterSeconds) },
      );
    if (b.kind === 'server_error') return json(res, 500, { error: { message: 'internal error' } });
    if (b.kind === 'status') return json(res, b.status, b.body, b.headers);
    if (b.kind === 'stall') {
      await new Promise((r) => setTimeout(r, b.ms));
      if (res.destroyed) {
        if (this.billAborted)
          this.billed.push({
            promptTokens: Math.ceil(promptOf(body).length / 4),
            completionTokens: body.max_tokens ?? body.max_completion_tokens ?? 0,
          });
        return;
      }
    }
    if (b.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id": "x", "choices": [ {"message": ');
      return;
    }
    if (req.url?.endsWith('/score')) {
      // a preference / reward model endpoint: {instruction, output_a, output_b} → P(A better); {output} → a score
      const d = body as unknown as { output_a?: string; output_b?: string; output?: string; images?: unknown };
      this.billed.push({ promptTokens: 0, completionTokens: 0 });
      if (d.output !== undefined) return json(res, 200, { score: quality(d.output) / 100000 });
      const diff = (quality(d.output_a ?? '') - quality(d.output_b ?? '')) / 100000;
      return json(
        res,
        200,
        body.model.includes('scores')
          ? { scores: [quality(d.output_a ?? '') / 1e5, quality(d.output_b ?? '') / 1e5] }
          : { probability: 1 / (1 + Math.exp(-diff)) },
      );
    }
    const prompt = promptOf(body);
    const text =
      b.kind === 'refusal'
        ? "I'm sorry, I can't help with comparing these."
        : answer(prompt, body.model.includes('contrarian'));
    this.generated.push(
      JSON.stringify(extractResponses(prompt).map((r) => r.replace(/<\/?response-[0-9a-f]{12}>\n?/g, '').trim())),
    );
    if (res.destroyed) return;
    const usage = { promptTokens: Math.ceil(prompt.length / 4), completionTokens: Math.ceil(text.length / 4) };
    this.billed.push(usage);
    if (anthropic) {
      return json(res, 200, {
        id: `msg_${n}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        stop_reason: b.kind === 'finish' ? { length: 'max_tokens', content_filter: 'refusal' }[b.reason] : 'end_turn',
        stop_sequence: null,
        content: [{ type: 'text', text }],
        usage: { input_tokens: Math.ceil(prompt.length / 4), output_tokens: Math.ceil(text.length / 4) },
      });
    }
    const logprobs = body.logprobs && b.kind !== 'no_logprobs' ? alpacaLogprobs(text) : null;
    json(res, 200, {
      id: `chatcmpl-${n}`,
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [
        {
          index: 0,
          finish_reason: b.kind === 'finish' ? b.reason : 'stop',
          message: { role: 'assistant', content: text },
          logprobs,
        },
      ],
      ...(b.kind === 'no_usage'
        ? {}
        : {
            usage: {
              prompt_tokens: Math.ceil(prompt.length / 4),
              completion_tokens: Math.ceil(text.length / 4),
              total_tokens: Math.ceil(prompt.length / 4) + Math.ceil(text.length / 4),
            },
          }),
    });
  }
}

/** The text of a request's messages, joined. */
function promptOf(body: ChatBody): string {
  return body.messages
    .map((m) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('\n')))
    .join('\n');
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const quality = (s: string): number => (s.match(/good/gi)?.length ?? 0) * 100000 + s.length;

/** The two responses of a pairwise prompt, in the order shown, or the single response of a grading prompt. */
export function extractResponses(prompt: string): string[] {
  const patterns = [
    /"output": """([\s\S]*?)"""/g,
    /<\|The Start of Assistant [AB]'s Answer\|>\n([\s\S]*?)\n<\|The End of Assistant [AB]'s Answer\|>/g,
    /\[The Start of Assistant [AB]'s Answer\]\n([\s\S]*?)\n\[The End of Assistant [AB]'s Answer\]/g,
    /<\|begin_of_response(?:_[AB])?\|>\n([\s\S]*?)\n<\|end_of_response(?:_[AB])?\|>/g,
    /\[The Start of Assistant's Answer\]\n([\s\S]*?)\n\[The End of Assistant's Answer\]/g,
    // MT-Bench multi-turn: the answer to the second question, the last one of the conversation
    /### Assistant A:\n(?![\s\S]*### Assistant A:)([\s\S]*?)\n\n<\|The End of Assistant A's Conversation with User\|>/g,
  ];
  for (const re of patterns) {
    const m = [...prompt.matchAll(re)].map((x) => x[1]);
    if (m.length) return m;
  }
  return [];
}

/** The fake judge's answer; a model named "contrarian…" prefers the worse response (for jury tests). */
function answer(prompt: string, contrarian = false): string {
  const r = extractResponses(prompt);
  if (r.length === 1) {
    const score = Math.min(10, 3 + (r[0].match(/good/gi)?.length ?? 0) * 3);
    // WildBench asks for JSON with a "score"; MT-Bench for "Rating: [[5]]" (an answer may quote either)
    return prompt.includes('"score"') && !prompt.includes('"[[rating]]"')
      ? `{"strengths": "fine", "weaknesses": "none", "score": "${score}"}`
      : `The answer is fine. Rating: [[${score}]]`;
  }
  const firstWins = quality(r[0] ?? '') > quality(r[1] ?? '') !== contrarian;
  const tie = quality(r[0] ?? '') === quality(r[1] ?? '');
  if (prompt.includes('m or M')) return firstWins || tie ? 'm' : 'M';
  if (prompt.includes('[[A>>B]]'))
    return `My own answer first. ... My final verdict is ${tie ? '[[A=B]]' : firstWins ? '[[A>B]]' : '[[B>>A]]'}.`;
  if (prompt.includes('"[[C]]"')) return `Explanation. ${tie ? '[[C]]' : firstWins ? '[[A]]' : '[[B]]'}`;
  if (prompt.includes('"choice"'))
    return `\`\`\`json\n{"analysis of A": "..", "analysis of B": "..", "choice": "${tie ? 'A=B' : firstWins ? 'A+' : 'B++'}"}\n\`\`\``;
  return 'I do not know this format.';
}

function alpacaLogprobs(text: string) {
  const top =
    text === 'm'
      ? [
          { token: 'm', logprob: Math.log(0.8) },
          { token: 'M', logprob: Math.log(0.2) },
        ]
      : [
          { token: 'M', logprob: Math.log(0.7) },
          { token: 'm', logprob: Math.log(0.3) },
        ];
  return {
    content: [
      { token: text, logprob: top[0].logprob, bytes: null, top_logprobs: top.map((t) => ({ ...t, bytes: null })) },
    ],
  };
}
