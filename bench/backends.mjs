// The two store backends side by side on 1,000,000 battles (the file of the ratings benchmark): import (one
// transaction), Bradley–Terry from the stored outcome counts, the comparison table (what bootstrap and style control
// load), and `winrate copy` SQLite → PostgreSQL. PostgreSQL is a throwaway cluster started here (initdb + pg_ctl).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFiles, openStore, ratingLeaderboard } from '../dist/index.js';
import { copyStore } from '../dist/store/copy.js';
import { startPostgres } from '../scripts/pg-throwaway.mjs';
import { generateBattles } from './gen-battles.mjs';

const dir = mkdtempSync(join(tmpdir(), 'winrate-bench-backends-'));
const shared = fileURLToPath(new URL('../../shared/bench/battles-1m.csv.gz', import.meta.url));
let file = shared;
if (!existsSync(shared)) {
  file = join(dir, 'battles-1m.csv.gz');
  await generateBattles(file);
}
const pg = await startPostgres();
const s = (t) => ((performance.now() - t) / 1000).toFixed(2);
try {
  const results = {};
  for (const [name, location] of [
    ['SQLite', join(dir, 'b.db')],
    ['PostgreSQL', await pg.createDatabase()],
  ]) {
    const store = openStore(location);
    let t = performance.now();
    const r = await importFiles(store, 'battles', [file]);
    const imp = s(t);
    t = performance.now();
    const lb = await ratingLeaderboard(await store.outcomeCounts(), { method: 'bt', bootstrap: 0, seed: 1 });
    const bt = s(t);
    t = performance.now();
    const table = await store.comparisonTable({ withStyle: true });
    const load = s(t);
    results[name] = { lb: JSON.stringify(lb), n: table.pA.length };
    console.log(
      `backends: ${name}: import ${r.inserted.comparisons.toLocaleString('en')} battles ${imp} s; BT leaderboard from outcome counts ${bt} s; ` +
        `comparison table with style (1M rows) ${load} s`,
    );
    await store.close();
  }
  console.log(`backends: identical BT leaderboards: ${results.SQLite.lb === results.PostgreSQL.lb}`);
  const [from, to] = [openStore(join(dir, 'b.db')), openStore(await pg.createDatabase())];
  const t = performance.now();
  await copyStore(from, to);
  console.log(`backends: winrate copy SQLite → PostgreSQL, 1M battles: ${s(t)} s`);
  await Promise.all([from.close(), to.close()]);
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
