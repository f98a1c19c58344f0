import type { Command } from 'commander';
import { QueryError } from '../../core/errors.js';
import { openStore } from '../../store/open.js';

const f = (v: number | null, d = 1): string => (v === null || !Number.isFinite(v) ? '—' : v.toFixed(d));

/** `winrate games`: per-player records, head-to-head results with Elo and LOS, level at 50%, points per 100 games. */
export function registerGames(program: Command): void {
  program
    .command('games')
    .description(
      'match results: per player (score with CI, points per 100 games, opponent level at 50%), head-to-head (Elo with CI, LOS)',
    )
    .option('--game <name>', 'one game')
    .option('--player <name>', 'one player')
    .option('--format <format>', 'table or json', 'table')
    .action(async (o: { game?: string; player?: string; format: string }) => {
      const store = openStore(program.opts<{ db?: string }>().db);
      try {
        const matches = await store.matches(o.game);
        if (matches.length === 0)
          throw new QueryError(
            'EMPTY_STORE',
            'the store has no match results: import some with `winrate import matches FILE`',
          );
        const { gamesReport } = await import('../../games/report.js');
        const r = gamesReport(matches, o.player);
        if (r.players.length === 0) throw new QueryError('UNKNOWN_SYSTEM', `unknown player "${o.player}"`);
        if (o.format === 'json') {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const w = Math.max(6, ...r.players.map((p) => p.player.length));
        const lines = [
          `${'player'.padEnd(w)}  games     W     D     L  score (95% CI)        pts/100 ± SE     level@50% (95% CI)`,
        ];
        for (const p of r.players) {
          lines.push(
            `${p.player.padEnd(w)}  ${String(p.games).padStart(5)} ${String(p.wins).padStart(5)} ${String(p.draws).padStart(5)} ${String(p.losses).padStart(5)}  ` +
              `${f(p.score).padStart(5)} (${f(p.score_ci_low)}–${f(p.score_ci_high)})`.padEnd(22) +
              `${p.points_per_100 === null ? '—' : `${f(p.points_per_100)} ± ${f(p.points_per_100_se)}`}`.padEnd(17) +
              `${p.level_50 === null ? '—' : `${f(p.level_50)} (${f(p.level_50_ci_low)}–${f(p.level_50_ci_high)})`}`,
          );
        }
        lines.push('', 'head to head: player vs opponent  games  W-D-L  score (95% CI)  Elo (95% CI)  LOS');
        for (const h of r.head_to_head) {
          lines.push(
            `  ${h.player} vs ${h.opponent}  ${h.games}  ${h.wins}-${h.draws}-${h.losses}  ${f(h.score)} (${f(h.score_ci_low)}–${f(h.score_ci_high)})  ` +
              `${f(h.elo)} (${f(h.elo_ci_low)}–${f(h.elo_ci_high)})  ${f(100 * h.los)}%`,
          );
        }
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await store.close();
      }
    });
}
