import { createHash } from 'node:crypto';
import { InputError } from '../core/errors.js';
import type { Comparison, MatchResult } from '../core/model.js';
import type { ImportBatch } from '../store/store.js';
import { parseResult, parseScore, rankingOutcomes, teamMembers, type Outcome } from './match-rows.js';
import { readPgnGames } from './pgn.js';
import { readRecords } from './records.js';
import { describe } from './validate.js';

/**
 * Reads match results (README "Games"): CSV or JSONL rows `white, black, result` (1-0, 0-1, 1/2-1/2) or
 * `player_a, player_b, score_a` in [0, 1]; multi-player `ranking` ("a > b = c") or `team_a, team_b` with
 * `result`/`score_a`, decomposed into pairwise outcomes (each names its row's game as `contest`); optional `game, id,
 * pair, round, opponent_level` (player B's level, also `level_b`), `level_a, date, points_a`. PGN files (`.pgn`)
 * give one match per game from the White, Black and Result tags (unfinished `*` games are skipped). Each outcome
 * is stored as a match and as a comparison judged by `game:GAME`, so every rating method reads games. Match ids default
 * to the file's content hash and row: re-importing changes nothing.
 */
export function readMatchesFile(file: string, options: { judge?: string; dataset?: string } = {}): ImportBatch {
  const pgn = /\.pgn(\.gz)?$/i.test(file);
  const { text, rows } = pgn ? readPgnGames(file) : readRecords(file);
  const sourceHash = createHash('sha256').update(text).digest('hex');
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], matches: [] };
  for (const { row, value } of rows) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new InputError('INPUT_FIELD', 'expected an object', { file, row });
    const r = value as Record<string, unknown>;
    const at = (field: string) => ({ file, row, field });
    const str = (field: string): string | null => {
      const v = r[field];
      if (v === undefined || v === null || v === '') return null;
      if (typeof v === 'object')
        throw new InputError('INPUT_FIELD', `expected a string or number (got ${describe(v)})`, at(field));
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      // PGN writes "?" (or "????.??.??") for an unknown value
      return pgn && /^[?.-]+$/.test(text) ? null : text;
    };
    const num = (field: string): number | null => {
      const v = str(field);
      if (v === null) return null;
      const n = Number(v);
      if (!Number.isFinite(n))
        throw new InputError('INPUT_FIELD', `expected a number (got ${describe(r[field])})`, at(field));
      return n;
    };
    const game = str('game') ?? options.dataset ?? (pgn ? 'chess' : 'game');
    const id = str('id') ?? str('match_id') ?? `${sourceHash.slice(0, 16)}:${row}`;
    const outcomes = rowOutcomes(r, at, str);
    if (outcomes === null) continue; // an unfinished PGN game
    for (const [k, o] of outcomes.entries()) {
      if (o.a === o.b) throw new InputError('INPUT_FIELD', `a player cannot play itself ("${o.a}")`, at('player_b'));
      const m: MatchResult = {
        game,
        matchId: outcomes.length > 1 ? `${id}/${k}` : id,
        playerA: o.a,
        playerB: o.b,
        scoreA: o.scoreA,
        pair: str('pair') ?? (pgn ? str('fen') : null),
        round: str('round'),
        opponentLevel: num('level_b') ?? num('opponent_level'),
        levelA: num('level_a'),
        contest: outcomes.length > 1 ? id : null,
        date: str('date'),
        pointsA: num('points_a') ?? num('chips_a'),
        aFirst: o.aFirst,
        source: file,
      };
      batch.matches!.push(m);
      batch.comparisons.push({
        dataset: options.dataset ?? 'games',
        itemKey: null,
        systemA: o.a,
        systemB: o.b,
        judge: options.judge ?? `game:${game}`,
        shownFirst: o.aFirst === null ? null : o.aFirst ? 'a' : 'b',
        sample: 0,
        status: 'ok',
        pA: o.scoreA,
        label: o.label,
        seq: batch.comparisons.length,
        source: file,
        sourceHash,
      } satisfies Comparison);
    }
  }
  return batch;
}

function rowOutcomes(
  r: Record<string, unknown>,
  at: (f: string) => { file: string; row: number; field: string },
  str: (f: string) => string | null,
): Outcome[] | null {
  const need = (field: string): string => {
    const v = str(field);
    if (v === null) throw new InputError('INPUT_FIELD', 'missing player name', at(field));
    return v;
  };
  if (r.ranking !== undefined) {
    let v: unknown = r.ranking;
    if (typeof v === 'string' && v.trim().startsWith('[')) {
      try {
        v = JSON.parse(v) as unknown;
      } catch {
        throw new InputError('INPUT_FIELD', 'ranking is not valid JSON', at('ranking'));
      }
    }
    return rankingOutcomes(v, at('ranking'));
  }
  if (r.team_a !== undefined || r.team_b !== undefined) {
    const ta = teamMembers(r.team_a, at('team_a'));
    const tb = teamMembers(r.team_b, at('team_b'));
    const s = r.result !== undefined ? parseResult(r.result, at('result')) : parseScore(r.score_a, at('score_a'));
    return ta.flatMap((a) => tb.map((b) => ({ a, b, scoreA: s, label: 'team', aFirst: null })));
  }
  if (r.white !== undefined || r.black !== undefined) {
    if (r.result === '*') return null;
    const score = parseResult(r.result, at('result'));
    return [
      {
        a: need('white'),
        b: need('black'),
        scoreA: score,
        label: score === 1 ? '1-0' : score === 0 ? '0-1' : '1/2-1/2',
        aFirst: true,
      },
    ];
  }
  const a = need('player_a');
  const b = need('player_b');
  if (r.score_a === undefined && r.result !== undefined) {
    const score = parseResult(r.result, at('result'));
    return [{ a, b, scoreA: score, label: score === 1 ? '1-0' : score === 0 ? '0-1' : '1/2-1/2', aFirst: null }];
  }
  const s = parseScore(r.score_a, at('score_a'));
  return [{ a, b, scoreA: s, label: String(s), aFirst: null }];
}
