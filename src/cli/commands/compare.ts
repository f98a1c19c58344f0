import { nameList } from '../../core/name-list.js';
import type { Command } from 'commander';
import { finiteNumber } from '../options.js';
import { ArgumentError, WinrateError } from '../../core/errors.js';
import { openStore } from '../../store/open.js';
import { recordLines } from '../format/record.js';

const num = finiteNumber;

interface CompareFlags {
  baseline?: string;
  judge?: string;
  dataset?: string;
  format: string;
  bootstrap?: number;
  seed: number;
  failIfWorse?: boolean;
  level: number;
}

/** `winrate compare A B`: paired test of two systems, and a CI gate with --fail-if-worse. */
export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description(
      'paired test of two systems on the same items (scipy ttest_rel): difference in win-rate points, 95% CI, p-value; --fail-if-worse for CI',
    )
    .argument('<a>', 'system A (e.g. the new release)')
    .argument('<b>', 'system B (e.g. the current one)')
    .option(
      '--baseline <system>',
      'the common baseline (default: A against B directly, else their most common opponent)',
    )
    .option('--judge <name>', 'judge whose comparisons to use')
    .option('--dataset <name>', 'restrict to one dataset')
    .option('--bootstrap <rounds>', 'also a seeded percentile bootstrap CI', num('--bootstrap'))
    .option('--seed <n>', 'bootstrap seed', num('--seed'), 0)
    .option('--level <alpha>', 'significance level of --fail-if-worse', num('--level'), 0.05)
    .option('--fail-if-worse', 'exit 7 when A is significantly worse than B')
    .option('--format <format>', 'table, json or md', 'table')
    .action(async (a: string, b: string, f: CompareFlags) => {
      if (!(f.level > 0 && f.level < 1)) throw new ArgumentError('--level must be in (0, 1)');
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const t = await store.comparisonTable({ judge: f.judge, dataset: f.dataset });
        if (new Set(t.judge).size > 1)
          throw new ArgumentError(`comparisons from several judges (${nameList(t.judges)}): choose one with --judge`);
        const { compareSystems } = await import('../../leaderboard/compare.js');
        const r = compareSystems(t, a, b, {
          baseline: f.baseline,
          bootstrap: f.bootstrap,
          seed: f.seed,
          confidence: 1 - f.level,
        });
        if (f.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else if (f.format === 'md') {
          process.stdout.write(
            `| ${Object.keys(r).join(' | ')} |\n|${Object.keys(r)
              .map(() => '---')
              .join('|')}|\n| ${Object.values(r)
              .map((v) => (typeof v === 'number' ? Number(v.toPrecision(6)) : String(v)))
              .join(' | ')} |\n`,
          );
        } else process.stdout.write(recordLines({ ...r }));
        if (f.failIfWorse && r.difference < 0 && r.p_value < f.level) {
          throw new WinrateError(
            'SIGNIFICANTLY_WORSE',
            `${a} is significantly worse than ${b}: ${r.difference.toFixed(2)} points (p = ${r.p_value.toPrecision(3)} < ${f.level})`,
          );
        }
      } finally {
        await store.close();
      }
    });
}
