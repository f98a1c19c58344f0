import type { Command } from 'commander';
import { finiteNumber } from '../options.js';
import { ArgumentError, QueryError, WinrateError } from '../../core/errors.js';
import type { HeadToHead } from '../../games/pairs.js';
import type { EloModel } from '../../stats/sprt.js';
import { openStore } from '../../store/open.js';
import { recordLines } from '../format/record.js';

const num = finiteNumber;

interface SprtFlags {
  wins?: number;
  draws?: number;
  losses?: number;
  pentanomial?: string;
  a?: string;
  b?: string;
  judge?: string;
  game?: string;
  elo0: number;
  elo1: number;
  alpha: number;
  beta: number;
  eloModel: string;
  format: string;
}

/** Counts from the flags, or X against Y from the store (paired games where both orders / colours exist). */
async function counts(
  f: SprtFlags,
  db: string | undefined,
): Promise<{ input: { wins?: number; draws?: number; losses?: number; pentanomial?: number[] }; h2h?: HeadToHead }> {
  if (f.a || f.b) {
    if (!f.a || !f.b) throw new ArgumentError('give both --a and --b');
    const { headToHeadFromComparisons, headToHeadFromMatches } = await import('../../games/pairs.js');
    const store = openStore(db);
    try {
      const matches = await store.matches(f.game);
      const fromMatches = matches.some(
        (m) => (m.playerA === f.a && m.playerB === f.b) || (m.playerA === f.b && m.playerB === f.a),
      );
      const h = fromMatches
        ? headToHeadFromMatches(matches, f.a, f.b)
        : headToHeadFromComparisons(await store.comparisonTable({ judge: f.judge }), f.a, f.b);
      const games = h.trinomial[0] + h.trinomial[1] + h.trinomial[2];
      if (games === 0)
        throw new QueryError('UNKNOWN_SYSTEM', `no games or comparisons between "${f.a}" and "${f.b}" in the store`);
      const [losses, draws, wins] = h.trinomial;
      return { input: { wins, draws, losses, ...(h.pairs > 0 ? { pentanomial: h.pentanomial } : {}) }, h2h: h };
    } finally {
      await store.close();
    }
  }
  if (f.pentanomial) {
    const p = f.pentanomial.split(',').map(Number);
    if (p.length !== 5 || p.some((x) => !Number.isInteger(x) || x < 0))
      throw new ArgumentError(
        `--pentanomial must be five non-negative integers N0,N1,N2,N3,N4 (got "${f.pentanomial}")`,
      );
    return { input: { pentanomial: p, wins: f.wins, draws: f.draws, losses: f.losses } };
  }
  if (f.wins === undefined && f.draws === undefined && f.losses === undefined)
    throw new ArgumentError('give --wins/--draws/--losses, --pentanomial, or --a X --b Y');
  for (const [flag, v] of [
    ['--wins', f.wins],
    ['--draws', f.draws],
    ['--losses', f.losses],
  ] as const) {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0))
      throw new ArgumentError(`${flag} must be a non-negative integer (got ${v})`);
  }
  return { input: { wins: f.wins ?? 0, draws: f.draws ?? 0, losses: f.losses ?? 0 } };
}

/** `winrate sprt`: fishtest's sequential probability ratio test on counts or on two systems of the store. */
export function registerSprt(program: Command): void {
  program
    .command('sprt')
    .description(
      'sequential probability ratio test, exactly as fishtest: LLR, bounds, decision, Elo with CI, LOS, nElo, stopping-corrected Elo',
    )
    .option('--wins <n>', 'wins of the tested side', num('--wins'))
    .option('--draws <n>', 'draws (ties)', num('--draws'))
    .option('--losses <n>', 'losses', num('--losses'))
    .option('--pentanomial <counts>', 'game pairs scoring 0,½,1,1½,2: N0,N1,N2,N3,N4')
    .option('--a <system>', 'tested system (from the store)')
    .option('--b <system>', 'reference system (from the store)')
    .option('--judge <name>', 'judge whose comparisons to use (store mode)')
    .option('--game <name>', 'game whose matches to use (store mode)')
    .option('--elo0 <elo>', 'H0: Elo difference', num('--elo0'), 0)
    .option('--elo1 <elo>', 'H1: Elo difference', num('--elo1'), 5)
    .option('--alpha <p>', 'false positive rate', num('--alpha'), 0.05)
    .option('--beta <p>', 'false negative rate', num('--beta'), 0.05)
    .option(
      '--elo-model <model>',
      "model of the bounds: normalized (fishtest's model for new tests), logistic or bayeselo (legacy)",
      'normalized',
    )
    .option('--format <format>', 'table or json', 'table')
    .action(async (f: SprtFlags) => {
      const model = f.eloModel.toLowerCase();
      if (!['logistic', 'normalized', 'bayeselo'].includes(model))
        throw new ArgumentError(`--elo-model must be logistic, normalized or bayeselo (got "${f.eloModel}")`);
      if (!(f.alpha > 0 && f.alpha < 1 && f.beta > 0 && f.beta < 1))
        throw new ArgumentError('--alpha and --beta must be in (0, 1)');
      if (!(f.elo1 > f.elo0)) throw new ArgumentError('--elo1 must be greater than --elo0');
      const { input, h2h } = await counts(f, program.opts<{ db?: string }>().db);
      const { sprt } = await import('../../stats/sprt.js');
      const r = sprt({
        ...input,
        elo0: f.elo0,
        elo1: f.elo1,
        alpha: f.alpha,
        beta: f.beta,
        eloModel: model as EloModel,
      });
      const out = {
        elo_model: model,
        ...r,
        ...(h2h
          ? { trinomial: h2h.trinomial, pentanomial: h2h.pentanomial, pairs: h2h.pairs, unpaired: h2h.unpaired }
          : {}),
      };
      process.stdout.write(f.format === 'json' ? `${JSON.stringify(out, null, 2)}\n` : recordLines(out));
      const bounds = `LLR ${r.llr.toFixed(2)} in [${r.lower_bound.toFixed(2)}, ${r.upper_bound.toFixed(2)}]`;
      if (r.decision === 'rejected')
        throw new WinrateError('SPRT_REJECTED', `H0 accepted (elo <= ${f.elo0}, ${model}): rejected, ${bounds}`);
      if (r.decision === 'continue')
        throw new WinrateError('SPRT_UNDECIDED', `not decided yet (${bounds}): more games are needed`);
    });
}
