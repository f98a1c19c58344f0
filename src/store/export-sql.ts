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
  items: 'SELECT dataset, key, instruction, category, reference, turns, reference_turns FROM items ORDER BY id',
  responses: `SELECT i.dataset, i.key AS "itemKey", s.name AS system, r.output, r.tokens, r.headers, r.lists, r.bolds, r.turns
    FROM responses r JOIN items i ON i.id = r.item_id JOIN systems s ON s.id = r.system_id ORDER BY r.item_id, r.system_id`,
  comparisons: `SELECT coalesce(i.dataset, '') AS dataset, i.key AS "itemKey", sa.name AS "systemA", sb.name AS "systemB", j.name AS judge,
    c.shown_first AS "shownFirst", c.sample, c.status, c.p_a AS "pA", c.label, c.strong, c.rationale, c.raw_output AS "rawOutput",
    c.prompt_tokens AS "promptTokens", c.completion_tokens AS "completionTokens", c.cost, c.duration_ms AS "durationMs", c.seq,
    coalesce(src.path, bs.path) AS source, bs.hash AS "sourceHash", c.tokens_a, c.headers_a, c.lists_a, c.bolds_a,
    c.tokens_b, c.headers_b, c.lists_b, c.bolds_b
    FROM comparisons c LEFT JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
    JOIN judges j ON j.id = c.judge_id LEFT JOIN sources src ON src.id = c.source_id LEFT JOIN sources bs ON bs.id = c.battle_source
    ORDER BY c.id`,
  grades: `SELECT i.dataset, i.key AS "itemKey", s.name AS system, j.name AS judge, g.turn, g.sample, g.score, g.raw_output AS "rawOutput",
    g.output_length AS "outputLength", g.output_status AS "outputStatus", src.path AS source
    FROM grades g JOIN items i ON i.id = g.item_id JOIN systems s ON s.id = g.system_id JOIN judges j ON j.id = g.judge_id
    LEFT JOIN sources src ON src.id = g.source_id ORDER BY g.id`,
  matches: `SELECT game, match_id AS "matchId", player_a AS "playerA", player_b AS "playerB", score_a AS "scoreA", pair, round,
    opponent_level AS "opponentLevel", date, points_a AS "pointsA", a_first AS "aFirst", src.path AS source,
    level_a AS "levelA", contest
    FROM matches m LEFT JOIN sources src ON src.id = m.source_id ORDER BY m.id`,
  cache: 'SELECT key, provider, model, response, judge, cost FROM judge_cache ORDER BY created_at, key',
  // recorded values (a judge's baseline) travel with the records; the server's secrets stay with their studies
  settings: "SELECT key, value FROM settings WHERE key NOT LIKE 'secret:%' ORDER BY key",
  findings: `SELECT system, dataset, item_key AS item, check_name AS "check", severity, evidence FROM findings ORDER BY id`,
  studies: 'SELECT count(*) AS n FROM studies',
} as const;

type Row = Record<string, unknown>;

/** Rows of one export query: its column names and the rows as arrays (streamed where the backend can). */
export interface RawRows {
  columns: string[];
  rows: Iterable<unknown[]>;
}

/** Rows as objects keyed by column name, dropping nulls (a million exported battles stay small in memory). */
function* objects(raw: RawRows): Generator<Row> {
  for (const r of raw.rows) {
    const o: Row = {};
    for (let k = 0; k < raw.columns.length; k++) if (r[k] !== null) o[raw.columns[k]] = r[k];
    yield o;
  }
}

const style = (r: Row, suffix = ''): ResponseStyle | null => {
  const v = ['tokens', 'headers', 'lists', 'bolds'].map((k) => (r[`${k}${suffix}`] ?? null) as number | null);
  return v.every((x) => x === null)
    ? null
    : { tokens: v[0] as number, headers: v[1] as number, lists: v[2] as number, bolds: v[3] as number };
};

/** A stored comparison row as the record that imports it back; absent optional fields stay absent. */
function comparisonOf(r: Row): Comparison {
  const c: Comparison = {
    dataset: r.dataset as string,
    itemKey: (r.itemKey ?? null) as string | null,
    systemA: r.systemA as string,
    systemB: r.systemB as string,
    judge: r.judge as string,
    shownFirst: (r.shownFirst || null) as Comparison['shownFirst'],
    sample: r.sample as number,
    status: r.status as Comparison['status'],
    pA: (r.pA ?? null) as number | null,
    label: (r.label ?? null) as string | null,
    strong: r.strong === 1,
  };
  for (const k of [
    'rationale',
    'rawOutput',
    'promptTokens',
    'completionTokens',
    'cost',
    'durationMs',
    'seq',
    'source',
  ] as const) {
    if (r[k] !== undefined) (c as unknown as Row)[k] = r[k];
  }
  if (c.itemKey === null) c.sourceHash = r.sourceHash as string;
  const [a, b] = [style(r, '_a'), style(r, '_b')];
  if (a) c.styleA = a;
  if (b) c.styleB = b;
  return c;
}

/** Nulls back in place for the fields a record type declares as nullable (what readers of the other methods return). */
const withNulls = <T>(r: Row, keys: string[]): T => {
  for (const k of keys) r[k] ??= null;
  return r as T;
};

/**
 * Turns the rows of the {@link EXPORT_SQL} queries (run by a backend through `read`) into records that `importBatch`
 * writes back identically.
 */
export function exportFromRows(read: (sql: string) => RawRows): StoreExport {
  const list = <T>(sql: string, f: (r: Row) => T): T[] => Array.from(objects(read(sql)), f);
  return {
    systems: list(EXPORT_SQL.systems, (r) => r.name as string),
    judges: list(EXPORT_SQL.judges, (r) => r.name as string),
    items: list(EXPORT_SQL.items, (r): Item => ({
      dataset: r.dataset as string,
      key: r.key as string,
      instruction: r.instruction as string,
      category: (r.category ?? null) as string | null,
      reference: (r.reference ?? null) as string | null,
      turns: parseTurns(r.turns),
      referenceTurns: parseTurns(r.reference_turns),
    })),
    responses: list(EXPORT_SQL.responses, (r): ResponseRecord => ({
      dataset: r.dataset as string,
      itemKey: r.itemKey as string,
      system: r.system as string,
      output: r.output as string,
      style: style(r),
      turns: parseTurns(r.turns),
    })),
    comparisons: list(EXPORT_SQL.comparisons, comparisonOf),
    grades: list(EXPORT_SQL.grades, (r) =>
      withNulls<Grade>(r, ['score', 'rawOutput', 'outputLength', 'outputStatus', 'source']),
    ),
    matches: list(EXPORT_SQL.matches, (r) => {
      const m = withNulls<MatchResult>(r, [
        'pair',
        'round',
        'opponentLevel',
        'date',
        'pointsA',
        'aFirst',
        'source',
        'levelA',
        'contest',
      ]);
      return { ...m, aFirst: m.aFirst === null ? null : (m.aFirst as unknown) === 1 };
    }),
    cache: list(EXPORT_SQL.cache, (r) => withNulls<CacheEntry>(r, ['judge', 'cost'])),
    findings: list(EXPORT_SQL.findings, (r) => withNulls<Finding>(r, ['dataset', 'item'])),
    studies: list(EXPORT_SQL.studies, (r) => r.n as number)[0],
    settings: Object.fromEntries(list(EXPORT_SQL.settings, (r) => [r.key as string, r.value as string])),
  };
}

/** A stored turns column (JSON text) as an array, or null. */
function parseTurns(v: unknown): string[] | null {
  return typeof v === 'string' ? (JSON.parse(v) as string[]) : null;
}
