import { describe, expect, it } from 'vitest';
import { buildJudges, defaultTimeoutMs } from '../../src/judges/build.js';
import { validateJudgeConfig } from '../../src/judges/config.js';

describe("a request's deadline", () => {
  it("defaults to the answer's length: 10 s + 40 ms per max_tokens, between 30 s and 5 min", () => {
    expect(defaultTimeoutMs(1)).toBe(30_000);
    expect(defaultTimeoutMs(500)).toBe(30_000);
    expect(defaultTimeoutMs(501)).toBe(30_040);
    expect(defaultTimeoutMs(2048)).toBe(91_920);
    expect(defaultTimeoutMs(4096)).toBe(173_840);
    expect(defaultTimeoutMs(7250)).toBe(300_000);
    expect(defaultTimeoutMs(20_000)).toBe(300_000);
  });
  it("is the preset's, the judge's max_tokens', or the config's own", () => {
    const judge = (extra: Record<string, unknown>) =>
      buildJudges(
        validateJudgeConfig({ judge: { model: 'm', base_url: 'http://127.0.0.1:1/v1', ...extra } }, 'test'),
      )[0].timeoutMs;
    expect(judge({ preset: 'alpaca_eval_weighted' })).toBe(30_000); // one token
    expect(judge({ preset: 'arena_hard' })).toBe(173_840); // 4,096 tokens
    expect(judge({ preset: 'mt_bench_single' })).toBe(91_920); // 2,048 tokens
    expect(judge({ preset: 'arena_hard', max_tokens: 1000 })).toBe(50_000);
    expect(judge({ preset: 'arena_hard', timeout_ms: 5000 })).toBe(5000);
  });
});
