import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeConfigJsonSchema } from '../../src/judges/config.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';

type Row = Record<string, unknown>;

describe('juries', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('runs several judges over the same comparisons, reports their agreement and aggregates them', async () => {
    const dir = tempDir();
    const files = ['base', 'good'].map((name) => {
      const f = join(dir, `${name}.json`);
      writeFileSync(
        f,
        JSON.stringify(
          Array.from({ length: 10 }, (_, i) => ({
            instruction: `Q${i}`,
            output: name === 'good' ? `good ${i}` : `plain answer ${i}`,
            generator: name,
          })),
        ),
      );
      return f;
    });
    writeFileSync(
      join(dir, 'winrate.yaml'),
      [
        'judges:',
        `  - { preset: arena_hard, model: judge-a, name: a, base_url: ${server.url} }`,
        `  - { preset: arena_hard, model: judge-b, name: b, base_url: ${server.url} }`,
        `  - { preset: arena_hard, model: contrarian, name: c, base_url: ${server.url} }`,
        'baseline: base',
        `outputs: [${files.join(', ')}]`,
      ].join('\n'),
    );
    const r = await runCliAsync(['judge', '-c', join(dir, 'winrate.yaml')], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(runCli(['judges', '--format', 'json'], { cwd: dir }).stdout) as {
      judges: { judge: string; swap_consistency: number; position_bias: number }[];
      pairs: { judge_a: string; judge_b: string; cohen_kappa: number }[];
      fleiss_kappa: number;
      krippendorff_alpha: number;
    };
    expect(report.judges.map((j) => j.judge)).toEqual(['a', 'b', 'c']);
    expect(report.judges.every((j) => j.swap_consistency === 1 && j.position_bias === 0)).toBe(true);
    const kappa = (x: string, y: string) => report.pairs.find((p) => p.judge_a === x && p.judge_b === y)!.cohen_kappa;
    expect(kappa('a', 'b')).toBe(1);
    expect(kappa('a', 'c')).toBeLessThanOrEqual(0); // they never agree (both constant, so κ = 0)
    expect(report.krippendorff_alpha).toBeLessThan(0.5);
    const lb = (jury: string) =>
      (
        JSON.parse(
          runCli(
            [
              'leaderboard',
              '--method',
              'winrate',
              '--baseline',
              'base',
              '--jury',
              jury,
              '--format',
              'json',
              '--no-alpaca-lc',
            ],
            { cwd: dir },
          ).stdout,
        ) as Row[]
      ).find((x) => x.system === 'good')!;
    expect(lb('majority').win_rate).toBe(100); // a and b outvote c
    expect(lb('mean').win_rate as number).toBeCloseTo(100 * (2 / 3), 9);
    const ab = JSON.parse(
      runCli(
        [
          'leaderboard',
          '--method',
          'winrate',
          '--baseline',
          'base',
          '--judge',
          'a,c',
          '--jury',
          'mean',
          '--format',
          'json',
          '--no-alpaca-lc',
        ],
        { cwd: dir },
      ).stdout,
    ) as Row[];
    expect(ab.find((x) => x.system === 'good')!.win_rate).toBe(50);
    expect(runCli(['leaderboard', '--method', 'winrate', '--baseline', 'base'], { cwd: dir }).stderr).toMatch(
      /several judges \(a, b, c\): choose one with --judge/,
    );
  });

  it('the published JSON schema is the config schema', () => {
    const published = JSON.parse(
      readFileSync(new URL('../../schema/winrate.schema.json', import.meta.url), 'utf8'),
    ) as unknown;
    expect(published).toEqual(judgeConfigJsonSchema());
  });
});

describe('winrate generate', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it("produces a system's responses through the provider, resumably, ready to judge", async () => {
    const dir = tempDir();
    const items = join(dir, 'base.json');
    writeFileSync(
      items,
      JSON.stringify(
        Array.from({ length: 5 }, (_, i) => ({ instruction: `Q${i}`, output: `base ${i}`, generator: 'base' })),
      ),
    );
    const r = await runCliAsync(
      ['generate', '--system', 'gen', '--model', 'm', '--base-url', server.url, '--items', items],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/gen: 5 responses generated, 0 already stored/);
    const again = await runCliAsync(['generate', '--system', 'gen', '--model', 'm', '--base-url', server.url], {
      cwd: dir,
    });
    expect(again.stderr).toMatch(/gen: 0 responses generated, 5 already stored/);
    expect(runCli(['status'], { cwd: dir }).stdout).toMatch(/responses: 10/);
  });
});
