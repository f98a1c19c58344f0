import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('study and report commands', () => {
  it('creates a study with gold items, invites annotators with one-time links, and writes a report', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.jsonl'), ['a', 'b', 'c'].map((q, i) => JSON.stringify({ item: q, system_a: 'base', system_b: 'cand', outcome: i ? 'b' : 'a', output_a: `base ${q}`, output_b: `cand ${q}` })).join('\n'));
    expect(runCli(['import', 'comparisons', join(dir, 'c.jsonl')], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'gold.json'), JSON.stringify({ b: 'cand' }));
    const created = runCli(['study', 'create', '--name', 'p1', '--baseline', 'base', '--gold', join(dir, 'gold.json'), '--votes', '2'], { cwd: dir });
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toBe('study p1: 3 tasks (1 gold)\n');
    const link = runCli(['study', 'invite', '--study', 'p1', '--annotator', 'ann', '--url', 'http://example.org:9000/'], { cwd: dir }).stdout.trim();
    expect(link).toMatch(/^http:\/\/example\.org:9000\/vote\/p1\?token=[A-Za-z0-9_-]{32}$/);
    const again = runCli(['study', 'invite', '--study', 'p1', '--annotator', 'ann'], { cwd: dir });
    expect(again.status).toBe(1); // the same annotator twice is refused, clearly
    expect(again.stderr).toMatch(/annotator "ann" is already invited to study "p1"/);
    expect(runCli(['study', 'create', '--name', 'p2'], { cwd: dir }).stderr).toMatch(/--baseline SYSTEM or --all-pairs/);
    // careless input: exit 1, a message naming the option, file or key, and no study written
    writeFileSync(join(dir, 'bad-gold.json'), '{"b": ');
    writeFileSync(join(dir, 'list-gold.json'), '["cand"]');
    writeFileSync(join(dir, 'num-gold.json'), '{"b": 3}');
    const careless: [string[], RegExp][] = [
      [['--votes', 'abc'], /--votes must be a whole number from 1 to 1000 \(got "abc"\)/],
      [['--votes', '0'], /--votes must be a whole number/],
      [['--gold', join(dir, 'bad-gold.json')], /bad-gold\.json: not valid JSON/],
      [['--gold', join(dir, 'list-gold.json')], /list-gold\.json: expected a JSON object/],
      [['--gold', join(dir, 'num-gold.json')], /num-gold\.json, field "b": expected a system name or "tie" \(got 3\)/],
      [['--gold', join(dir, 'none.json')], /none\.json: no such file/],
    ];
    for (const [args, message] of careless) {
      const r = runCli(['study', 'create', '--name', 'p3', '--baseline', 'base', ...args], { cwd: dir });
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    const dup = runCli(['study', 'create', '--name', 'p1', '--all-pairs'], { cwd: dir });
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/a study named "p1" already exists/);
    expect(runCli(['study', 'list'], { cwd: dir }).stdout.trim().split('\n')).toEqual([expect.stringMatching(/^p1\topen\t3 tasks × 2 votes wanted\t0 votes\t1 annotators$/)]);
    expect(runCli(['study', 'export', '--study', 'p1'], { cwd: dir }).stdout).toBe('');
    const report = runCli(['report', '-o', join(dir, 'r.html'), '--methods', 'winrate,bt', '--baseline', 'base'], { cwd: dir });
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('Bradley–Terry');
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    expect(runCli(['report', '-o', join(dir, 'x.html'), '--methods', 'nope'], { cwd: dir }).stderr).toMatch(/INVALID_ARGUMENT.*unknown method "nope"/);
  });
});
