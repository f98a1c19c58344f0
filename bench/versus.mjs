// Issue 14's table, measured in one run: each job by winrate (the built CLI, as a user runs it) and by the Python
// reference of ../shared/bench/ref on the same input and machine, wall time and peak RSS of each process, and the
// ratio.
// The two run alternately, WINRATE_BENCH_REPEAT times each (default 3), and the medians are compared: on a shared
// virtual machine a single run can be 30% off. References need Debian's python3-pandas, python3-sklearn, python3-scipy;
// without them winrate's times are printed alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const shared = new URL('../../shared/', import.meta.url).pathname;
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const rss = new URL('./rss-report.mjs', import.meta.url).pathname;
if (!existsSync(join(shared, 'bench'))) {
  console.log('versus: ../shared/bench is absent; skipped');
  process.exit(0);
}
const repeat = Number(process.env.WINRATE_BENCH_REPEAT) || 3;
const dir = mkdtempSync(join(tmpdir(), 'winrate-versus-'));
const battles = join(shared, 'bench/battles-1m.csv.gz');

/** Runs a command once; returns wall seconds and peak RSS (MB), or null when it fails. */
function once(cmd, args, label) {
  const t = performance.now();
  const r = spawnSync(cmd, args, {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    env: { ...process.env, WINRATE_PROGRESS_MS: '600000' },
  });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) {
    console.log(`  ${label}: failed (${(r.stderr || '').trim().split('\n').slice(-1)[0] ?? r.status})`);
    return null;
  }
  // every thread of the process reports at its exit (the preload runs in workers too): the largest is the process's
  const all = [...(r.stderr ?? '').matchAll(/maxrss (\d+)/g)].map((m) => Number(m[1]));
  return { wall, mb: all.length ? Math.max(...all) / 1024 : null };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/**
 * Both sides `repeat` times, alternately; `before` runs ahead of each of ours (e.g. a fresh store). Dirty pages are
 * flushed (untimed) before every run, so that neither side pays for writing back the other's files (an import leaves
 * ~100 MB; measured, that moved the next run by up to ~2 s).
 */
function versus(ourArgs, ref, before = () => {}) {
  const w = [];
  const r = [];
  const flush = () => spawnSync('sync');
  for (let k = 0; k < repeat; k++) {
    before();
    flush();
    w.push(once(process.execPath, ['--import', rss, cli, ...ourArgs], ourArgs.slice(2, 4).join(' ')));
    flush();
    if (ref) r.push(ref());
  }
  const sum = (xs) =>
    xs.some((x) => x === null) || xs.length === 0
      ? null
      : { wall: median(xs.map((x) => x.wall)), mb: Math.max(...xs.map((x) => x.mb ?? 0)), all: xs.map((x) => x.wall) };
  return { w: sum(w), ref: sum(r) };
}
/** The first Python with the references' libraries (a pyenv python3 on PATH may lack Debian's packages). */
const python = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import pandas, numpy, scipy, sklearn']).status === 0,
);
const py = (script, args) =>
  python
    ? () =>
        once(
          python,
          [
            '-c',
            'import runpy, resource, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__");' +
              ' sys.stderr.write("maxrss %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)',
            join(shared, 'bench/ref', script),
            ...args,
          ],
          script,
        )
    : null;

const rows = [];
const row = (job, m, goal) => rows.push({ job, ...m, goal });

// Start-up: winrate --help and a small leaderboard, against Node starting and doing nothing.
const small = join(dir, 'small.db');
once(
  process.execPath,
  [
    cli,
    '--db',
    small,
    'import',
    'alpaca-eval',
    ...['claude-2', 'gpt4_1106_preview'].map((m) => join(shared, `fixtures/alpacaeval/annotations/${m}.json`)),
  ],
  'import',
);
row(
  '`winrate --help` (reference: `node -e 0`)',
  versus(['--db', small, '--help'], () => once(process.execPath, ['-e', '0'], 'node')),
  'small',
);
row(
  'win-rate leaderboard of 2 AlpacaEval files (reference: `node -e 0`)',
  versus(['--db', small, 'leaderboard', '--format', 'csv'], () => once(process.execPath, ['-e', '0'], 'node')),
  'small',
);

// AlpacaEval LC leaderboard of 58 models: the 16 real annotation files of ../shared, cycled under new model names.
const ann = join(shared, 'fixtures/alpacaeval/annotations');
const ann58 = join(dir, 'annotations');
mkdirSync(ann58);
const real = readdirSync(ann)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(ann, f), 'utf8')));
let models = 0;
for (let copy = 0; models < 58; copy++) {
  for (const recs of real) {
    if (recs[0].generator_1 === recs[0].generator_2) {
      if (copy === 0) writeFileSync(join(ann58, `${recs[0].generator_2}.json`), JSON.stringify(recs));
      continue;
    }
    if (models >= 58) break;
    const name = copy === 0 ? recs[0].generator_2 : `${recs[0].generator_2}~${copy}`;
    if (existsSync(join(ann58, `${name}.json`))) continue;
    writeFileSync(join(ann58, `${name}.json`), JSON.stringify(recs.map((r) => ({ ...r, generator_2: name }))));
    models++;
  }
}
const lcDb = join(dir, 'lc.db');
once(
  process.execPath,
  [cli, '--db', lcDb, 'import', 'alpaca-eval', ...readdirSync(ann58).map((f) => join(ann58, f))],
  'import AlpacaEval',
);
row(
  `AlpacaEval LC leaderboard, ${models} models from the store`,
  versus(
    ['--db', lcDb, 'leaderboard', '--method', 'lc', '--format', 'csv'],
    py('alpaca_lc.py', [ann58, join(shared, 'fixtures/alpacaeval/derived'), join(dir, 'lc.csv')]),
  ),
  '≥ 20×',
);

// 1M battles: import into a fresh store each time, then BT + 100 bootstrap rounds and style control on the last one.
const db = join(dir, 'w.db');
const fresh = () => ['', '-wal', '-shm'].forEach((s) => rmSync(db + s, { force: true }));
row(
  'import 1M battles (CSV.gz)',
  versus(
    ['--db', db, 'import', 'battles', battles],
    py('import_ref.py', [battles, join(dir, 'ref.db')]),
    () => (fresh(), rmSync(join(dir, 'ref.db'), { force: true })),
  ),
  '≥ 3×, ≤ 300 MB',
);
row(
  'Bradley–Terry + 100 bootstrap rounds, 1M battles',
  versus(
    ['--db', db, 'leaderboard', '--method', 'bt', '--bootstrap', '100', '--format', 'csv'],
    py('bt_ref.py', [battles, '100', join(dir, 'bt.json')]),
  ),
  '≥ 10×',
);
row(
  'style-controlled BT + 100 rounds, 1M battles',
  versus(
    ['--db', db, 'leaderboard', '--method', 'bt', '--style-control', '--bootstrap', '100', '--format', 'csv'],
    null,
  ),
  '≥ 50× FastChat (447 s, 4 GB: not run here), < 1 GB',
);

const f = (x) => (x ? `${x.wall.toFixed(2)} s${x.mb ? `, ${x.mb.toFixed(0)} MB` : ''}` : '—');
console.log(`winrate against the references, same machine, same run (median of ${repeat} alternating runs each):`);
console.log('| job | winrate | reference | ratio | goal |\n|---|---|---|---|---|');
for (const r of rows)
  console.log(
    `| ${r.job} | ${f(r.w)} | ${f(r.ref)} | ${r.w && r.ref ? `${(r.ref.wall / r.w.wall).toFixed(1)}×` : '—'} | ${r.goal} |`,
  );
console.log('\nall runs (s):');
for (const r of rows)
  console.log(
    `  ${r.job}: winrate ${r.w?.all.map((x) => x.toFixed(2)).join(' ')}${r.ref ? ` | reference ${r.ref.all.map((x) => x.toFixed(2)).join(' ')}` : ''}`,
  );
rmSync(dir, { recursive: true, force: true });
