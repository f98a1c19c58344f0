import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

describe('error paths tell the truth', () => {
  it('a reader that closes the pipe early ends the command quietly (no EPIPE stack trace)', () => {
    const dir = tempDir();
    // 3,000 distinct pairs: the JSON report is far larger than a pipe's buffer
    const rows = Array.from({ length: 3000 }, (_, i) => `p${i},q${i},1-0`);
    writeFileSync(join(dir, 'm.csv'), `white,black,result\n${rows.join('\n')}\n`);
    expect(runCli(['import', 'matches', join(dir, 'm.csv')], { cwd: dir }).status).toBe(0);
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${CLI}" games --format json | head -c 20 >/dev/null; echo "$\{PIPESTATUS[0]}" >&2`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(r.stderr.trim()).toBe('0');
  });

  it('copy --from a missing file fails naming it and creates nothing', () => {
    const dir = tempDir();
    const missing = join(dir, 'missing.db');
    const r = runCli(['copy', '--from', missing, '--to', join(dir, 'to.db')], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/STORE_OPEN.*missing\.db: no such file/);
    expect(existsSync(missing)).toBe(false);
  });

  it('study quality and export of an unknown study fail with the studies there are', () => {
    const dir = tempDir();
    for (const cmd of ['quality', 'export']) {
      const r = runCli(['study', cmd, '--study', 'nope'], { cwd: dir });
      expect([r.status, r.stderr]).toEqual([
        1,
        expect.stringMatching(/INVALID_ARGUMENT.*unknown study "nope"; studies: none/),
      ]);
    }
  });

  it('import refuses a flag its format does not use (--baseline is read by arena-hard only)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'm.csv'), 'white,black,result\na,b,1-0\n');
    for (const fmt of ['matches', 'battles', 'comparisons', 'preferences']) {
      const r = runCli(['import', fmt, join(dir, 'm.csv'), '--baseline', 'x'], { cwd: dir });
      expect([fmt, r.status, r.stderr]).toEqual([fmt, 1, expect.stringMatching(/unknown option '--baseline'/)]);
    }
  });

  it('an error naming thousands of judges lists a dozen and counts the rest', () => {
    const dir = tempDir();
    const rows = Array.from({ length: 2000 }, (_, i) =>
      JSON.stringify({ item: `q${i % 5}`, system_a: 'a', system_b: 'b', outcome: 'a', judge: `human:r${i}` }),
    );
    writeFileSync(join(dir, 'c.jsonl'), rows.join('\n'));
    const imp = runCli(['import', 'comparisons', join(dir, 'c.jsonl')], { cwd: dir });
    expect(imp.status, imp.stderr).toBe(0);
    const r = runCli(['leaderboard', '--method', 'winrate', '--judge', 'nobody'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown judge "nobody".*, … and 1,988 more/);
    expect(r.stderr.length).toBeLessThan(1000);
  });

  it('a name holding terminal escape sequences prints them visibly, never raw', () => {
    const dir = tempDir();
    const evil = 'evil\u001b]0;pwned\u0007\u001b[2J';
    writeFileSync(
      join(dir, 'c.jsonl'),
      [0, 1, 2, 3]
        .map((i) => JSON.stringify({ item: `q${i}`, system_a: 'base', system_b: evil, outcome: i % 2 ? 'a' : 'b' }))
        .join('\n'),
    );
    expect(runCli(['import', 'comparisons', join(dir, 'c.jsonl')], { cwd: dir }).status).toBe(0);
    const table = runCli(['leaderboard', '--method', 'winrate', '--baseline', 'base'], { cwd: dir });
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout.includes('\u001b') || table.stdout.includes('\u0007')).toBe(false);
    expect(table.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2J');
    const err = runCli(['leaderboard', '--method', 'winrate', '--baseline', `${evil}x`], { cwd: dir });
    expect(err.status).toBe(1);
    expect(err.stderr.includes('\u001b') || err.stderr.includes('\u0007')).toBe(false);
  });

  it('serve: an empty WINRATE_READ_TOKEN is refused, a port in use is a sentence and exit 1', async () => {
    const dir = tempDir();
    const empty = runCli(['serve', '--port', '0'], { cwd: dir, env: { WINRATE_READ_TOKEN: '' } });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/WINRATE_READ_TOKEN is set but empty/);
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = runCli(['--db', join(dir, 'w.db'), 'serve', '--port', String(port)], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`cannot listen: port ${port} on 127.0.0.1 is in use`));
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      busy.close();
    }
  });

  it('worker: an unreachable store is named (password masked), exit 1', () => {
    const r = runCli(['--db', 'postgres://me:hunter2@127.0.0.1:1/none', 'worker', '--until-empty']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/\[STORE_OPEN\].*postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/none/);
    expect(r.stderr).not.toContain('hunter2');
  });
});
