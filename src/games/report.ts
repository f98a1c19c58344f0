import type { MatchResult } from '../core/model.js';
import { gameElo } from '../stats/game-elo.js';
import { meanWithError } from '../stats/descriptive.js';
import { levelAtHalf, likelihoodOfSuperiority } from '../stats/games.js';
import { discreteScore } from './pairs.js';

/** One player's record over its games. */
export interface PlayerRow {
  player: string;
  games: number;
  wins: number;
  draws: number;
  losses: number;
  /** Mean score in percent with a 95% normal CI. */
  score: number;
  score_ci_low: number;
  score_ci_high: number;
  /** Mean points (chips) per 100 games with its standard error, when the results carry points. */
  points_per_100: number | null;
  points_per_100_se: number | null;
  /** The opponent level at which the player scores 50%, with 95% CI, when opponents have levels. */
  level_50: number | null;
  level_50_ci_low: number | null;
  level_50_ci_high: number | null;
}

/** One player against one opponent. */
export interface HeadToHeadRow {
  player: string;
  opponent: string;
  games: number;
  wins: number;
  draws: number;
  losses: number;
  score: number;
  score_ci_low: number;
  score_ci_high: number;
  elo: number;
  elo_ci_low: number;
  elo_ci_high: number;
  los: number;
}

/**
 * The game report: per player (record, score with CI, points per 100 games, level at 50%) and per ordered
 * pair (record, score with CI, Elo difference with CI and LOS from the trinomial, as fishtest's fixed-games
 * estimate). Scores are A's in [0, 1]; fractional scores count as they are in means, discretised for W/D/L.
 */
export function gamesReport(
  matches: MatchResult[],
  player?: string,
): { players: PlayerRow[]; head_to_head: HeadToHeadRow[] } {
  const per = new Map<string, { scores: number[]; points: number[]; levels: number[]; levelScores: number[] }>();
  const pairs = new Map<string, number[]>();
  const add = (
    p: string,
    o: string,
    s: number,
    pts: number | null | undefined,
    level: number | null | undefined,
  ): void => {
    let e = per.get(p);
    if (!e) per.set(p, (e = { scores: [], points: [], levels: [], levelScores: [] }));
    e.scores.push(s);
    if (pts !== null && pts !== undefined) e.points.push(pts);
    if (level !== null && level !== undefined) {
      e.levels.push(level);
      e.levelScores.push(s);
    }
    const k = `${p}\u0000${o}`;
    pairs.set(k, [...(pairs.get(k) ?? []), s]);
  };
  for (const m of matches) {
    add(m.playerA, m.playerB, m.scoreA, m.pointsA, m.opponentLevel);
    add(m.playerB, m.playerA, 1 - m.scoreA, m.pointsA === null || m.pointsA === undefined ? null : -m.pointsA, null);
  }
  const wdl = (xs: number[]) => {
    const d = xs.map(discreteScore);
    return {
      wins: d.filter((s) => s === 1).length,
      draws: d.filter((s) => s === 0.5).length,
      losses: d.filter((s) => s === 0).length,
    };
  };
  const players: PlayerRow[] = [...per.entries()]
    .filter(([p]) => !player || p === player)
    .map(([p, e]) => {
      const s = meanWithError(e.scores);
      const pts = e.points.length > 1 ? meanWithError(e.points) : null;
      const lvl = e.levels.length > 2 ? levelAtHalf(e.levels, e.levelScores) : null;
      return {
        player: p,
        games: e.scores.length,
        ...wdl(e.scores),
        score: 100 * s.mean,
        score_ci_low: 100 * s.ci_low,
        score_ci_high: 100 * s.ci_high,
        points_per_100: pts ? 100 * pts.mean : null,
        points_per_100_se: pts ? 100 * pts.se : null,
        level_50: lvl?.level ?? null,
        level_50_ci_low: lvl?.ci_low ?? null,
        level_50_ci_high: lvl?.ci_high ?? null,
      };
    })
    .sort((a, b) => b.score - a.score || a.player.localeCompare(b.player));
  const head: HeadToHeadRow[] = [...pairs.entries()]
    .map(([k, xs]) => {
      const [p, o] = k.split('\u0000');
      const r = wdl(xs);
      const s = meanWithError(xs);
      const e = gameElo([r.losses, r.draws, r.wins]);
      return {
        player: p,
        opponent: o,
        games: xs.length,
        ...r,
        score: 100 * s.mean,
        score_ci_low: 100 * s.ci_low,
        score_ci_high: 100 * s.ci_high,
        elo: e.elo,
        elo_ci_low: e.ci_low,
        elo_ci_high: e.ci_high,
        los: likelihoodOfSuperiority(xs),
      };
    })
    .filter((h) => !player || h.player === player)
    .sort((a, b) => a.player.localeCompare(b.player) || a.opponent.localeCompare(b.opponent));
  return { players, head_to_head: head };
}
