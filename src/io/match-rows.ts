import { InputError } from '../core/errors.js';
import { describe } from './validate.js';

/** One two-player outcome read from a row, before it becomes a match and a comparison. */
export interface Outcome {
  a: string;
  b: string;
  scoreA: number;
  label: string;
  aFirst: boolean | null;
}

const RESULTS: Record<string, number> = {
  '1-0': 1,
  '0-1': 0,
  '1/2-1/2': 0.5,
  '½-½': 0.5,
  '0.5-0.5': 0.5,
  '=': 0.5,
  draw: 0.5,
};

/** A game result string (`1-0`, `0-1`, `1/2-1/2`, `½-½`, `0.5-0.5`) → the first player's score. */
export function parseResult(v: unknown, where: { file: string; row: number; field: string }): number {
  const s = typeof v === 'string' ? v.trim().replace(/\s+/g, '') : v;
  if (typeof s === 'string' && s in RESULTS) return RESULTS[s];
  throw new InputError('INPUT_FIELD', `result must be 1-0, 0-1 or 1/2-1/2 (got ${describe(v)})`, where);
}

/** A score in [0, 1] given as a number or numeric string. */
export function parseScore(v: unknown, where: { file: string; row: number; field: string }): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!(n >= 0 && n <= 1))
    throw new InputError('INPUT_FIELD', `score must be a number in [0, 1] (got ${describe(v)})`, where);
  return n;
}

/**
 * A finishing order → pairwise outcomes: "a > b = c > d" (or a JSON array whose elements are names or arrays of
 * tied names, best first). Every player beats every player of a lower tier (score 1) and draws with its own tier
 * (½): a game of k players gives k(k−1)/2 pairwise outcomes, as multi-player Elo systems decompose them.
 */
export function rankingOutcomes(v: unknown, where: { file: string; row: number; field: string }): Outcome[] {
  let tiers: string[][];
  if (typeof v === 'string')
    tiers = v.split('>').map((t) =>
      t
        .split('=')
        .map((x) => x.trim())
        .filter(Boolean),
    );
  else if (Array.isArray(v)) tiers = v.map((t) => (Array.isArray(t) ? t.map(String) : [String(t)]));
  else throw new InputError('INPUT_FIELD', 'ranking must be "a > b = c > d" or an array of names, best first', where);
  const players = tiers.flat();
  if (tiers.some((t) => t.length === 0) || players.length < 2)
    throw new InputError('INPUT_FIELD', `ranking needs at least two players (got ${describe(v)})`, where);
  if (new Set(players).size < players.length)
    throw new InputError('INPUT_FIELD', 'a player appears twice in the ranking', where);
  const out: Outcome[] = [];
  tiers.forEach((tier, i) => {
    for (let p = 0; p < tier.length; p++) {
      for (let q = p + 1; q < tier.length; q++)
        out.push({ a: tier[p], b: tier[q], scoreA: 0.5, label: 'draw', aFirst: null });
      for (const lower of tiers.slice(i + 1))
        for (const b of lower) out.push({ a: tier[p], b, scoreA: 1, label: 'ranked above', aFirst: null });
    }
  });
  return out;
}

/** Team members from "a+b+c" or an array. */
export function teamMembers(v: unknown, where: { file: string; row: number; field: string }): string[] {
  const m = Array.isArray(v)
    ? v.map(String)
    : typeof v === 'string'
      ? v
          .split('+')
          .map((x) => x.trim())
          .filter(Boolean)
      : [];
  if (m.length === 0) throw new InputError('INPUT_FIELD', 'a team is "a+b+c" or an array of names', where);
  return m;
}
