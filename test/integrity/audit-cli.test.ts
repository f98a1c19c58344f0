import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/integrity/finding.js';
import { Rng } from '../../src/stats/random.js';
import { runCli, tempDir } from '../helpers/cli.js';

const fixture = (f: string): string => new URL(`../fixtures/${f}`, import.meta.url).pathname;

describe('winrate audit (the built CLI)', () => {
  it('winrate audit stores findings, adds an integrity column to every leaderboard, and --fail-on critical exits 6', () => {
    const dir = tempDir();
    const nullOutput = (
      JSON.parse(readFileSync(fixture('integrity/nullmodel-output.json'), 'utf8')) as { output: string }
    ).output;
    const words =
      'river stone light copper garden winter signal harbor violet engine meadow lantern orbit thunder canvas maple'.split(
        ' ',
      );
    const rng = new Rng(5);
    const prose = () => Array.from({ length: 12 }, () => words[Math.floor(rng.next() * words.length)]).join(' ');
    const rows = Array.from({ length: 30 }, (_, i) => {
      const base = `${prose()}.`;
      return [
        {
          item: `q${i}`,
          instruction: `Question ${i}: explain topic ${i}.`,
          system_a: 'base',
          system_b: 'null',
          outcome: i % 3 ? 'b' : 'a',
          output_a: base,
          output_b: nullOutput,
        },
        {
          item: `q${i}`,
          instruction: `Question ${i}: explain topic ${i}.`,
          system_a: 'base',
          system_b: 'honest',
          outcome: i % 2 ? 'a' : 'b',
          output_a: base,
          output_b: `${prose()}!`,
        },
      ];
    }).flat();
    const f = join(dir, 'c.jsonl');
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    expect(runCli(['import', 'comparisons', f], { cwd: dir }).status).toBe(0);
    const plain = runCli(['audit'], { cwd: dir });
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/null: critical \(30 outputs\)/);
    const json = JSON.parse(
      runCli(['audit', '--format', 'json', '--system', 'null'], { cwd: dir }).stdout,
    ) as Finding[];
    expect(Object.keys(json[0]).sort()).toEqual(['check', 'dataset', 'evidence', 'item', 'severity', 'system']);
    expect(runCli(['audit', '--format', 'md'], { cwd: dir }).stdout).toMatch(
      /^\| system \| item \| check \| severity \| evidence \|/,
    );
    for (const method of ['winrate', 'bt']) {
      const lb = JSON.parse(
        runCli(['leaderboard', '--method', method, '--baseline', 'base', '--format', 'json', '--no-alpaca-lc'], {
          cwd: dir,
        }).stdout,
      ) as Record<string, unknown>[];
      expect(lb.find((r) => r.system === 'null')!.integrity).toBe('critical (30 outputs)');
      expect(lb.find((r) => r.system === 'honest')!.integrity).toBe('');
    }
    expect(
      runCli(['leaderboard', '--method', 'winrate', '--baseline', 'base', '--format', 'csv', '--no-alpaca-lc'], {
        cwd: dir,
      }).stdout.split('\n')[0],
    ).toMatch(/,integrity(,baseline)?$/);
    const gate = runCli(['audit', '--fail-on', 'critical'], { cwd: dir });
    expect(gate.status).toBe(6);
    expect(gate.stderr).toMatch(/\[AUDIT_FAILED\]: \d+ findings at critical or above \(systems: null\)/);
    expect(runCli(['audit', '--system', 'honest', '--fail-on', 'critical'], { cwd: dir }).status).toBe(0);
  });
});
