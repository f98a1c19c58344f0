import type { Command } from 'commander';
import { finiteNumber } from '../options.js';
import { ArgumentError } from '../../core/errors.js';
import { recordLines } from '../format/record.js';

const num = finiteNumber;

interface PlanFlags {
  elo0: number;
  elo1: number;
  alpha: number;
  beta: number;
  drawRatio: number;
  rmsBias: number;
  eloModel: string;
  elo?: number[];
  ciWidth?: number;
  winRate: number;
  format: string;
}

/** `winrate plan`: an SPRT's pass probability and expected games, or the games a win-rate CI of a given width needs. */
export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description(
      "plan an evaluation: an SPRT's pass probability and expected games at given true Elo (fishtest's characteristics), or the sample size for a CI width",
    )
    .option('--elo0 <elo>', 'H0', num('--elo0'), 0)
    .option('--elo1 <elo>', 'H1', num('--elo1'), 5)
    .option('--alpha <p>', 'false positive rate', num('--alpha'), 0.05)
    .option('--beta <p>', 'false negative rate', num('--beta'), 0.05)
    .option('--draw-ratio <d>', 'share of draws (ties)', num('--draw-ratio'), 0)
    .option('--rms-bias <elo>', 'RMS bias of the openings / items in Elo', num('--rms-bias'), 0)
    .option('--elo-model <model>', "normalized (fishtest's model for new tests) or logistic", 'normalized')
    .option('--elo <elo...>', 'true logistic Elo values to evaluate (default: around the bounds)')
    .option(
      '--ci-width <points>',
      'instead: games for a win-rate CI of this total width, in percentage points',
      num('--ci-width'),
    )
    .option('--win-rate <percent>', 'expected win rate for --ci-width', num('--win-rate'), 50)
    .option('--format <format>', 'table or json', 'table')
    .action(async (f: PlanFlags) => {
      const { ciSampleSize, sprtCharacteristics } = await import('../../stats/sprt-plan.js');
      if (f.ciWidth !== undefined) {
        if (!(f.ciWidth > 0 && f.winRate >= 0 && f.winRate <= 100))
          throw new ArgumentError('--ci-width must be positive and --win-rate in [0, 100]');
        const games = ciSampleSize({ winRate: f.winRate / 100, halfWidth: f.ciWidth / 200, drawRatio: f.drawRatio });
        const r = { win_rate: f.winRate, ci_width: f.ciWidth, draw_ratio: f.drawRatio, games };
        process.stdout.write(f.format === 'json' ? `${JSON.stringify(r, null, 2)}\n` : recordLines(r));
        return;
      }
      if (!(f.elo1 > f.elo0)) throw new ArgumentError('--elo1 must be greater than --elo0');
      const model = f.eloModel.toLowerCase();
      if (model !== 'logistic' && model !== 'normalized')
        throw new ArgumentError('--elo-model must be logistic or normalized');
      const elos = f.elo?.map((e) => num('--elo')(String(e)));
      const r = sprtCharacteristics(
        { elo0: f.elo0, elo1: f.elo1, alpha: f.alpha, beta: f.beta, drawRatio: f.drawRatio, rmsBias: f.rmsBias, model },
        elos,
      );
      if (f.format === 'json') {
        process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
        return;
      }
      const lines = [
        `SPRT [${f.elo0}, ${f.elo1}] (${model}) α=${f.alpha} β=${f.beta}, draw ratio ${f.drawRatio}, RMS bias ${f.rmsBias}`,
        `logistic bounds [${r.logistic_elo0.toFixed(3)}, ${r.logistic_elo1.toFixed(3)}], variance per game ${r.per_game_variance.toFixed(5)}`,
        `${'true elo'.padStart(10)}  ${'pass prob.'.padStart(10)}  ${'expected games'.padStart(14)}`,
      ];
      for (const p of r.points)
        lines.push(
          `${p.logistic_elo.toFixed(3).padStart(10)}  ${p.pass_probability.toFixed(4).padStart(10)}  ${Math.round(p.expected_games).toString().padStart(14)}`,
        );
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
