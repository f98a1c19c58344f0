import type { Command } from 'commander';
import { QueryError } from '../../core/errors.js';
import { judgeReport } from '../../leaderboard/judge-report.js';
import { openStore } from '../../store/open.js';

/** `winrate judges`: reliability of each judge and agreement between judges. */
export function registerJudges(program: Command): void {
  program
    .command('judges')
    .description(
      "judges' swap consistency and position bias, and agreement between them (Cohen's κ per pair, Fleiss' κ, Krippendorff's α)",
    )
    .option('--dataset <name>', 'restrict to one dataset')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { dataset?: string; format: string }) => {
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const t = await store.comparisonTable({ dataset: o.dataset, includeFailed: true });
        if (t.a.length === 0) throw new QueryError('EMPTY_STORE', 'the store has no comparisons');
        const r = judgeReport(t);
        if (o.format === 'json') {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const f = (v: number | null, d = 3): string => (v === null || Number.isNaN(v) ? '—' : v.toFixed(d));
        const w = Math.max(5, ...r.judges.map((j) => j.judge.length));
        const lines = [
          `${'judge'.padEnd(w)}  ${'games'.padStart(6)}  ${'failed'.padStart(6)}  ${'ties'.padStart(5)}  swap-consistency  position-bias`,
        ];
        for (const j of r.judges)
          lines.push(
            `${j.judge.padEnd(w)}  ${String(j.games).padStart(6)}  ${String(j.failed).padStart(6)}  ${f(j.tie_rate, 2).padStart(5)}  ${f(j.swap_consistency).padStart(16)}  ${f(j.position_bias).padStart(13)}`,
          );
        if (r.pairs.length) {
          lines.push('', "Cohen's κ between judges");
          for (const p of r.pairs)
            lines.push(`  ${p.judge_a} × ${p.judge_b}: ${f(p.cohen_kappa)} over ${p.units} comparisons`);
          lines.push(
            `Fleiss' κ ${f(r.fleiss_kappa)} · Krippendorff's α ${f(r.krippendorff_alpha)} over ${r.units} comparisons`,
          );
        }
        lines.push(
          '',
          'bias: P(longer wins) (95% CI) · length slope per 1,000 chars (95% CI) · self-preference · most order flips',
        );
        for (const b of r.bias) {
          const l = b.length;
          const len = l
            ? `${f(l.p_longer_wins)} (${f(l.p_longer_ci_low)}–${f(l.p_longer_ci_high)}) · ${f(l.slope_per_1000_chars, 2)} (${f(l.slope_ci_low, 2)}–${f(l.slope_ci_high, 2)})`
            : '—';
          const self = b.self_preference
            ? `${b.self_preference.family} ${b.self_preference.difference >= 0 ? '+' : ''}${f(b.self_preference.difference, 1)} points over ${b.self_preference.units}`
            : '—';
          const flips =
            b.flips
              .slice(0, 3)
              .map((x) => `${x.system} ${f(100 * x.flip_rate, 0)}%`)
              .join(', ') || '—';
          lines.push(`  ${b.judge}: ${len} · ${self} · ${flips}`);
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
