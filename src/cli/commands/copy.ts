import type { Command } from 'commander';
import { openStore } from '../../store/open.js';
import { redactUrl } from '../../store/postgres/pg-store.js';
import { progressBar } from '../progress.js';

/**
 * `winrate copy --from SRC --to DST`: moves a store between backends (SQLite file ⇄ PostgreSQL URL), verified by
 * counts.
 */
export function registerCopy(program: Command): void {
  program
    .command('copy')
    .description('copy a store into a new one, e.g. from the SQLite file to PostgreSQL, verified by counts')
    .requiredOption('--from <store>', 'source: a SQLite file or a postgres:// URL')
    .requiredOption('--to <store>', 'destination: a new SQLite file or an empty PostgreSQL database (postgres:// URL)')
    .action(async (opts: { from: string; to: string }) => {
      const { copyStore } = await import('../../store/copy.js');
      const from = openStore(opts.from, { mustExist: true });
      const to = openStore(opts.to);
      const bar = progressBar('copying');
      try {
        const r = await copyStore(from, to, bar.update);
        bar.stop();
        const s = r.destination;
        process.stderr.write(
          `copied ${redactUrl(opts.from)} → ${redactUrl(opts.to)}: ${s.items} items, ${s.systems} systems, ${s.responses} responses, ` +
            `${s.comparisons} comparisons (+${s.failedComparisons} failed), ${s.grades} grades, ${s.matches} match results, ${r.cache} cached judge ` +
            `responses, ${r.findings} findings; counts verified\n`,
        );
        if (r.studiesLeft > 0)
          process.stderr.write(
            `note: ${r.studiesLeft} human stud${r.studiesLeft === 1 ? 'y was' : 'ies were'} not copied (their votes were, as comparisons)\n`,
          );
      } finally {
        bar.stop();
        await Promise.all([from.close(), to.close()]);
      }
    });
}
