// Rating benchmarks on 1,000,000 battles among 100 systems, each step from the store in a fresh process
// (so that its peak memory is its own): BT fit, BT + 100 bootstrap rounds, style-controlled BT + 100 rounds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ratingLeaderboard, SqliteStore, importFiles } from '../dist/index.js';
import { generateBattles } from './gen-battles.mjs';

const self = fileURLToPath(import.meta.url);

if (process.argv[2] === 'step') {
  const [, , , step, db] = process.argv;
  const t0 = performance.now();
  const store = new SqliteStore(db);
  const style = step === 'style-100';
  const input = style ? await store.comparisonTable({ withStyle: true }) : await store.outcomeCounts();
  const loaded = performance.now() - t0;
  const lb = await ratingLeaderboard(input, {
    method: 'bt',
    styleControl: style,
    bootstrap: step === 'bt-fit' ? 0 : 100,
    seed: 1,
  });
  const total = performance.now() - t0;
  console.log(
    JSON.stringify({
      step,
      loadMs: loaded,
      totalMs: total,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
      top: lb.rows[0].system,
      style: lb.style?.coefficients,
      raw: lb.style?.rawCoefficients,
    }),
  );
  await store.close();
} else {
  const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-ratings-'));
  const shared = fileURLToPath(new URL('../../shared/bench/battles-1m.csv.gz', import.meta.url));
  let file = shared;
  if (!existsSync(shared)) {
    file = join(dir, 'battles-1m.csv.gz');
    await generateBattles(file);
    console.log(`ratings: ../shared/bench not found; generated 1M synthetic battles in ${file}`);
  }
  const db = join(dir, 'battles.db');
  const store = new SqliteStore(db);
  let t = performance.now();
  await importFiles(store, 'battles', [file]);
  console.log(
    `ratings: imported 1,000,000 battles into SQLite in ${((performance.now() - t) / 1000).toFixed(1)} s (one transaction, outcome counts maintained)`,
  );
  await store.close();
  const reference = { 'bt-fit': 2.2, 'bt-100': 11.2, 'style-100': 413 };
  const label = {
    'bt-fit': 'BT fit',
    'bt-100': 'BT + 100 bootstrap rounds',
    'style-100': 'style-controlled BT + 100 rounds',
  };
  for (const step of ['bt-fit', 'bt-100', 'style-100']) {
    t = performance.now();
    const r = JSON.parse(
      execFileSync(process.execPath, [self, 'step', step, db], { encoding: 'utf8' }).trim().split('\n').at(-1),
    );
    const s = r.totalMs / 1000;
    console.log(
      `ratings: ${label[step]} from the store: ${s.toFixed(2)} s (load ${(r.loadMs / 1000).toFixed(2)} s), peak ${r.maxRssMiB.toFixed(0)} MiB; ` +
        `Python reference on the same file (shared/bench/README.md, load included) ~${reference[step]} s → ${(reference[step] / s).toFixed(1)}× faster` +
        (r.style
          ? `; style coefficients (length, headers, lists, bold) ${r.raw.map((x) => x.toFixed(3)).join(', ')} on the normalised differences (truth: length 0.35, markdown 0.10)`
          : ''),
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
