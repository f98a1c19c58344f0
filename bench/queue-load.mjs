// Load test of distributed judging: 100,000 judgments enqueued into the store's pg-boss queue (a throwaway PostgreSQL
// cluster started here), 4 `winrate worker` processes × 64 concurrency against the zero-latency local endpoint.
// Reports throughput, time from enqueue to stored (p50 / p99, from the jobs' created and completed times), and the
// load on PostgreSQL (transactions and rows written per second, CPU seconds of the server processes).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Busy and total CPU ticks of the machine (/proc/stat), to tell the load of the run. */
const machineCpu = () => {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { busy: f[0] + f[1] + f[2] + f[5] + f[6] + f[7], total: f.reduce((a, b) => a + b, 0) };
};
/** CPU seconds of this process's finished children (the workers). */
try {
  const db = await cluster.createDatabase();
  const outputs = ['base', 'model-a', 'model-b'].map((sys) => {
    const f = join(dir, `${sys}.json`);
    writeFileSync(
      f,
      JSON.stringify(
        Array.from({ length: N_ITEMS }, (_, i) => ({
          instruction: `Question ${i}?`,
          output: `${sys} answer ${i} `.repeat(20),
          generator: sys,
        })),
      ),
    );
    return f;
  });
  const cfg = join(dir, 'winrate.yaml');
  writeFileSync(
    cfg,
    `judge: { preset: arena_hard, model: bench, base_url: "${url}", api_key_env: BENCH_KEY, concurrency: ${WORKERS * CONCURRENCY} }\nbaseline: base\n`,
  );
  const env = { ...process.env, BENCH_KEY: 'k', WINRATE_PROGRESS_MS: '10000' };
  let t = performance.now();
  execFileSync(process.execPath, [cli, '--db', db, 'judge', '-c', cfg, '--outputs', ...outputs, '--enqueue'], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const enqueueS = (performance.now() - t) / 1000;
  const c = new pg.Client({ connectionString: db });
  await c.connect();
  const stat = async () =>
    (
      await c.query(
        'SELECT xact_commit::float8 AS x, (tup_inserted + tup_updated + tup_deleted)::float8 AS w FROM pg_stat_database WHERE datname = current_database()',
      )
    ).rows[0];
  const [s0, cpu0] = [await stat(), machineCpu()];
  t = performance.now();
  // each worker's own CPU seconds through GNU time when present (NaN otherwise)
  const timed = existsSync('/usr/bin/time');
  const workers = Array.from({ length: WORKERS }, (_, k) => {
    const args = [cli, '--db', db, 'worker', '--until-empty', '--concurrency', String(CONCURRENCY)];
    const w = timed
      ? spawn('/usr/bin/time', ['-f', '%U %S', '-o', join(dir, `cpu${k}`), process.execPath, ...args], {
          env,
          stdio: 'ignore',
        })
      : spawn(process.execPath, args, { env, stdio: 'ignore' });
    return new Promise((r) =>
      w.on('close', (code) =>
        r({
          code,
          cpu: timed
            ? readFileSync(join(dir, `cpu${k}`), 'utf8')
                .trim()
                .split(/\s+/)
                .slice(-2)
                .reduce((a, x) => a + Number(x), 0)
            : NaN,
        }),
      ),
    );
  });
  const done = await Promise.all(workers);
  const codes = done.map((d) => d.code);
  const wCpu = done.reduce((a, d) => a + d.cpu, 0);
  const runS = (performance.now() - t) / 1000;
  const [s1, cpu1] = [await stat(), machineCpu()];
  const q = (
    await c.query(`SELECT count(*)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM completed_on - created_on))::float8 AS p50,
    percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_on - created_on))::float8 AS p99
    FROM (SELECT created_on, completed_on FROM pgboss.job WHERE state = 'completed' UNION ALL SELECT created_on, completed_on FROM pgboss.archive WHERE state = 'completed') j`)
  ).rows[0];
  const stored = (await c.query("SELECT count(*)::int AS n FROM comparisons WHERE status = 'ok'")).rows[0].n;
  await c.end();
  console.log(
    `queue: ${q.n.toLocaleString('en')} judgments (${stored.toLocaleString('en')} stored) by ${WORKERS} workers × ${CONCURRENCY} on ${cpus().length} cores ` +
      `(workers exit codes ${codes.join(',')}): ${runS.toFixed(1)} s → ${(q.n / runS).toFixed(0)} judgments/s; enqueue ${enqueueS.toFixed(1)} s; ` +
      `enqueue → stored p50 ${q.p50.toFixed(1)} s, p99 ${q.p99.toFixed(1)} s (all enqueued first); PostgreSQL ${((s1.x - s0.x) / runS).toFixed(0)} commits/s, ` +
      `${((s1.w - s0.w) / runS).toFixed(0)} rows written/s; machine CPU ${((100 * (cpu1.busy - cpu0.busy)) / (cpu1.total - cpu0.total)).toFixed(0)}% busy, ` +
      `workers ${(wCpu / runS).toFixed(2)} cores, the rest (PostgreSQL, endpoint) ${(((cpu1.busy - cpu0.busy) / 100 - wCpu) / runS).toFixed(2)} cores`,
  );
} finally {
  server.kill();
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
