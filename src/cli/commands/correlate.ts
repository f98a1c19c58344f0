import type { Command } from 'commander';
import { QueryError } from '../../core/errors.js';
import { readLeaderboardFile } from '../../io/leaderboard-file.js';
import { kendallTauB, pearson, spearman } from '../../stats/correlation.js';

/** `winrate correlate A B`: Spearman, Kendall τ-b and Pearson between two leaderboards over their common systems. */
export function registerCorrelate(program: Command): void {
  program
    .command('correlate')
    .description(
      'agreement of two leaderboards (e.g. a benchmark against Chatbot Arena Elo): Spearman, Kendall τ-b, Pearson',
    )
    .argument('<a>', 'leaderboard file (JSON from winrate leaderboard --format json, CSV, or JSON keyed by system)')
    .argument('<b>', 'reference leaderboard file')
    .option('--column-a <name>', 'value column of A (default: first of score, rating, lc_win_rate, win_rate, ...)')
    .option('--column-b <name>', 'value column of B')
    .option('--format <format>', 'table or json', 'table')
    .action((fa: string, fb: string, o: { columnA?: string; columnB?: string; format: string }) => {
      const a = readLeaderboardFile(fa, o.columnA);
      const b = readLeaderboardFile(fb, o.columnB);
      const common = [...a.values.keys()].filter((s) => b.values.has(s)).sort();
      if (common.length < 3)
        throw new QueryError(
          'UNKNOWN_SYSTEM',
          `only ${common.length} systems in common between ${fa} and ${fb}; need at least 3`,
        );
      const x = Float64Array.from(common, (s) => a.values.get(s)!);
      const y = Float64Array.from(common, (s) => b.values.get(s)!);
      const r = {
        n: common.length,
        column_a: a.column,
        column_b: b.column,
        spearman: spearman(x, y),
        kendall_tau_b: kendallTauB(x, y),
        pearson: pearson(x, y),
        systems: common,
      };
      if (o.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      else
        process.stdout.write(
          `${r.n} systems in common (${a.column} vs ${b.column})\nSpearman ρ   ${r.spearman.toFixed(4)}\nKendall τ-b  ${r.kendall_tau_b.toFixed(4)}\nPearson r    ${r.pearson.toFixed(4)}\n`,
        );
    });
}
