// Load test of distributed judging: 100,000 judgments enqueued into the store's pg-boss queue (a throwaway PostgreSQL
// cluster started here), 4 `winrate worker` processes × 64 concurrency against the zero-latency local endpoint.
// Reports throughput, time from enqueue to stored (p50 / p99, from the jobs' created and completed times), and the
// load on PostgreSQL (transactions and rows written per second, CPU seconds of the server processes).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../scripts/pg-throwaway.mjs';

const N_ITEMS = Number(process.env.QUEUE_LOAD_ITEMS ?? 25_000); // × 2 systems × 2 orders = 100,000 judgments
const WORKERS = 4;
const CONCURRENCY = 64;
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-queue-'));
const server = spawn(process.execPath, [new URL('./zero-latency-server.mjs', import.meta.url).pathname]);
const url = await new Promise((r) => server.stdout.once('data', (d) => r(d.toString().trim())));
const cluster = await startPostgres();
/** CPU seconds (user + system) of every PostgreSQL server process on the machine, from /proc. */
const serverCpu = () => {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch { /* exited */ }
  }
  return ticks / 100;
};
try {
  const db = await cluster.createDatabase();
  const outputs = ['base', 'model-a', 'model-b'].map((sys) => {
    const f = join(dir, `${sys}.json`);
    writeFileSync(f, JSON.stringify(Array.from({ length: N_ITEMS }, (_, i) => ({ instruction: `Question ${i}?`, output: `${sys} answer ${i} `.repeat(20), generator: sys }))));
    return f;
  });
  const cfg = join(dir, 'winrate.yaml');
  writeFileSync(cfg, `judge: { preset: arena_hard, model: bench, base_url: "${url}", api_key_env: BENCH_KEY, concurrency: ${WORKERS * CONCURRENCY} }\nbaseline: base\n`);
  const env = { ...process.env, BENCH_KEY: 'k', WINRATE_PROGRESS_MS: '10000' };
  let t = performance.now();
  execFileSync(process.execPath, [cli, '--db', db, 'judge', '-c', cfg, '--outputs', ...outputs, '--enqueue'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const enqueueS = (performance.now() - t) / 1000;
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  const stat = async () => (await c.query('SELECT xact_commit::float8 AS x, (tup_inserted + tup_updated + tup_deleted)::float8 AS w FROM pg_stat_database WHERE datname = current_database()')).rows[0];
  const [s0, cpu0] = [await stat(), serverCpu()];
  t = performance.now();
  const workers = Array.from({ length: WORKERS }, () => spawn(process.execPath, [cli, '--db', db, 'worker', '--until-empty', '--concurrency', String(CONCURRENCY)],
    { env, stdio: ['ignore', 'ignore', 'pipe'] }));
  const codes = await Promise.all(workers.map((w) => new Promise((r) => w.on('close', r))));
  const runS = (performance.now() - t) / 1000;
  const [s1, cpu1] = [await stat(), serverCpu()];
  const q = (await c.query(`SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_on - created_on))::float8 AS p50,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_on - created_on))::float8 AS p99
    FROM (SELECT created_on, completed_on FROM pgboss.job WHERE state = 'completed' UNION ALL SELECT created_on, completed_on FROM pgboss.archive WHERE state = 'completed') j`)).rows[0];
  const stored = (await c.query("SELECT count(*)::int AS n FROM comparisons WHERE status = 'ok'")).rows[0].n;
  await c.end();
  console.log(`queue: ${q.n.toLocaleString('en')} judgments (${stored.toLocaleString('en')} stored) by ${WORKERS} workers × ${CONCURRENCY} on ${cpus().length} cores `
    + `(workers exit codes ${codes.join(',')}): ${runS.toFixed(1)} s → ${(q.n / runS).toFixed(0)} judgments/s; enqueue ${enqueueS.toFixed(1)} s; `
    + `enqueue → stored p50 ${q.p50.toFixed(1)} s, p99 ${q.p99.toFixed(1)} s (all enqueued first); PostgreSQL ${((s1.x - s0.x) / runS).toFixed(0)} commits/s, `
    + `${((s1.w - s0.w) / runS).toFixed(0)} rows written/s, ${(cpu1 - cpu0).toFixed(0)} CPU s of server processes (${((cpu1 - cpu0) / runS).toFixed(2)} cores)`);
} finally {
  server.kill();
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
