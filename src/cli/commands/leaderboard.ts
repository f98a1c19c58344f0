import type { Command } from 'commander';
import type { LeaderboardOptions } from '../../leaderboard/method.js';
import { openStore } from '../../store/open.js';
import { toCsv, toJson, toMarkdown } from '../format/delimited.js';
import { toTable } from '../format/table.js';
import { withOptions } from '../options.js';
import { runLeaderboard } from '../../leaderboard/run.js';

type Opts = Omit<LeaderboardOptions, 'alpacaLc'> & {
  method: string;
  format: 'table' | 'json' | 'csv' | 'md';
  alpacaLc: boolean;
};

/** `winrate leaderboard`: any leaderboard method over the store, in any output format. */
export function registerLeaderboard(program: Command): void {
  withOptions(program.command('leaderboard').description('leaderboard of the systems in the store (see --method)'), [
    'method',
    'baseline',
    'judge',
    'dataset',
    'format',
    'bootstrap',
    'seed',
    'anchor',
    'styleControl',
    'k',
    'eloK',
    'jury',
    'alpacaLc',
    'groupBy',
  ]).action(async (opts: Opts) => {
    const store = openStore(program.opts<{ db?: string }>().db);
    try {
      const lb = await runLeaderboard(store, opts.method, opts);
      process.stdout.write({ table: toTable, json: toJson, csv: toCsv, md: toMarkdown }[opts.format](lb));
      for (const note of lb.notes ?? []) process.stderr.write(`note: ${note}\n`);
    } finally {
      await store.close();
    }
  });
}
