// Judging under provider faults: 2,400 judgments configured at concurrency 64 against an endpoint with 150 ms
// latency that allows 24 requests in flight (429 + Retry-After 1 beyond) and fails 5% of requests (500 or a
// 30 s hang), with timeout_ms 3000. The reference is the endpoint's own capacity: 2400 / 24 × 150 ms = 15 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../dist/index.js';
import { planJudging } from '../dist/judges/plan.js';
import { runJudging } from '../dist/judges/run.js';
import { PRESETS } from '../dist/judges/presets/index.js';
import { OpenAIProvider } from '../dist/judges/providers/openai-provider.js';

const cap = 24;
const latency = 150;
const faults = 0.05;
const server = spawn(process.execPath, [
  new URL('./capped-server.mjs', import.meta.url).pathname,
  cap,
  latency,
  faults,
]);
const lines = [];
server.stdout.on('data', (d) => lines.push(...d.toString().trim().split('\n')));
while (lines.length === 0) await new Promise((r) => setTimeout(r, 10));
const url = lines[0];
const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-faults-'));
const store = new SqliteStore(join(dir, 'j.db'));
const items = 600;
const mk = (sys) =>
  Array.from({ length: items }, (_, i) => ({
    dataset: 'b',
    itemKey: `q${i}`,
    system: sys,
    output: `${sys} answer ${i} `.repeat(20),
  }));
await store.importBatch({
  items: Array.from({ length: items }, (_, i) => ({ dataset: 'b', key: `q${i}`, instruction: `Question ${i}?` })),
  responses: [...mk('base'), ...mk('a'), ...mk('b')],
  comparisons: [],
});
const tasks = planJudging(await store.judgingInputs('b'), { kind: 'pairwise', baseline: 'base', orders: 'both' });
const judge = {
  name: 'bench',
  preset: PRESETS.arena_hard,
  provider: new OpenAIProvider({ baseURL: url, apiKey: 'k', timeoutMs: 8000 }),
  model: 'bench',
  concurrency: 64,
  timeoutMs: 3000,
};
const limits = [];
const t = performance.now();
const r = await runJudging(store, judge, tasks, { onProgress: (p) => limits.push(p.concurrency) });
const s = (performance.now() - t) / 1000;
await store.close();
server.kill('SIGTERM');
await new Promise((res) => server.on('exit', res));
const c = JSON.parse(lines.at(-1));
const ideal = ((tasks.length / cap) * latency) / 1000;
const hangCost = (c.hangs * 3) / cap; // each hang holds one of the endpoint's slots for one timeout
const late = limits.slice(Math.floor(limits.length / 2));
console.log(
  `judging under faults: ${r.ok}/${tasks.length} verdicts stored in ${s.toFixed(1)} s at configured concurrency 64 against an endpoint ` +
    `capped at ${cap} in flight (${latency} ms, ${faults * 100}% faults: ${c.errors} × 500, ${c.hangs} hangs, ${c.rejected} × 429); ` +
    `capacity alone ${ideal.toFixed(1)} s, + hangs ${hangCost.toFixed(1)} s = ${(ideal + hangCost).toFixed(1)} s → efficiency ${(((ideal + hangCost) / s) * 100).toFixed(0)}%; ` +
    `${(s / ideal).toFixed(2)}× the capacity time; concurrency in the second half ${Math.min(...late)}–${Math.max(...late)}, peak in flight at the endpoint ${c.peak}`,
);
rmSync(dir, { recursive: true, force: true });
