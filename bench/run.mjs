// npm run bench — performance of the statistics core and the store, with times and memory printed.
// Reads ../shared/fixtures when present (benchmarks may), else the bundled AlpacaEval sample.
import { existsSync, readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  alpacaEvalDifficulty,
  alpacaEvalGamedRows,
  bootstrapMeanInterval,
  codePointLength,
  importFiles,
  leaderboardFromStore,
  lengthControlledWinRate,
  rawWinRate,
  readAlpacaEvalFile,
  Rng,
  SqliteStore,
} from '../dist/index.js';

const ms = (t) => `${(performance.now() - t).toFixed(1)} ms`;
const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB rss`;
const only = process.argv[2];

if (!only || only === 'lc') {
  const shared = new URL('../../shared/fixtures/alpacaeval/annotations/', import.meta.url).pathname;
  const dir = existsSync(shared) ? shared : new URL('../data/alpacaeval/sample/', import.meta.url).pathname;
  const files = readdirSync(dir).filter((f) => /\.json(\.gz)?$/.test(f) && !f.includes('nested'));
  let t = performance.now();
  const inputs = files
    .map((f) => readAlpacaEvalFile(join(dir, f)))
    .filter((b) => b.comparisons[0].systemA !== b.comparisons[0].systemB)
    .map((b) => {
      const out = new Map(b.responses.map((r) => [`${r.system}\u0000${r.itemKey}`, codePointLength(r.output)]));
      return {
        system: b.comparisons[0].systemB,
        x: Float64Array.from(b.comparisons, (c) => 1 - c.pA),
        lenModel: Float64Array.from(b.comparisons, (c) => out.get(`${c.systemB}\u0000${c.itemKey}`)),
        lenBaseline: Float64Array.from(b.comparisons, (c) => out.get(`${c.systemA}\u0000${c.itemKey}`)),
      };
    });
  console.log(`LC: loaded ${inputs.length} models from ${dir} in ${ms(t)}`);
  const difficulty = alpacaEvalDifficulty();
  const gamed = alpacaEvalGamedRows();
  t = performance.now();
  for (const m of inputs) lengthControlledWinRate({ ...m, difficulty, gamed });
  const first = performance.now() - t;
  t = performance.now();
  const rounds = 5;
  for (let r = 0; r < rounds; r++) for (const m of inputs) lengthControlledWinRate({ ...m, difficulty, gamed });
  const steady = (performance.now() - t) / rounds;
  console.log(
    `LC for ${inputs.length} models (10 C × 5-fold CV + refit each): first run ${first.toFixed(0)} ms, steady ${steady.toFixed(0)} ms (${(steady / inputs.length).toFixed(1)} ms/model)`,
  );
  console.log(
    `  vs the Python/scikit-learn way stated in the issue (~5 s for 15 models, not measured here): ${(5000 / ((steady * 15) / inputs.length)).toFixed(1)}× faster`,
  );
}

if (!only || only === 'raw') {
  const n = 1_000_000;
  const rng = new Rng(42);
  const x = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? 0.5 : rng.next()));
  let t = performance.now();
  const r = rawWinRate(x);
  console.log(`raw metrics over ${n.toLocaleString()} comparisons: ${ms(t)} (win rate ${r.win_rate.toFixed(3)})`);
  t = performance.now();
  bootstrapMeanInterval(x, { rounds: 100, seed: 1 });
  console.log(`seeded item bootstrap, 100 rounds over ${n.toLocaleString()}: ${ms(t)}`);

  // The same through the store: import 1M comparisons (10 systems × 100k items vs one baseline), then the leaderboard.
  const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-'));
  const store = new SqliteStore(join(dir, 'bench.db'));
  const items = 100_000;
  const batch = { items: [], responses: [], comparisons: [] };
  for (let i = 0; i < items; i++) batch.items.push({ dataset: 'bench', key: `q${i}`, instruction: `question ${i}` });
  for (let s = 0; s < 10; s++) {
    for (let i = 0; i < items; i++) {
      const u = rng.next();
      batch.comparisons.push({
        dataset: 'bench',
        itemKey: `q${i}`,
        systemA: 'baseline',
        systemB: `system-${s}`,
        judge: 'j',
        shownFirst: null,
        sample: 0,
        status: 'ok',
        pA: u < 0.05 ? 0.5 : u < 0.5 + s * 0.03 ? 0 : 1,
        label: null,
        seq: i,
      });
    }
  }
  t = performance.now();
  await store.importBatch(batch);
  console.log(
    `store: import ${batch.comparisons.length.toLocaleString()} comparisons + ${items.toLocaleString()} items in one transaction: ${ms(t)}; ${mb()}`,
  );
  t = performance.now();
  const table = await store.comparisonTable();
  console.log(`store: load 1M comparisons as typed columns: ${ms(t)}`);
  t = performance.now();
  const rows = await leaderboardFromStore(store);
  console.log(
    `leaderboard (raw metrics + normal CIs, 10 systems × 100k items) from the store: ${ms(t)}; top ${rows[0].system} ${rows[0].win_rate.toFixed(2)}%; ${mb()}`,
  );
  void table;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

// Keep the import path exercised too (AlpacaEval sample files through importFiles).
if (!only || only === 'import') {
  const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-'));
  const sample = new URL('../data/alpacaeval/sample/', import.meta.url).pathname;
  const files = readdirSync(sample).map((f) => join(sample, f));
  const store = new SqliteStore(join(dir, 'w.db'));
  const t = performance.now();
  const s = await importFiles(store, 'alpaca-eval', files);
  console.log(
    `import of the bundled AlpacaEval sample (${files.length} files, ${s.inserted.comparisons} comparisons): ${ms(t)}`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (!only || only === 'versus') {
  const { execFileSync } = await import('node:child_process');
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./versus.mjs', import.meta.url).pathname], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    }),
  );
}

if (!only || only === 'ratings') {
  const { execFileSync } = await import('node:child_process');
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./ratings.mjs', import.meta.url).pathname], { encoding: 'utf8' }),
  );
}

if (!only || only === 'judging') {
  const { execFileSync } = await import('node:child_process');
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./judging.mjs', import.meta.url).pathname], { encoding: 'utf8' }),
  );
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./judging-faults.mjs', import.meta.url).pathname], { encoding: 'utf8' }),
  );
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./until-decided.mjs', import.meta.url).pathname], { encoding: 'utf8' }),
  );
}

if (!only || only === 'dashboard') {
  const { execFileSync } = await import('node:child_process');
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./dashboard.mjs', import.meta.url).pathname], { encoding: 'utf8' }),
  );
}

if (!only || only === 'backends') {
  const { execFileSync } = await import('node:child_process');
  process.stdout.write(
    execFileSync(process.execPath, [new URL('./backends.mjs', import.meta.url).pathname], { encoding: 'utf8' }),
  );
}
