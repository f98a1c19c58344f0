import type { Command } from 'commander';
import { openStore, resolveDbPath } from '../../store/open.js';

/** `winrate status`: what the store holds. */
export function registerStatus(program: Command): void {
  program.command('status').description('summarise what the store holds').action(async () => {
    const path = resolveDbPath(program.opts<{ db?: string }>().db);
    const store = openStore(path);
    try {
      const s = await store.stats();
      process.stdout.write(`store: ${path}\nitems: ${s.items}\nsystems: ${s.systems}\nresponses: ${s.responses}\ncomparisons: ${s.comparisons} (+${s.failedComparisons} failed)\ngrades: ${s.grades}\nmatches: ${s.matches}\njudges: ${s.judges.join(', ') || '—'}\n`);
    } finally {
      await store.close();
    }
  });
}
