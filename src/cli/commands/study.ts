import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ArgumentError, InputError } from '../../core/errors.js';
import { judgeReport } from '../../leaderboard/judge-report.js';
import { tokenHash } from '../../server/token.js';
import { openStore } from '../../store/open.js';
import type { StudyStore } from '../../store/studies.js';
import { nameList } from '../../core/name-list.js';

/**
 * `winrate study create|invite|close|revoke|list|export|quality`: human side-by-side studies whose votes become
 * comparisons.
 */
export function registerStudy(program: Command): void {
  const study = program
    .command('study')
    .description('human side-by-side voting studies (served by winrate serve at /vote/STUDY)');
  const open = () => openStore(program.opts<{ db?: string }>().db);

  study
    .command('create')
    .description('create a study from the items on which the systems have responses')
    .requiredOption('--name <name>', 'study name')
    .option('--baseline <system>', 'compare every system with this one')
    .option('--all-pairs', 'compare every pair of systems')
    .option('--systems <names>', 'comma-separated systems (default: all)')
    .option('--votes <n>', 'votes wanted per task', '1')
    .option('--gold <file>', 'JSON object: item key → the system that must win (or "tie"), for annotator quality')
    .option('--dataset <name>', 'dataset of the items')
    .action(
      async (o: {
        name: string;
        baseline?: string;
        allPairs?: boolean;
        systems?: string;
        votes: string;
        gold?: string;
        dataset?: string;
      }) => {
        if (!o.baseline === !o.allPairs) throw new ArgumentError('choose the design: --baseline SYSTEM or --all-pairs');
        const votesWanted = Number(o.votes);
        if (!/^\d+$/.test(o.votes) || votesWanted < 1 || votesWanted > 1000)
          throw new ArgumentError(`--votes must be a whole number from 1 to 1000 (got "${o.votes}")`);
        if (o.name.trim() === '' || o.name.length > 200) throw new ArgumentError('--name must be 1 to 200 characters');
        const gold = o.gold ? readGold(o.gold) : undefined;
        const store = open();
        try {
          if ((await store.listStudies()).some((x) => x.name === o.name))
            throw new ArgumentError(`a study named "${o.name}" already exists (choose another --name)`);
          const r = await store.createStudy({
            name: o.name,
            dataset: o.dataset,
            design: o.baseline ? { kind: 'baseline', baseline: o.baseline } : { kind: 'all-pairs' },
            systems: o.systems?.split(',').map((s) => s.trim()),
            votesWanted,
            gold,
          });
          process.stdout.write(`study ${o.name}: ${r.tasks} tasks (${r.gold} gold)\n`);
        } finally {
          await store.close();
        }
      },
    );

  study
    .command('invite')
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

  study
    .command('close')
    .description(
      'close a study: no more tasks or votes; its votes become visible on the dashboard without the admin token',
    )
    .requiredOption('--study <name>', 'study')
    .action(async (o: { study: string }) => {
      const store = open();
      try {
        await store.closeStudy(o.study);
        process.stdout.write(`study ${o.study} closed\n`);
      } finally {
        await store.close();
      }
    });

  study
    .command('revoke')
    .description("revoke an annotator's link (their votes stay)")
    .requiredOption('--study <name>', 'study')
    .requiredOption('--annotator <name>', 'annotator name')
    .action(async (o: { study: string; annotator: string }) => {
      const store = open();
      try {
        await store.revokeAnnotator(o.study, o.annotator);
        process.stdout.write(`annotator ${o.annotator} of study ${o.study} revoked\n`);
      } finally {
        await store.close();
      }
    });

  study
    .command('list')
    .description('every study: open or closed, tasks, votes, annotators')
    .action(async () => {
      const store = open();
      try {
        for (const x of await store.listStudies()) {
          process.stdout.write(
            `${x.name}\t${x.open ? 'open' : 'closed'}\t${x.tasks} tasks × ${x.votesWanted} votes wanted\t${x.votes} votes\t${x.judges.length} annotators\n`,
          );
        }
      } finally {
        await store.close();
      }
    });

  study
    .command('export')
    .description(
      'every vote as JSON Lines (task, item, annotator, systems, side shown left, choice, winner, gold, reason, time)',
    )
    .requiredOption('--study <name>', 'study')
    .action(async (o: { study: string }) => {
      const store = open();
      try {
        await knownStudy(store, o.study);
        for (const v of await store.studyVotes(o.study)) process.stdout.write(`${JSON.stringify(v)}\n`);
      } finally {
        await store.close();
      }
    });

  study
    .command('quality')
    .description(
      "per annotator: votes, gold accuracy, position bias; agreement between annotators (Cohen's/Fleiss' κ, Krippendorff's α)",
    )
    .requiredOption('--study <name>', 'study')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { study: string; format: string }) => {
      const store = open();
      try {
        await knownStudy(store, o.study);
        const votes = await store.studyVotes(o.study);
        const names = [...new Set(votes.map((v) => v.annotator))];
        const per = names.map((a) => {
          const mine = votes.filter((v) => v.annotator === a);
          const gold = mine.filter((v) => v.gold !== null);
          // as `winrate judges`: mean P(the side shown first wins) − ½, a tie or "both bad" counting ½
          const firstScore = (c: string): number => (c === 'left' ? 1 : c === 'right' ? 0 : 0.5);
          return {
            annotator: a,
            votes: mine.length,
            gold_accuracy: gold.length ? gold.filter((v) => v.winner === v.gold).length / gold.length : null,
            gold_items: gold.length,
            position_bias: mine.length ? mine.reduce((s, v) => s + firstScore(v.choice), 0) / mine.length - 0.5 : null,
          };
        });
        const agreement = judgeReport(
          await store.comparisonTable({ judges: names.map((n) => `human:${n}`), includeFailed: true }),
        );
        const r = {
          annotators: per,
          agreement: {
            pairs: agreement.pairs,
            fleiss_kappa: agreement.fleiss_kappa,
            krippendorff_alpha: agreement.krippendorff_alpha,
          },
        };
        if (o.format === 'json') process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        else {
          const f = (v: number | null): string => (v === null || Number.isNaN(v) ? '—' : v.toFixed(3));
          process.stdout.write(
            `${per.map((p) => `${p.annotator}: ${p.votes} votes, gold accuracy ${f(p.gold_accuracy)} (${p.gold_items}), position bias ${f(p.position_bias)}`).join('\n')}\n` +
              `${agreement.pairs.map((p) => `κ ${p.judge_a} × ${p.judge_b}: ${f(p.cohen_kappa)} (${p.units})`).join('\n')}\nFleiss' κ ${f(agreement.fleiss_kappa)} · Krippendorff's α ${f(agreement.krippendorff_alpha)}\n`,
          );
        }
      } finally {
        await store.close();
      }
    });
}

/** Gold answers from a JSON file: an object of item key → system name or "tie"; errors name the file and key. */
function readGold(file: string): Record<string, string> {
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not valid JSON (${(e as Error).message})`;
    throw new InputError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'INPUT_PARSE', why, {
      file,
    });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new InputError('INPUT_FIELD', 'expected a JSON object of item key → winning system (or "tie")', { file });
  for (const [k, w] of Object.entries(v))
    if (typeof w !== 'string' || w === '')
      throw new InputError('INPUT_FIELD', `expected a system name or "tie" (got ${JSON.stringify(w)})`, {
        file,
        field: k,
      });
  return v as Record<string, string>;
}

/** Fails with the studies there are when `name` is not one of them (a typo must not print an empty report). */
async function knownStudy(store: StudyStore, name: string): Promise<void> {
  const all = (await store.listStudies()).map((s) => s.name);
  if (!all.includes(name)) throw new ArgumentError(`unknown study "${name}"; studies: ${nameList(all) || 'none'}`);
}
