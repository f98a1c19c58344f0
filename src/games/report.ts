import type { MatchResult } from '../core/model.js';
import { meanWithError } from '../stats/descriptive.js';
import { levelAtHalf, likelihoodOfSuperiority } from '../stats/games.js';
import { scoreEstimate } from '../stats/score-interval.js';
import { discreteScore } from './pairs.js';

/** One player's record over its games. */
export interface PlayerRow {
  player: string;
  games: number;
  wins: number;
  draws: number;
  losses: number;
  /** Mean score in percent with a 95% interval inside [0, 100] (Wilson at the effective sample size). */
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

/** One pair of players, from the side of `player` (the one scoring at least half, or the one asked for). */
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

/** One player's games: per game its score, points and the opponent's level (null when unknown). */
interface Games {
  scores: number[];
  points: (number | null)[];
  levels: (number | null)[];
}

/**
 * Each player's games, a contest (team match, ranking) counted once: its score, points and opponent level are the
 * means over the player's pairwise outcomes in it (a team member's outcomes all carry the team's result; in a ranking
 * the score is the share of opponents beaten). Levels: `opponentLevel` is B's level (A's games), `levelA` A's (B's).
 */
function playerGames(matches: MatchResult[]): Map<string, Games> {
  type Contest = { s: number[]; p: (number | null)[]; l: number[] };
  const per = new Map<string, Map<string, Contest>>();
  const add = (p: string, key: string, s: number, pts: number | null, level: number | null): void => {
    let games = per.get(p);
    if (!games) per.set(p, (games = new Map<string, Contest>()));
    let g = games.get(key);
    if (!g) games.set(key, (g = { s: [], p: [], l: [] }));
    g.s.push(s);
    g.p.push(pts);
    if (level !== null) g.l.push(level);
  };
  matches.forEach((m, i) => {
    const key = m.contest ? `${m.game}\u0000${m.contest}` : `#${i}`;
    const pts = m.pointsA ?? null;
    add(m.playerA, key, m.scoreA, pts, m.opponentLevel ?? null);
    add(m.playerB, key, 1 - m.scoreA, pts === null ? null : -pts, m.levelA ?? null);
  });
  const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  const out = new Map<string, Games>();
  for (const [p, games] of per) {
    const g: Games = { scores: [], points: [], levels: [] };
    for (const x of games.values()) {
      g.scores.push(avg(x.s));
      const pts = x.p.filter((v): v is number => v !== null);
      g.points.push(pts.length === x.p.length ? avg(pts) : null);
      g.levels.push(x.l.length > 0 ? avg(x.l) : null);
    }
    out.set(p, g);
  }
  return out;
}

/** Wins, draws and losses of discretised scores (a fraction above ½ is a win). */
function wdl(xs: number[]): { wins: number; draws: number; losses: number } {
  const d = xs.map(discreteScore);
  return {
    wins: d.filter((s) => s === 1).length,
    draws: d.filter((s) => s === 0.5).length,
    losses: d.filter((s) => s === 0).length,
  };
}

/** A player's row: record, score with interval, points per 100 games, level at 50%. */
function playerRow(player: string, g: Games): PlayerRow {
  const s = scoreEstimate(g.scores);
  const pts = g.points.filter((v): v is number => v !== null);
  const pe = pts.length > 1 ? meanWithError(pts) : null;
  const idx = g.levels.flatMap((l, i) => (l === null ? [] : [i]));
  const lvl =
    idx.length > 2
      ? levelAtHalf(
          idx.map((i) => g.levels[i]!),
          idx.map((i) => g.scores[i]),
        )
      : null;
  return {
    player,
    games: g.scores.length,
    ...wdl(g.scores),
    score: 100 * s.score,
    score_ci_low: 100 * s.ci_low,
    score_ci_high: 100 * s.ci_high,
    points_per_100: pe ? 100 * pe.mean : null,
    points_per_100_se: pe ? 100 * pe.se : null,
    level_50: lvl?.level ?? null,
    level_50_ci_low: lvl?.ci_low ?? null,
    level_50_ci_high: lvl?.ci_high ?? null,
  };
}

/** A pair's row from `p`'s side: record, score with interval, Elo (the score's logistic transform) with interval. */
function pairRow(p: string, o: string, xs: number[]): HeadToHeadRow {
  const s = scoreEstimate(xs);
  return {
    player: p,
    opponent: o,
    games: xs.length,
    ...wdl(xs),
    score: 100 * s.score,
    score_ci_low: 100 * s.ci_low,
    score_ci_high: 100 * s.ci_high,
    elo: s.elo,
    elo_ci_low: s.elo_ci_low,
    elo_ci_high: s.elo_ci_high,
    los: likelihoodOfSuperiority(xs),
  };
}

/**
 * The game report: per player (record, score with interval, points per 100 games, level at 50%) and per pair of
 * players, once, from the side of the player scoring at least half (or of `player` when given): record, score with
 * interval, Elo difference with interval and LOS. Scores are in [0, 1] (fractions count as they are in means and are
 * discretised for W/D/L); every interval lies in its range and contains its point (see {@link scoreEstimate}).
 */
export function gamesReport(
  matches: MatchResult[],
  player?: string,
): { players: PlayerRow[]; head_to_head: HeadToHeadRow[] } {
  const players = [...playerGames(matches)]
    .filter(([p]) => !player || p === player)
    .map(([p, g]) => playerRow(p, g))
    .sort((a, b) => b.score - a.score || a.player.localeCompare(b.player));
  const pairs = new Map<string, { x: string; y: string; xs: number[] }>();
  for (const m of matches) {
    const [x, y] = m.playerA < m.playerB ? [m.playerA, m.playerB] : [m.playerB, m.playerA];
    const k = `${x}\u0000${y}`;
    let e = pairs.get(k);
    if (!e) pairs.set(k, (e = { x, y, xs: [] }));
    e.xs.push(m.playerA === x ? m.scoreA : 1 - m.scoreA);
  }
  const head = [...pairs.values()]
    .filter((e) => !player || e.x === player || e.y === player)
    .map((e) => {
      const xFirst = player ? e.x === player : e.xs.reduce((a, b) => a + b, 0) >= e.xs.length / 2;
      return xFirst
        ? pairRow(e.x, e.y, e.xs)
        : pairRow(
            e.y,
            e.x,
            e.xs.map((s) => 1 - s),
          );
    })
    .sort((a, b) => a.player.localeCompare(b.player) || a.opponent.localeCompare(b.opponent));
  return { players, head_to_head: head };
}
