import type { Command } from 'commander';
import { finiteNumber } from '../options.js';
import { ArgumentError } from '../../core/errors.js';
import { openStore } from '../../store/open.js';

const num = finiteNumber;
const pct = (v: number): string => (Number.isFinite(v) ? (100 * v).toFixed(1) : '—');

/** `winrate preferences` (reward-model and ranking accuracy) and `winrate best-of-n`. */
export function registerPreferences(program: Command): void {
  program
    .command('preferences')
    .description(
      'reward-model accuracy per subset with RewardBench section scores, ranking accuracy of policies (logp:*), idealized ranking accuracy',
    )
    .option('--dataset <name>', 'dataset of the preference pairs', 'preferences')
    .option('--judge <name>', 'one scorer')
    .option('--reference <judge>', 'reference model log-likelihoods (logp:NAME) for the idealized ranking accuracy')
    .option('--beta <beta>', 'β of the idealized ranking accuracy', num('--beta'))
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { dataset: string; judge?: string; reference?: string; beta?: number; format: string }) => {
      const { preferenceReport } = await import('../../leaderboard/preference-report.js');
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const r = await preferenceReport(store, o);
        if (o.format === 'json') {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const lines: string[] = [];
        for (const s of r.scorers) {
          lines.push(
            `${s.judge} (${s.kind === 'ranking' ? 'ranking accuracy' : 'reward-model accuracy'}): ${pct(s.accuracy)}% of ${s.n} pairs${s.ties ? `, ${s.ties} ties` : ''}`,
          );
          for (const sub of s.subsets) lines.push(`  ${sub.subset}: ${pct(sub.accuracy)}% of ${sub.n}`);
          if (s.rewardbench)
            lines.push(
              `  RewardBench: ${Object.entries(s.rewardbench)
                .map(([k, v]) => `${k} ${v.toFixed(2)}`)
                .join(' · ')}`,
            );
        }
        if (r.idealized)
          lines.push(
            `idealized ranking accuracy (${r.idealized.reference}, β = ${r.idealized.beta}): ${pct(r.idealized.accuracy)}% of ${r.idealized.n} pairs`,
          );
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });

  program
    .command('best-of-n')
    .description(
      'best-of-n win rate for n = 1..N from N scored samples per item judged against a baseline (unbiased over subsets)',
    )
    .requiredOption('--prefix <name>', 'the samples are the systems whose names start with this (e.g. policy@)')
    .requiredOption('--scorer <judge>', 'the judge whose grades score the samples (a reward model)')
    .requiredOption('--baseline <system>', 'the baseline the samples were judged against')
    .option('--judge <name>', 'judge of the comparisons')
    .option('--dataset <name>', 'restrict to one dataset')
    .option('--format <format>', 'table or json', 'table')
    .action(
      async (o: {
        prefix: string;
        scorer: string;
        baseline: string;
        judge?: string;
        dataset?: string;
        format: string;
      }) => {
        if (!o.prefix) throw new ArgumentError('--prefix must not be empty');
        const { bestOfNFromStore } = await import('../../leaderboard/preference-report.js');
        const store = openStore(program.opts<{ db?: string }>().db);
        try {
          const r = await bestOfNFromStore(store, o);
          if (o.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          else {
            process.stdout.write(
              `best-of-n against ${o.baseline}, ${r.samples} samples on ${r.items} items (scorer ${o.scorer})\n` +
                `${r.rows.map((x) => `  n = ${String(x.n).padStart(3)}: ${x.win_rate.toFixed(2)}% ± ${x.standard_error.toFixed(2)}`).join('\n')}\n`,
            );
          }
        } finally {
          await store.close();
        }
      },
    );
}
