import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UntilDecided } from '../../src/judges/until-decided.js';
import { llrLogistic } from '../../src/stats/sprt-llr.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';

describe('judging that stops when decided', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('ci:W stops on the width of the interval the leaderboard prints (Wilson), not a normal one', () => {
    // 10 wins in 10 items: the normal interval has width 0 (sd 0); Wilson's is [10/(10 + z²), 1], 27.8 points wide.
    const z2 = 1.959963984540054 ** 2;
    const width = (k: number) => 100 * (1 - k / (k + z2));
    const d = new UntilDecided({ kind: 'ci', width: 20, minItems: 5 }, false);
    for (let i = 0; i < 10; i++) d.record('s', `q${i}`, 'a', 1);
    expect(width(10)).toBeGreaterThan(20);
    expect(d.decided('s')).toBe(false);
    // Wilson's width at k of k falls under 20 points from k = 16 (100·z²/(16 + z²) = 19.4)
    let k = 10;
    while (!d.decided('s')) d.record('s', `q${k++}`, 'a', 1);
    expect(k).toBe(16);
    expect(width(15)).toBeGreaterThan(20);
    expect(width(16)).toBeLessThanOrEqual(20);
  });

  it('pairs the two orders of an item and stops a system at the SPRT bound (fishtest LLR on the pentanomial)', () => {
    const d = new UntilDecided({ kind: 'sprt', elo0: -20, elo1: 20, alpha: 0.05, beta: 0.05 }, true);
    let n = 0;
    while (!d.decided('s')) {
      d.record('s', `q${n}`, 'a', 1);
      d.record('s', `q${n}`, 'b', n % 3 === 0 ? 0.5 : 1);
      n++;
    }
    const s = d.decisions()[0];
    expect(s.decision).toBe('accepted');
    expect(s.pairs).toBe(n);
    const penta = [0, 0, 0, Math.ceil(n / 3), n - Math.ceil(n / 3)];
    expect(s.llr).toBeCloseTo(llrLogistic(-20, 20, penta), 12);
    expect(llrLogistic(-20, 20, [0, 0, 0, Math.ceil((n - 1) / 3), n - 1 - Math.ceil((n - 1) / 3)])).toBeLessThan(
      Math.log(19),
    );
  });

  it('winrate judge --until-decided asks far fewer calls, decides each system, exits 0 and resumes without asking again', async () => {
    const dir = tempDir();
    const files = ['base', 'good', 'terse'].map((name) => {
      const f = join(dir, `${name}.json`);
      const out = (i: number) =>
        name === 'good' ? `A good answer ${i}.` : name === 'base' ? `The baseline answer to ${i}, plain.` : `Ok ${i}.`;
      writeFileSync(
        f,
        JSON.stringify(
          Array.from({ length: 150 }, (_, i) => ({ instruction: `Question ${i}?`, output: out(i), generator: name })),
        ),
      );
      return f;
    });
    const n0 = server.requests.length;
    const args = [
      'judge',
      '--preset',
      'arena_hard',
      '--model',
      'j',
      '--base-url',
      server.url,
      '--baseline',
      'base',
      '--until-decided',
      '--outputs',
      ...files,
    ];
    const r = await runCliAsync(args, { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const asked = server.requests.length - n0;
    expect(asked).toBeLessThan(200); // of 600
    expect(r.stderr).toMatch(/good: accepted after \d+ verdicts \(\d+ pairs\)/);
    expect(r.stderr).toMatch(/terse: rejected after/);
    const again = await runCliAsync(args, { cwd: dir });
    expect(again.status, again.stderr).toBe(0);
    expect(server.requests.length - n0).toBe(asked);
    const lb = JSON.parse(
      runCli(['leaderboard', '--method', 'winrate', '--baseline', 'base', '--format', 'json', '--no-alpaca-lc'], {
        cwd: dir,
      }).stdout,
    ) as Record<string, number | string>[];
    expect(lb.find((x) => x.system === 'good')!.win_rate).toBeGreaterThan(90);
    const db = new Database(join(dir, '.winrate', 'winrate.db'), { readonly: true });
    expect(db.prepare('SELECT count(*) FROM comparisons').pluck().get()).toBe(asked);
    db.close();
    const bad = await runCliAsync([...args.slice(0, -4), '--until-decided', 'sprt:5'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--until-decided takes sprt/);
  });
});
