// npm run calibrate — coverage of winrate's intervals by simulation from known truths, with Monte-Carlo errors, and
// the SPRT's realised error rates. Prints a Markdown table (the README's "Calibration" table comes from it).
// `npm run calibrate -- --sims 2000` for tighter Monte-Carlo errors (default 1000; BT rows use sims/5).
import {
  bradleyTerryCoverage,
  pairedCoverage,
  sprtErrorRates,
  winRateCoverage,
} from '../dist/leaderboard/calibration.js';

const at = process.argv.indexOf('--sims');
const sims = at > 0 ? Number(process.argv[at + 1]) : 1000;
const t0 = performance.now();
const rows = [
  ...winRateCoverage(sims, [10, 50, 200]),
  ...pairedCoverage(sims, [10, 50, 200]),
  ...(await bradleyTerryCoverage(Math.round(sims / 5), [4, 20], 0)),
  ...(await bradleyTerryCoverage(Math.round(sims / 5), [20], 0.25)),
  ...sprtErrorRates(Math.round(sims / 2)),
];
const pct = (x) => (100 * x).toFixed(1);
console.log('| interval (nominal 95%) | truth | n | sims | coverage % | ± MC s.e. | mean width |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const sprt = r.interval.startsWith('SPRT');
  console.log(
    `| ${r.interval} | ${r.truth} | ${sprt ? '—' : r.n} | ${r.sims} | ${sprt ? `${pct(r.coverage)} (error rate)` : pct(r.coverage)} | ` +
      `${pct(r.mc_error)} | ${sprt ? `${r.mean_width.toFixed(0)} games` : r.mean_width.toPrecision(3)} |`,
  );
}
console.error(`calibrate: ${rows.length} rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
