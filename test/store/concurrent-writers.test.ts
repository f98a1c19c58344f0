import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { tokenHash } from '../../src/server/vote.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startCli, tempDir } from '../helpers/cli.js';

/** A file of n generic comparisons (every row new), for an import that holds the write lock a while. */
function bigFile(dir: string, name: string, n: number): string {
  const lines = Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      item: `${name}-${i}`,
      system_a: `s${i % 7}`,
      system_b: `t${i % 5}`,
      outcome: i % 3 ? 'a' : 'b',
      judge: 'bulk',
      output_a: `answer ${i} of a`,
      output_b: `answer ${i} of b`,
    }),
  );
  const file = join(dir, `${name}.jsonl`);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('concurrent writers on one SQLite store (separate processes)', () => {
  it('15 votes cast during a 60,000-row import all succeed, and a second import queues behind the first', async () => {
    const dir = tempDir();
    const db = join(dir, 'w.db');
    const store = new SqliteStore(db);
    const items = Array.from({ length: 400 }, (_, i) => ({
      dataset: 'd',
      key: `q${i}`,
      instruction: `Question ${i}?`,
    }));
    await store.importBatch({
      items,
      comparisons: [],
      responses: items.flatMap((it) =>
        ['base', 'cand'].map((s) => ({ dataset: 'd', itemKey: it.key, system: s, output: `${s} ${it.key}` })),
      ),
    });
    await store.createStudy({ name: 'live', design: { kind: 'baseline', baseline: 'base' }, votesWanted: 1 });
    const token = 'live-annotator-token-0123456789';
    await store.addAnnotator('live', 'ann', tokenHash(token));
    const app = createApp(store, { adminToken: 'concurrency-admin-token' });
    const files = [bigFile(dir, 'one', 60_000), bigFile(dir, 'two', 60_000)];

    const first = startCli(['--db', db, 'import', 'comparisons', files[0]]);
    let importing = true;
    const statuses: number[] = [];
    const latencies: number[] = [];
    let during = 0;
    const voting = (async () => {
      await new Promise((r) => setTimeout(r, 300)); // let the import parse and take the write lock
      // vote all through both imports (at least 15 votes), so that votes meet their write transactions
      for (let i = 0; importing || i < 15; i++) {
        const page = await (await app.request(`/vote/live?token=${token}`)).text();
        const ticket = /name="ticket" value="([^"]+)"/.exec(page)![1];
        const t0 = Date.now();
        const r = await app.request('/vote/live', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, ticket, choice: i % 2 ? 'left' : 'right' }).toString(),
        });
        latencies.push(Date.now() - t0);
        statuses.push(r.status);
        if (importing) during++;
        await new Promise((r2) => setTimeout(r2, 20));
      }
    })();
    const second = startCli(['--db', db, 'import', 'comparisons', files[1]], {
      env: { WINRATE_LOCK_TIMEOUT_MS: '120000' },
    });
    const [a, b] = await Promise.all([first.done, second.done]);
    importing = false;
    await voting;
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(statuses.length).toBeGreaterThanOrEqual(15);
    expect(statuses.every((s) => s === 303)).toBe(true);
    expect(await store.studyVotes('live')).toHaveLength(statuses.length);
    expect((await store.stats()).comparisons).toBe(120_000 + statuses.length);
    expect(during).toBeGreaterThanOrEqual(15); // 15 votes or more were cast while the imports ran
    // some votes really met an import's write lock and waited for it instead of failing
    expect(Math.max(...latencies)).toBeGreaterThan(50);
    await store.close();
  }, 120_000);
});
