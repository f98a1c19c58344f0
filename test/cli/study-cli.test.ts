import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

describe('study and report commands', () => {
  it('creates a study with gold items, invites annotators with one-time links, and writes a report', () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'c.jsonl'),
      ['a', 'b', 'c']
        .map((q, i) =>
          JSON.stringify({
            item: q,
            system_a: 'base',
            system_b: 'cand',
            outcome: i ? 'b' : 'a',
            output_a: `base ${q}`,
            output_b: `cand ${q}`,
          }),
        )
        .join('\n'),
    );
    expect(runCli(['import', 'comparisons', join(dir, 'c.jsonl')], { cwd: dir }).status).toBe(0);
    writeFileSync(join(dir, 'gold.json'), JSON.stringify({ b: 'cand' }));
    const created = runCli(
      ['study', 'create', '--name', 'p1', '--baseline', 'base', '--gold', join(dir, 'gold.json'), '--votes', '2'],
      { cwd: dir },
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toBe('study p1: 3 tasks (1 gold)\n');
    const link = runCli(
      ['study', 'invite', '--study', 'p1', '--annotator', 'ann', '--url', 'http://example.org:9000/'],
      { cwd: dir },
    ).stdout.trim();
    expect(link).toMatch(/^http:\/\/example\.org:9000\/vote\/p1\?token=[A-Za-z0-9_-]{32}$/);
    const again = runCli(['study', 'invite', '--study', 'p1', '--annotator', 'ann'], { cwd: dir });
    expect(again.status).toBe(1); // the same annotator twice is refused, clearly
    expect(again.stderr).toMatch(/annotator "ann" is already invited to study "p1"/);
    expect(runCli(['study', 'create', '--name', 'p2'], { cwd: dir }).stderr).toMatch(
      /--baseline SYSTEM or --all-pairs/,
    );
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
    expect(runCli(['study', 'list'], { cwd: dir }).stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^p1\topen\t3 tasks × 2 votes wanted\t0 votes\t1 annotators$/),
    ]);
    expect(runCli(['study', 'export', '--study', 'p1'], { cwd: dir }).stdout).toBe('');
    const report = runCli(['report', '-o', join(dir, 'r.html'), '--methods', 'winrate,bt', '--baseline', 'base'], {
      cwd: dir,
    });
    expect(report.status, report.stderr).toBe(0);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('Bradley–Terry');
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    expect(runCli(['report', '-o', join(dir, 'x.html'), '--methods', 'nope'], { cwd: dir }).stderr).toMatch(
      /INVALID_ARGUMENT.*unknown method "nope"/,
    );
  });

  it('a report that can show nothing fails with the reason; judges of grades are no candidates for a pairwise method', () => {
    const dir = tempDir();
    const rows = (judge: string) =>
      ['a', 'b', 'c']
        .map((q, i) => JSON.stringify({ item: q, system_a: 'base', system_b: 'cand', outcome: i ? 'b' : 'a', judge }))
        .join('\n');
    writeFileSync(join(dir, 'j1.jsonl'), rows('judge-1'));
    writeFileSync(join(dir, 'j2.jsonl'), rows('judge-2'));
    expect(runCli(['import', 'comparisons', join(dir, 'j1.jsonl'), join(dir, 'j2.jsonl')], { cwd: dir }).status).toBe(
      0,
    );
    const r = runCli(['report', '-o', join(dir, 'r.html'), '--methods', 'winrate,bt'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not shown: winrate: comparisons from several judges \(judge-1, judge-2\)/);
    expect(r.stderr).toMatch(/\[AMBIGUOUS_JUDGE\]/);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
    // one judge named: the report is written
    expect(
      runCli(
        ['report', '-o', join(dir, 'r.html'), '--methods', 'winrate', '--judge', 'judge-1', '--baseline', 'base'],
        { cwd: dir },
      ).status,
    ).toBe(0);
    // a judge with grades only (MT-Bench single) does not make a pairwise leaderboard ambiguous
    const d2 = tempDir();
    writeFileSync(join(d2, 'c.jsonl'), rows('pair-judge'));
    writeFileSync(
      join(d2, 'single.jsonl'),
      JSON.stringify({ question_id: 1, model: 'cand', judge: ['gpt-4', 'single-v1'], score: 7, turn: 1 }),
    );
    expect(runCli(['import', 'comparisons', join(d2, 'c.jsonl')], { cwd: d2 }).status).toBe(0);
    expect(runCli(['import', 'mt-bench', join(d2, 'single.jsonl')], { cwd: d2 }).status).toBe(0);
    const lb = runCli(['leaderboard', '--method', 'winrate', '--format', 'json', '--baseline', 'base'], { cwd: d2 });
    expect(lb.status, lb.stderr).toBe(0);
    const mt = runCli(['leaderboard', '--method', 'mt-bench', '--format', 'json'], { cwd: d2 });
    expect(mt.status, mt.stderr).toBe(0);
  });
});
