import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/cli.js';

const CLI = new URL('../../dist/cli/main.js', import.meta.url).pathname;

async function filledStore(): Promise<string> {
  const dir = tempDir();
  const path = join(dir, 'w.db');
  const s = new SqliteStore(path);
  await s.importBatch({
    items: [{ dataset: 'd', key: 'q', instruction: 'q' }],
    responses: [],
    comparisons: [
      {
        dataset: 'd',
        itemKey: 'q',
        systemA: 'a',
        systemB: 'b',
        judge: 'j',
        shownFirst: null,
        sample: 0,
        status: 'ok',
        pA: 1,
        label: 'A',
      },
    ],
  });
  await s.close();
  return path;
}

describe('stores this user may read but not write', () => {
  it('a store opened read-only answers every read; a write fails naming the store and changes nothing', async () => {
    const path = await filledStore();
    const before = readFileSync(path);
    const s = new SqliteStore(path, { readOnly: true });
    expect(s.readOnly).toBe(true);
    expect((await s.stats()).comparisons).toBe(1);
    expect((await s.comparisonTable()).a.length).toBe(1);
    await expect(
      s.importBatch({ items: [{ dataset: 'd', key: 'x', instruction: 'x' }], responses: [], comparisons: [] }),
    ).rejects.toThrow(new RegExp(`store ${path} is read-only for this user`));
    await expect(s.secret('vote')).rejects.toMatchObject({ code: 'STORE_OPEN' });
    await s.close();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  // File permissions bind only a user other than root: as root, run the CLI as "nobody" (uid 65534).
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  it('status and leaderboard work on a store in a read-only directory; an import exits 1 naming it', async () => {
    const path = await filledStore();
    const dir = tempDir();
    const ro = join(dir, 'ro.db');
    copyFileSync(path, ro);
    chmodSync(ro, 0o444);
    chmodSync(dir, 0o555);
    // Where uid 65534 cannot read the checkout (a clone under /root), root asks for read-only instead: same checks.
    const probe = spawnSync(process.execPath, [CLI, '--version'], { ...asNobody });
    const user = probe.status === 0 ? asNobody : {};
    const env = { ...process.env, WINRATE_DB: '', WINRATE_READ_ONLY: probe.status === 0 ? '' : '1' };
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [CLI, '--db', ro, ...args], { encoding: 'utf8', ...user, env });
    const status = cli(['status']);
    expect(status.status, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/comparisons: 1 /);
    expect(cli(['leaderboard', '--method', 'bt', '--format', 'json']).status).toBe(0);
    const imp = cli(['import', 'comparisons', '/dev/null']);
    expect(imp.status).toBe(1);
    expect(imp.stderr).toMatch(/ro\.db is read-only for this user/);
    chmodSync(dir, 0o755);
  });
});
