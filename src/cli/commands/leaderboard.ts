import type { Command } from 'commander';
import { leaderboardFromStore } from '../../leaderboard/from-store.js';
import { openStore } from '../../store/open.js';
import { toCsv, toJson, toMarkdown } from '../format/delimited.js';
import { toTable } from '../format/table.js';
import { withOptions } from '../options.js';

interface LeaderboardOpts {
  baseline?: string;
  judge?: string;
  dataset?: string;
  format: 'table' | 'json' | 'csv' | 'md';
  bootstrap: number;
  seed: number;
  alpacaLc: boolean;
}

/** `winrate leaderboard`: win rates and LC win rates of every system against a baseline. */
export function registerLeaderboard(program: Command): void {
  withOptions(program.command('leaderboard').description('win rates (raw and length-controlled) against a baseline'),
    ['baseline', 'judge', 'dataset', 'format', 'bootstrap', 'seed', 'alpacaLc'])
    .action(async (opts: LeaderboardOpts) => {
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const rows = await leaderboardFromStore(store, {
          judge: opts.judge, dataset: opts.dataset, baseline: opts.baseline, bootstrap: opts.bootstrap, seed: opts.seed, alpacaEvalLc: opts.alpacaLc,
        });
        const out = { table: toTable, json: toJson, csv: toCsv, md: toMarkdown }[opts.format](rows);
        process.stdout.write(out);
      } finally {
        await store.close();
      }
    });
}
