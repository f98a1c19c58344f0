import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJudgeConfig } from '../../src/judges/config.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';

describe('winrate init', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('writes a commented, valid winrate.yaml and an example that judges and ranks at once; never overwrites', async () => {
    const dir = join(tempDir(), 'project');
    const r = runCli(['init', dir]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['winrate.yaml', 'example/baseline.json', 'example/concise.json', 'example/thorough.json'])
      expect(existsSync(join(dir, f)), f).toBe(true);
    const yaml = readFileSync(join(dir, 'winrate.yaml'), 'utf8');
    expect(yaml.split('\n').filter((l) => /^\s*#/.test(l)).length).toBeGreaterThan(10); // commented
    const config = readJudgeConfig(join(dir, 'winrate.yaml'));
    expect(config).toMatchObject({ baseline: 'baseline', max_cost: 1 });
    expect(config.outputs.every((o) => o.startsWith(dir))).toBe(true); // relative to the config file
    const again = runCli(['init', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/winrate\.yaml.* already exist.*nothing written \(--force overwrites\)/);
    // from another directory, against a local endpoint
    const elsewhere = tempDir();
    const judged = await runCliAsync(['judge', '-c', join(dir, 'winrate.yaml'), '--base-url', server.url], {
      cwd: elsewhere,
    });
    expect(judged.status, judged.stderr).toBe(0);
    const lb = JSON.parse(
      runCli(['leaderboard', '--method', 'winrate', '--format', 'json'], { cwd: elsewhere }).stdout,
    ) as { system: string; n_total: number; baseline: string }[];
    expect(lb.map((x) => x.system).sort()).toEqual(['baseline', 'concise', 'thorough']);
    expect(lb.every((x) => x.baseline === 'baseline')).toBe(true); // the config's baseline, recorded by the run
    expect(lb.find((x) => x.system === 'thorough')!.n_total).toBe(4);
  });
});
