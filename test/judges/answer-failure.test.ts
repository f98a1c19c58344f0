import { describe, expect, it } from 'vitest';
import { answerFailure } from '../../src/judges/verdict.js';
import type { ChatResponse } from '../../src/judges/providers/provider.js';

const answer = (o: Partial<ChatResponse>): ChatResponse => ({
  text: 'My final verdict is [[A>B]].',
  topLogprobs: null,
  promptTokens: 10,
  completionTokens: 10,
  finishReason: 'stop',
  ...o,
});

describe('answers that yield no verdict whatever they say', () => {
  it('a refused request keeps the provider message', () => {
    expect(answerFailure(answer({ error: 'invalid request (400): too long', finishReason: 'error' }), 4096)).toBe(
      'invalid request (400): too long',
    );
  });
  it('content filters of OpenAI/Azure and Anthropic', () => {
    expect(answerFailure(answer({ finishReason: 'content_filter' }), 4096)).toBe(
      'stopped by a content filter (finish reason content_filter)',
    );
    expect(answerFailure(answer({ finishReason: 'refusal' }), 4096)).toMatch(/content filter \(finish reason refusal/);
  });
  it('an answer cut at max_tokens, unless the preset answers in a token or two', () => {
    expect(answerFailure(answer({ finishReason: 'length' }), 4096)).toBe(
      'answer cut at max_tokens (4096): no verdict is read from a truncated judgment',
    );
    expect(answerFailure(answer({ finishReason: 'max_tokens' }), 17)).toMatch(/cut at max_tokens \(17\)/);
    expect(answerFailure(answer({ finishReason: 'length' }), 16)).toBeNull();
    expect(answerFailure(answer({ finishReason: 'length' }), 1)).toBeNull();
  });
  it('a finished answer is read', () => {
    for (const f of ['stop', 'end_turn', null]) expect(answerFailure(answer({ finishReason: f }), 4096)).toBeNull();
  });
});
