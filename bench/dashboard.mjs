// Dashboard responsiveness with 100,000 comparisons: API leaderboards and page loads through the real app
// (hono, in-process requests), cold (first) and warm (cached until the store changes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, SqliteStore } from '../dist/index.js';
import { createApp } from '../dist/server/app.js';
import { spawn } from 'node:child_process';

const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-dash-'));
const store = new SqliteStore(join(dir, 'd.db'));
const rng = new Rng(3);
const systems = Array.from({ length: 20 }, (_, i) => `system-${String(i).padStart(2, '0')}`);
const items = 5000;
const batch = { items: [], responses: [], comparisons: [] };
for (let i = 0; i < items; i++) batch.items.push({ dataset: 'd', key: `q${i}`, instruction: `Question ${i}?` });
for (const s of ['baseline', ...systems])
  for (let i = 0; i < items; i++)
    batch.responses.push({
      dataset: 'd',
      itemKey: `q${i}`,
      system: s,
      output: `${s} answer ${i} `.repeat(3 + rng.int(30)),
    });
systems.forEach((s, k) => {
  for (let i = 0; i < items; i++)
    batch.comparisons.push({
      dataset: 'd',
      itemKey: `q${i}`,
      systemA: 'baseline',
      systemB: s,
      judge: 'j',
      shownFirst: 'a',
      sample: 0,
      status: 'ok',
      pA: rng.next() < 0.3 + k * 0.02 ? 0 : rng.next() < 0.1 ? 0.5 : 1,
      label: 'x',
      seq: i,
    });
});
await store.importBatch(batch);
const app = createApp(store, { adminToken: 'bench-admin-token-0123456789', apiRateLimit: 1e9 });
const time = async (path) => {
  const t = performance.now();
  const r = await app.request(path);
  await r.text();
  if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  return performance.now() - t;
};
const paths = [
  '/api/leaderboard?method=winrate&baseline=baseline',
  '/api/leaderboard?method=lc&baseline=baseline',
  '/api/leaderboard?method=bt',
  '/?method=winrate&baseline=baseline',
  '/?method=bt',
  '/comparisons',
  '/api/comparisons?system=system-03&limit=100',
  '/judges',
];
const out = [];
for (const p of paths) {
  const cold = await time(p);
  const warm = await time(p);
  out.push(`${p} ${cold.toFixed(0)} ms cold, ${warm.toFixed(0)} ms warm`);
}
console.log(
  `dashboard (${batch.comparisons.length.toLocaleString()} comparisons, 21 systems, ${items} items):\n  ${out.join('\n  ')}`,
);

// Under load over real sockets: `winrate serve` in its own process, 200 concurrent clients on the dashboard for
// 10 s from this one; midway another connection writes (the store changes, so the page is rendered afresh once,
// shared by the clients waiting for it).
const serveProc = spawn(
  process.execPath,
  [
    new URL('../dist/cli/main.js', import.meta.url).pathname,
    '--db',
    join(dir, 'd.db'),
    'serve',
    '--port',
    '0',
    '--admin-token',
    'bench-admin-token-0123456789',
    '--api-rate-limit',
    '1000000000',
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const port = await new Promise((resolve) =>
  serveProc.stdout.on('data', (d) => {
    const m = /:(\d+)\//.exec(String(d));
    if (m) resolve(Number(m[1]));
  }),
);
const url = `http://127.0.0.1:${port}/?method=bt`;
const lat = [];
let errors = 0;
const until = performance.now() + 10_000;
let wrote = false;
await Promise.all(
  Array.from({ length: 200 }, async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        const r = await fetch(url);
        await r.text();
        if (r.status !== 200) errors++;
      } catch {
        errors++;
      }
      lat.push(performance.now() - t);
      if (!wrote && performance.now() > until - 5000) {
        wrote = true;
        await store.importBatch({
          items: [],
          responses: [],
          comparisons: [
            {
              dataset: 'd',
              itemKey: 'q0',
              systemA: 'baseline',
              systemB: 'system-00',
              judge: 'j',
              shownFirst: 'b',
              sample: 1,
              status: 'ok',
              pA: 1,
              label: 'x',
            },
          ],
        });
      }
    }
  }),
);
lat.sort((a, b) => a - b);
const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(0);
console.log(
  `  winrate serve, 200 concurrent clients on /?method=bt for 10 s (the store changed midway): ${lat.length} pages, ${(lat.length / 10).toFixed(0)}/s, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms, ${errors} errors`,
);
serveProc.kill('SIGTERM');
await store.close();
rmSync(dir, { recursive: true, force: true });
