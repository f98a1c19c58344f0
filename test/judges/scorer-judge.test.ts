import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';

describe('a preference model or reward model as judge (scorer provider)', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  function outputs(dir: string): string[] {
    return ['base', 'good', 'terse'].map((name) => {
      const f = join(dir, `${name}.json`);
      const out = (i: number) =>
        name === 'good' ? `A good answer ${i}, good.` : name === 'base' ? `The baseline answer to ${i}.` : `Ok ${i}.`;
      writeFileSync(
        f,
        JSON.stringify(
          Array.from({ length: 10 }, (_, i) => ({ instruction: `Question ${i}?`, output: out(i), generator: name })),
        ),
      );
      return f;
    });
  }

  it.each(['pairrm', 'rm-scores'])(
    'pairwise probabilities from %s become verdicts in both orders; the leaderboard follows',
    async (model) => {
      const dir = tempDir();
      const r = await runCliAsync(
        [
          'judge',
          '--preset',
          'preference_model',
          '--provider',
          'scorer',
          '--model',
          model,
          '--base-url',
          `${server.url}/score`,
          '--baseline',
          'base',
          '--outputs',
          ...outputs(dir),
        ],
        { cwd: dir },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/40 verdicts, 0 unparsed/);
      expect(r.stderr).toMatch(/\$0 in tokens \(the endpoint reported no token usage/);
      const lb = JSON.parse(
        runCli(['leaderboard', '--method', 'winrate', '--baseline', 'base', '--format', 'json', '--no-alpaca-lc'], {
          cwd: dir,
        }).stdout,
      ) as Record<string, number | string>[];
      // σ(quality difference): the fake prefers "good" (two of them: σ(2) ≈ 88%), then length (a hair under 50%)
      expect(lb.find((x) => x.system === 'good')!.win_rate).toBeCloseTo(100 / (1 + Math.exp(-2)), 0);
      expect(lb.find((x) => x.system === 'terse')!.win_rate).toBeLessThan(50);
      // the endpoint received plain data: no nonce boundaries, no prompt
      const sent = server.requests.at(-1) as unknown as Record<string, string>;
      expect(Object.keys(sent).sort()).toEqual(['instruction', 'model', 'output_a', 'output_b']);
      expect(sent.output_a).not.toMatch(/<response-/);
    },
  );

  it('a reward model grades single answers; a mismatched preset and provider is refused', async () => {
    const dir = tempDir();
    const r = await runCliAsync(
      [
        'judge',
        '--preset',
        'reward_model',
        '--provider',
        'scorer',
        '--model',
        'rm',
        '--base-url',
        `${server.url}/score`,
        '--outputs',
        ...outputs(dir),
      ],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    const bad = await runCliAsync(
      [
        'judge',
        '--preset',
        'arena_hard',
        '--provider',
        'scorer',
        '--model',
        'rm',
        '--base-url',
        `${server.url}/score`,
        '--baseline',
        'base',
      ],
      { cwd: dir },
    );
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/provider scorer needs the preference_model or reward_model preset/);
  });
});
