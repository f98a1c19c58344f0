// Issue 14's table, measured in one run: each job by winrate (the built CLI, as a user runs it) and by the Python
// reference of ../shared/bench/ref on the same input and machine, wall time and peak RSS of each process, and the ratio.
// References need Debian's python3-pandas, python3-sklearn, python3-scipy; a missing one prints winrate's time alone.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const shared = new URL('../../shared/', import.meta.url).pathname;
const cli = new URL('../dist/cli/main.js', import.meta.url).pathname;
const rss = new URL('./rss-report.mjs', import.meta.url).pathname;
if (!existsSync(join(shared, 'bench'))) {
  console.log('versus: ../shared/bench is absent; skipped');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'winrate-versus-'));
const db = join(dir, 'w.db');
const battles = join(shared, 'bench/battles-1m.csv.gz');

/** Runs a command; returns wall seconds and peak RSS (MB), or null when it fails. */
function run(cmd, args, label) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, WINRATE_PROGRESS_MS: '600000' } });
  const wall = (performance.now() - t) / 1000;
  if (r.status !== 0) {
    console.log(`  ${label}: failed (${(r.stderr || '').trim().split('\n').slice(-1)[0] ?? r.status})`);
    return null;
  }
  const m = /maxrss (\d+)/.exec(r.stderr ?? '');
  return { wall, mb: m ? Number(m[1]) / 1024 : null };
}
const ours = (args, label) => run(process.execPath, ['--import', rss, cli, '--db', db, ...args], label);
/** The first Python with the references' libraries (a pyenv python3 on PATH may lack Debian's packages). */
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import pandas, numpy, scipy, sklearn']).status === 0);
const py = (script, args, label) => {
  if (!python) return null;
  const wrapper = 'import runpy, resource, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__");'
    + ' sys.stderr.write("maxrss %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)';
  return run(python, ['-c', wrapper, join(shared, 'bench/ref', script), ...args], label);
};

const rows = [];
const row = (job, w, ref, goal) => rows.push({ job, w, ref, goal });

// AlpacaEval LC leaderboard from the store
const ann = join(shared, 'fixtures/alpacaeval/annotations');
const files = readdirSync(ann).filter((f) => f.endsWith('.json')).map((f) => join(ann, f));
ours(['import', 'alpaca-eval', ...files], 'import AlpacaEval');
row(`AlpacaEval LC leaderboard, ${files.length} annotation files from the store`, ours(['leaderboard', '--method', 'lc', '--format', 'csv'], 'lc'),
  py('alpaca_lc.py', [ann, join(shared, 'fixtures/alpacaeval/derived'), join(dir, 'lc.csv')], 'alpaca_lc.py'), '≥ 20×');
rmSync(db, { force: true });

// 1M battles: import, BT + 100 bootstrap rounds, style control
row('import 1M battles (CSV.gz)', ours(['import', 'battles', battles], 'import battles'), py('import_ref.py', [battles, join(dir, 'ref.db')], 'import_ref.py'), '≥ 3×, ≤ 300 MB');
row('Bradley–Terry + 100 bootstrap rounds, 1M battles', ours(['leaderboard', '--method', 'bt', '--bootstrap', '100', '--format', 'csv'], 'bt'),
  py('bt_ref.py', [battles, '100', join(dir, 'bt.json')], 'bt_ref.py'), '≥ 10×');
row('style-controlled BT + 100 rounds, 1M battles', ours(['leaderboard', '--method', 'bt', '--style-control', '--bootstrap', '100', '--format', 'csv'], 'style'),
  null, '≥ 50× FastChat (447 s, 4 GB: not run here), < 1 GB');

const f = (x) => (x ? `${x.wall.toFixed(1)} s${x.mb ? `, ${x.mb.toFixed(0)} MB` : ''}` : '—');
console.log('winrate against the Python references (../shared/bench/ref), same machine, same run:');
console.log('| job | winrate | reference | ratio | goal |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.job} | ${f(r.w)} | ${f(r.ref)} | ${r.w && r.ref ? `${(r.ref.wall / r.w.wall).toFixed(1)}×` : '—'} | ${r.goal} |`);
rmSync(dir, { recursive: true, force: true });
