// Dashboard responsiveness with 100,000 comparisons: API leaderboards and page loads through the real app
// (hono, in-process requests), cold (first) and warm (cached until the store changes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, SqliteStore } from '../dist/index.js';
import { createApp } from '../dist/server/app.js';

const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-dash-'));
const store = new SqliteStore(join(dir, 'd.db'));
const rng = new Rng(3);
const systems = Array.from({ length: 20 }, (_, i) => `system-${String(i).padStart(2, '0')}`);
const items = 5000;
const batch = { items: [], responses: [], comparisons: [] };
for (let i = 0; i < items; i++) batch.items.push({ dataset: 'd', key: `q${i}`, instruction: `Question ${i}?` });
for (const s of ['baseline', ...systems]) for (let i = 0; i < items; i++) batch.responses.push({ dataset: 'd', itemKey: `q${i}`, system: s, output: `${s} answer ${i} `.repeat(3 + rng.int(30)) });
systems.forEach((s, k) => {
  for (let i = 0; i < items; i++) batch.comparisons.push({ dataset: 'd', itemKey: `q${i}`, systemA: 'baseline', systemB: s, judge: 'j', shownFirst: 'a', sample: 0, status: 'ok', pA: rng.next() < 0.3 + k * 0.02 ? 0 : rng.next() < 0.1 ? 0.5 : 1, label: 'x', seq: i });
});
await store.importBatch(batch);
const app = createApp(store, { adminToken: 'x' });
const time = async (path) => {
  const t = performance.now();
  const r = await app.request(path);
  await r.text();
  if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  return performance.now() - t;
};
const paths = ['/api/leaderboard?method=winrate&baseline=baseline', '/api/leaderboard?method=lc&baseline=baseline', '/api/leaderboard?method=bt', '/?method=winrate&baseline=baseline', '/?method=bt', '/comparisons', '/api/comparisons?system=system-03&limit=100', '/judges'];
const out = [];
for (const p of paths) {
  const cold = await time(p);
  const warm = await time(p);
  out.push(`${p} ${cold.toFixed(0)} ms cold, ${warm.toFixed(0)} ms warm`);
}
console.log(`dashboard (${batch.comparisons.length.toLocaleString()} comparisons, 21 systems, ${items} items):\n  ${out.join('\n  ')}`);
await store.close();
rmSync(dir, { recursive: true, force: true });
