import type { PoolClient } from 'pg';
import { judgmentKey, type JudgingInputs, type JudgmentRecord, type StoredJudgment } from '../store.js';
import { writeBatchPg } from './pg-import.js';
import { duplicatePaidRow, mirroredShown } from '../judgment-rows.js';
import type { PgIds } from './pg-names.js';
import { judgingInputsFrom, type ItemRow } from '../judging-inputs.js';

/** Items and responses for judging. */
export async function readJudgingInputsPg(client: PoolClient, dataset?: string): Promise<JudgingInputs> {
  const items = (
    await client.query<ItemRow>(
      `SELECT dataset, key, instruction, category, reference, turns, reference_turns FROM items
    WHERE ($1::text IS NULL OR dataset = $1) ORDER BY id`,
      [dataset ?? null],
    )
  ).rows;
  const rows = await client.query({
    text: `SELECT s.name, i.key, r.output, r.turns FROM responses r JOIN systems s ON s.id = r.system_id
    JOIN items i ON i.id = r.item_id WHERE ($1::text IS NULL OR i.dataset = $1)`,
    values: [dataset ?? null],
    rowMode: 'array',
  });
  return judgingInputsFrom(items, rows.rows as [string, string, string, string | null][]);
}

/** Every comparison and grade a judge has, keyed by judgmentKey (as the SQLite backend reads them). */
export async function readExistingJudgmentsPg(client: PoolClient, judge: string): Promise<Map<string, StoredJudgment>> {
  const out = new Map<string, StoredJudgment>();
  const cmp = await client.query({
    text: `SELECT i.dataset, i.key, sa.name, sb.name, c.shown_first, c.sample, c.status, c.p_a FROM comparisons c
    JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
    WHERE c.judge_id = (SELECT id FROM judges WHERE name = $1)`,
    values: [judge],
    rowMode: 'array',
  });
  for (const [d, k, a, b, shown, sample, status, pA] of cmp.rows as [
    string,
    string,
    string,
    string,
    string,
    number,
    'ok' | 'parse_failed',
    number | null,
  ][]) {
    out.set(judgmentKey(d, k, a, b, shown, sample), { status, value: pA });
  }
  const grades = await client.query({
    text: `SELECT i.dataset, i.key, s.name, g.turn, g.score FROM grades g JOIN items i ON i.id = g.item_id
    JOIN systems s ON s.id = g.system_id WHERE g.judge_id = (SELECT id FROM judges WHERE name = $1)`,
    values: [judge],
    rowMode: 'array',
  });
  for (const [d, k, s, turn, score] of grades.rows as [string, string, string, number, number | null][]) {
    out.set(judgmentKey(d, k, s, '', 'grade', turn), { status: score === null ? 'parse_failed' : 'ok', value: score });
  }
  return out;
}

/**
 * In the caller's write transaction: cache the response, then store the verdict — inserting it, or replacing a stored
 * parse failure (a retry that now parses); a stored verdict is kept. Outcome counts follow a new ok verdict.
 */
export async function writeJudgmentPg(client: PoolClient, r: JudgmentRecord, ids?: PgIds): Promise<void> {
  const insert =
    'INSERT INTO judge_cache (key, provider, model, response, judge, cost) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING';
  const cached = await client.query(insert, [
    r.cacheKey,
    r.provider,
    r.model,
    r.response,
    r.judge ?? null,
    r.cost ?? null,
  ]);
  // the same answer paid for twice (two workers asked at once): its cost is spend too, under a key of its own
  if (cached.rowCount === 0 && (r.cost ?? 0) > 0) {
    const d = duplicatePaidRow(r);
    await client.query(insert, [d.key, d.provider, d.model, d.response, d.judge, d.cost]);
  }
  if (r.comparison) {
    const c = r.comparison;
    const old = (
      await client.query<{ id: number; status: string }>(
        `SELECT c.id, c.status FROM comparisons c JOIN items i ON i.id = c.item_id
      WHERE i.dataset = $1 AND i.key = $2 AND c.judge_id = (SELECT id FROM judges WHERE name = $5) AND c.sample = $7
      AND ((c.system_a = (SELECT id FROM systems WHERE name = $3) AND c.system_b = (SELECT id FROM systems WHERE name = $4)
        AND c.shown_first = $6)
      OR (c.system_a = (SELECT id FROM systems WHERE name = $4) AND c.system_b = (SELECT id FROM systems WHERE name = $3)
        AND c.shown_first = $8))
      ORDER BY c.status = 'ok' DESC`,
        [
          c.dataset,
          c.itemKey,
          c.systemA,
          c.systemB,
          c.judge,
          c.shownFirst ?? '',
          c.sample,
          mirroredShown(c.shownFirst),
        ],
      )
    ).rows[0];
    if (old?.status === 'ok') return;
    if (old) await client.query('DELETE FROM comparisons WHERE id = $1', [old.id]);
    await writeBatchPg(client, { items: [], responses: [], comparisons: [c] }, ids);
  }
  if (r.grade) {
    const g = r.grade;
    const old = (
      await client.query<{ id: number; score: number | null }>(
        `SELECT g.id, g.score FROM grades g JOIN items i ON i.id = g.item_id
      WHERE i.dataset = $1 AND i.key = $2 AND g.system_id = (SELECT id FROM systems WHERE name = $3)
      AND g.judge_id = (SELECT id FROM judges WHERE name = $4) AND g.turn = $5`,
        [g.dataset, g.itemKey, g.system, g.judge, g.turn],
      )
    ).rows[0];
    if (old && old.score !== null) return;
    if (old) await client.query('DELETE FROM grades WHERE id = $1', [old.id]);
    await writeBatchPg(client, { items: [], responses: [], comparisons: [], grades: [g] }, ids);
  }
}
