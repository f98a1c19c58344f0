import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ArgumentError } from '../../core/errors.js';
import { judgeReport } from '../../leaderboard/judge-report.js';
import { tokenHash } from '../../server/token.js';
import { openStore } from '../../store/open.js';

/** `winrate study create|invite|export|quality`: human side-by-side studies whose votes become comparisons. */
export function registerStudy(program: Command): void {
  const study = program.command('study').description('human side-by-side voting studies (served by winrate serve at /vote/STUDY)');
  const open = () => openStore(program.opts<{ db?: string }>().db);

  study.command('create')
    .description('create a study from the items on which the systems have responses')
    .requiredOption('--name <name>', 'study name')
    .option('--baseline <system>', 'compare every system with this one')
    .option('--all-pairs', 'compare every pair of systems')
    .option('--systems <names>', 'comma-separated systems (default: all)')
    .option('--votes <n>', 'votes wanted per task', '1')
    .option('--gold <file>', 'JSON object: item key → the system that must win (or "tie"), for annotator quality')
    .option('--dataset <name>', 'dataset of the items')
    .action(async (o: { name: string; baseline?: string; allPairs?: boolean; systems?: string; votes: string; gold?: string; dataset?: string }) => {
      if (!o.baseline === !o.allPairs) throw new ArgumentError('choose the design: --baseline SYSTEM or --all-pairs');
      const store = open();
      try {
        const gold = o.gold ? (JSON.parse(readFileSync(o.gold, 'utf8')) as Record<string, string>) : undefined;
        const r = await store.createStudy({
          name: o.name, dataset: o.dataset, design: o.baseline ? { kind: 'baseline', baseline: o.baseline } : { kind: 'all-pairs' },
          systems: o.systems?.split(',').map((s) => s.trim()), votesWanted: Number(o.votes), gold,
        });
        process.stdout.write(`study ${o.name}: ${r.tasks} tasks (${r.gold} gold)\n`);
      } finally {
        await store.close();
      }
    });

  study.command('invite')
    .description('add an annotator and print their voting link (the token is shown once; only its hash is stored)')
    .requiredOption('--study <name>', 'study')
    .requiredOption('--annotator <name>', 'annotator name (becomes judge "human:NAME")')
    .option('--url <base>', 'base URL of winrate serve', 'http://127.0.0.1:8787')
    .action(async (o: { study: string; annotator: string; url: string }) => {
      const store = open();
      try {
        const token = randomBytes(24).toString('base64url');
        await store.addAnnotator(o.study, o.annotator, tokenHash(token));
        process.stdout.write(`${o.url.replace(/\/$/, '')}/vote/${encodeURIComponent(o.study)}?token=${token}\n`);
      } finally {
        await store.close();
      }
    });

  study.command('export')
    .description('every vote as JSON Lines (task, item, annotator, systems, side shown left, choice, winner, gold, reason, time)')
    .requiredOption('--study <name>', 'study')
    .action(async (o: { study: string }) => {
      const store = open();
      try {
        for (const v of await store.studyVotes(o.study)) process.stdout.write(`${JSON.stringify(v)}\n`);
      } finally {
        await store.close();
      }
    });

  study.command('quality')
    .description("per annotator: votes, gold accuracy, position bias; agreement between annotators (Cohen's/Fleiss' κ, Krippendorff's α)")
    .requiredOption('--study <name>', 'study')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { study: string; format: string }) => {
      const store = open();
      try {
        const votes = await store.studyVotes(o.study);
        const names = [...new Set(votes.map((v) => v.annotator))];
        const per = names.map((a) => {
          const mine = votes.filter((v) => v.annotator === a);
          const gold = mine.filter((v) => v.gold !== null);
          const sided = mine.filter((v) => v.choice === 'left' || v.choice === 'right');
          return {
            annotator: a, votes: mine.length,
            gold_accuracy: gold.length ? gold.filter((v) => v.winner === v.gold).length / gold.length : null, gold_items: gold.length,
            position_bias: sided.length ? sided.filter((v) => v.choice === 'left').length / sided.length - 0.5 : null,
          };
        });
        const agreement = judgeReport(await store.comparisonTable({ judges: names.map((n) => `human:${n}`), includeFailed: true }));
        const r = { annotators: per, agreement: { pairs: agreement.pairs, fleiss_kappa: agreement.fleiss_kappa, krippendorff_alpha: agreement.krippendorff_alpha } };
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          const f = (v: number | null): string => (v === null || Number.isNaN(v) ? '—' : v.toFixed(3));
          process.stdout.write(`${per.map((p) => `${p.annotator}: ${p.votes} votes, gold accuracy ${f(p.gold_accuracy)} (${p.gold_items}), position bias ${f(p.position_bias)}`).join('\n')}\n`
            + `${agreement.pairs.map((p) => `κ ${p.judge_a} × ${p.judge_b}: ${f(p.cohen_kappa)} (${p.units})`).join('\n')}\nFleiss' κ ${f(agreement.fleiss_kappa)} · Krippendorff's α ${f(agreement.krippendorff_alpha)}\n`);
        }
      } finally {
        await store.close();
      }
    });
}
