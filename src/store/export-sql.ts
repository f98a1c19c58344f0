import type { Comparison, Grade, Item, MatchResult, ResponseRecord, ResponseStyle } from '../core/model.js';
import type { Finding } from '../integrity/finding.js';
import type { CacheEntry, StoreExport } from './store.js';

/**
 * The queries that read a whole store back as natural-key records (for `winrate copy`), in storage order. Written
 * in the SQL both backends speak (no parameters, quoted camel-case aliases), so the two exports cannot drift apart;
 * the backends only run them and hand the rows to {@link exportFromRows}.
 */
export const EXPORT_SQL = {
  systems: 'SELECT name FROM systems ORDER BY id',
  judges: 'SELECT name FROM judges ORDER BY id',
  items: 'SELECT dataset, key, instruction, category, reference FROM items ORDER BY id',
  responses: `SELECT i.dataset, i.key AS "itemKey", s.name AS system, r.output, r.tokens, r.headers, r.lists, r.bolds
    FROM responses r JOIN items i ON i.id = r.item_id JOIN systems s ON s.id = r.system_id ORDER BY r.item_id, r.system_id`,
  comparisons: `SELECT coalesce(i.dataset, '') AS dataset, i.key AS "itemKey", sa.name AS "systemA", sb.name AS "systemB", j.name AS judge,
    c.shown_first AS "shownFirst", c.sample, c.status, c.p_a AS "pA", c.label, c.strong, c.rationale, c.raw_output AS "rawOutput",
    c.prompt_tokens AS "promptTokens", c.completion_tokens AS "completionTokens", c.cost, c.duration_ms AS "durationMs", c.seq,
    coalesce(src.path, bs.path) AS source, bs.hash AS "sourceHash", c.tokens_a, c.headers_a, c.lists_a, c.bolds_a,
    c.tokens_b, c.headers_b, c.lists_b, c.bolds_b
    FROM comparisons c LEFT JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
    JOIN judges j ON j.id = c.judge_id LEFT JOIN sources src ON src.id = c.source_id LEFT JOIN sources bs ON bs.id = c.battle_source
    ORDER BY c.id`,
  grades: `SELECT i.dataset, i.key AS "itemKey", s.name AS system, j.name AS judge, g.turn, g.score, g.raw_output AS "rawOutput",
    g.output_length AS "outputLength", g.output_status AS "outputStatus", src.path AS source
    FROM grades g JOIN items i ON i.id = g.item_id JOIN systems s ON s.id = g.system_id JOIN judges j ON j.id = g.judge_id
    LEFT JOIN sources src ON src.id = g.source_id ORDER BY g.id`,
  matches: `SELECT game, match_id AS "matchId", player_a AS "playerA", player_b AS "playerB", score_a AS "scoreA", pair, round,
    opponent_level AS "opponentLevel", date, points_a AS "pointsA", a_first AS "aFirst", src.path AS source
    FROM matches m LEFT JOIN sources src ON src.id = m.source_id ORDER BY m.id`,
  cache: 'SELECT key, provider, model, response, judge, cost FROM judge_cache ORDER BY created_at, key',
  findings: `SELECT system, dataset, item_key AS item, check_name AS "check", severity, evidence FROM findings ORDER BY id`,
  studies: 'SELECT count(*) AS n FROM studies',
} as const;

type Row = Record<string, unknown>;

const style = (r: Row, suffix = ''): ResponseStyle | null => {
  const v = ['tokens', 'headers', 'lists', 'bolds'].map((k) => r[`${k}${suffix}`] as number | null);
  return v.every((x) => x === null) ? null : { tokens: v[0] as number, headers: v[1] as number, lists: v[2] as number, bolds: v[3] as number };
};

/** Turns the rows of the {@link EXPORT_SQL} queries into records that `importBatch` writes back identically. */
export function exportFromRows(rows: Record<Exclude<keyof typeof EXPORT_SQL, 'studies'>, Row[]>, studies: number): StoreExport {
  const comparisons = rows.comparisons.map((r): Comparison => ({
    dataset: r.dataset as string, itemKey: r.itemKey as string | null, systemA: r.systemA as string, systemB: r.systemB as string,
    judge: r.judge as string, shownFirst: (r.shownFirst || null) as Comparison['shownFirst'], sample: r.sample as number,
    status: r.status as Comparison['status'], pA: r.pA as number | null, label: r.label as string | null, strong: r.strong === 1,
    rationale: r.rationale as string | null, rawOutput: r.rawOutput as string | null, promptTokens: r.promptTokens as number | null,
    completionTokens: r.completionTokens as number | null, cost: r.cost as number | null, durationMs: r.durationMs as number | null,
    seq: r.seq as number | null, source: r.source as string | null, sourceHash: r.itemKey === null ? (r.sourceHash as string) : null,
    styleA: style(r, '_a'), styleB: style(r, '_b'),
  }));
  return {
    systems: rows.systems.map((r) => r.name as string),
    judges: rows.judges.map((r) => r.name as string),
    items: rows.items as unknown as Item[],
    responses: rows.responses.map((r): ResponseRecord => ({
      dataset: r.dataset as string, itemKey: r.itemKey as string, system: r.system as string, output: r.output as string, style: style(r),
    })),
    comparisons,
    grades: rows.grades as unknown as Grade[],
    matches: rows.matches.map((r) => ({ ...r, aFirst: r.aFirst === null ? null : r.aFirst === 1 })) as unknown as MatchResult[],
    cache: rows.cache as unknown as CacheEntry[],
    findings: rows.findings as unknown as Finding[],
    studies,
  };
}
