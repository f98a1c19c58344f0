// Judging benchmark: winrate's orchestration (planning, cache lookup, prompt build, retries wrapper, parse,
// one SQLite transaction per judgment) against a zero-latency local endpoint in another process, compared with
// the same requests sent by the bare openai client at the same concurrency (the reference, same run).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { SqliteStore } from '../dist/index.js';
import { planJudging } from '../dist/judges/plan.js';
import { runJudging } from '../dist/judges/run.js';
import { PRESETS } from '../dist/judges/presets/index.js';
import { OpenAIProvider } from '../dist/judges/providers/openai-provider.js';

const server = spawn(process.execPath, [new URL('./zero-latency-server.mjs', import.meta.url).pathname]);
const url = await new Promise((r) => server.stdout.once('data', (d) => r(d.toString().trim())));
const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-judge-'));
const items = 2500;
const concurrency = 64;

async function timeBare(n) {
  const client = new OpenAI({ baseURL: url, apiKey: 'k', maxRetries: 0 });
  const t = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        await client.chat.completions.create({
          model: 'bench',
          messages: [{ role: 'user', content: `judge ${next}` }],
        });
      }
    }),
  );
  return performance.now() - t;
}

async function timeWinrate() {
  const store = new SqliteStore(join(dir, 'j.db'));
  const mk = (sys) =>
    Array.from({ length: items }, (_, i) => ({
      dataset: 'b',
      itemKey: `q${i}`,
      system: sys,
      output: `${sys} answer ${i} `.repeat(20),
    }));
  await store.importBatch({
    items: Array.from({ length: items }, (_, i) => ({ dataset: 'b', key: `q${i}`, instruction: `Question ${i}?` })),
    responses: [...mk('base'), ...mk('model')],
    comparisons: [],
  });
  const tasks = planJudging(await store.judgingInputs('b'), { kind: 'pairwise', baseline: 'base', orders: 'both' });
  const judge = {
    name: 'bench',
    preset: PRESETS.arena_hard,
    provider: new OpenAIProvider({ baseURL: url, apiKey: 'k' }),
    model: 'bench',
    concurrency,
  };
  const t = performance.now();
  const r = await runJudging(store, judge, tasks);
  const ms = performance.now() - t;
  await store.close();
  return { ms, n: tasks.length, ok: r.ok };
}

await timeBare(2000); // warm-up
const w = await timeWinrate();
const bare = await timeBare(w.n);
const overhead = (w.ms - bare) / w.n;
console.log(
  `judging: ${w.n} judgments (${w.ok} verdicts stored) at concurrency ${concurrency} against a zero-latency local endpoint: ` +
    `${(w.n / (w.ms / 1000)).toFixed(0)} judgments/s (${(w.ms / w.n).toFixed(3)} ms each); the bare openai client sending the same number of requests: ` +
    `${(w.n / (bare / 1000)).toFixed(0)} requests/s → winrate's orchestration overhead ${overhead.toFixed(3)} ms per judgment (store writes included), ${(w.ms / bare).toFixed(2)}× the bare client's time`,
);
server.kill();
rmSync(dir, { recursive: true, force: true });
