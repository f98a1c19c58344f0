import type { Command } from 'commander';
import { flagLabel, systemFlags } from '../../integrity/format.js';
import { isPostgresUrl, openStore, resolveDbPath } from '../../store/open.js';
import { redactUrl } from '../../store/postgres/pg-store.js';

/** `winrate status`: what the store holds, what each judge spent, and the integrity flags of the last audit. */
export function registerStatus(program: Command): void {
  program
    .command('status')
    .description('summarise what the store holds, judge spend and integrity flags')
    .action(async () => {
      const path = resolveDbPath(program.opts<{ db?: string }>().db);
      const store = openStore(path);
      try {
        const s = await store.stats();
        const lines = [
          `store: ${redactUrl(path)}`,
          `items: ${s.items}`,
          `systems: ${s.systems}`,
          `responses: ${s.responses}`,
          `comparisons: ${s.comparisons} (+${s.failedComparisons} failed)`,
          `grades: ${s.grades}`,
          `matches: ${s.matches}`,
          `judges: ${s.judges.join(', ') || '—'}`,
        ];
        for (const j of s.judges) {
          const spend = await store.judgeSpend(j);
          if (spend.calls > 0)
            lines.push(
              `  ${j}: ${spend.calls} paid calls, ${spend.unpriced === spend.calls ? 'cost unknown (no price)' : `$${spend.cost.toFixed(4)}${spend.unpriced ? ` + ${spend.unpriced} unpriced` : ''}`}`,
            );
        }
        const flags = [...systemFlags(await store.findings())].filter(([, f]) => f.severity !== null);
        lines.push(
          `integrity: ${flags.length ? flags.map(([sys, f]) => `${sys} ${flagLabel(f)}`).join('; ') : 'no flags (or not audited: winrate audit)'}`,
        );
        if (isPostgresUrl(path)) {
          const { queueStatus, formatQueueStatus } = await import('../../queue/queue-status.js');
          const q = await queueStatus(path, program.opts<{ queue?: string }>().queue ?? 'winrate-judge');
          if (q && q.judges.length) lines.push(...formatQueueStatus(q));
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
