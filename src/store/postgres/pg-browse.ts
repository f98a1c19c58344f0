import type { PoolClient } from 'pg';
import { disagreement } from '../browse-sql.js';
import type { ComparisonDetail, ComparisonQuery, ComparisonSummary } from '../store.js';

const SELECT = `SELECT c.id, i.dataset, i.key AS "itemKey", i.instruction, sa.name AS "systemA", sb.name AS "systemB", j.name AS judge,
  c.shown_first AS "shownFirst", c.status, c.p_a AS "pA", c.label
  FROM comparisons c LEFT JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
  JOIN judges j ON j.id = c.judge_id`;

/** Comparisons for the browser, filtered, newest first (the SQLite backend's query in PostgreSQL's dialect). */
export async function listComparisonsPg(
  client: PoolClient,
  q: ComparisonQuery,
): Promise<{ total: number; rows: ComparisonSummary[] }> {
  // no PostgreSQL text holds a NUL: a filter with one matches nothing (and would be refused by the server)
  if ([q.system, q.judge].some((v) => v?.includes('\u0000'))) return { total: 0, rows: [] };
  const where: string[] = ['true'];
  const params: (string | number)[] = [];
  if (q.system) {
    params.push(q.system);
    where.push(`(sa.name = $${params.length} OR sb.name = $${params.length})`);
  }
  if (q.judge) {
    params.push(q.judge);
    where.push(`j.name = $${params.length}`);
  }
  const excluded = (q.excludeJudges ?? []).filter((j) => !j.includes('\u0000'));
  if (excluded.length) {
    params.push(JSON.stringify(excluded));
    where.push(`j.name NOT IN (SELECT jsonb_array_elements_text($${params.length}::jsonb))`);
  }
  if (q.failures) where.push("c.status <> 'ok'");
  if (q.disagreement) {
    if (excluded.length) {
      params.push(JSON.stringify(excluded));
      where.push(
        disagreement(
          `o.judge_id NOT IN (SELECT id FROM judges WHERE name IN (SELECT jsonb_array_elements_text($${params.length}::jsonb)))`,
        ),
      );
    } else where.push(disagreement());
  }
  const cond = where.join(' AND ');
  const total = await client.query<{ n: number }>(`SELECT count(*) AS n FROM (${SELECT} WHERE ${cond}) x`, params);
  const n = params.length;
  const rows = await client.query<ComparisonSummary>(
    `${SELECT} WHERE ${cond} ORDER BY c.id DESC LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...params, Math.min(q.limit ?? 50, 500), q.offset ?? 0],
  );
  return { total: total.rows[0].n, rows: rows.rows };
}

/** A comparison with both responses and every stored verdict on the same item and system pair. */
export async function comparisonDetailPg(client: PoolClient, id: number): Promise<ComparisonDetail | null> {
  const c = (await client.query<ComparisonSummary>(`${SELECT} WHERE c.id = $1`, [id])).rows[0];
  if (!c) return null;
  const ids = (
    await client.query<{ item_id: number | null; system_a: number; system_b: number }>(
      'SELECT item_id, system_a, system_b FROM comparisons WHERE id = $1',
      [id],
    )
  ).rows[0];
  if (ids.item_id === null) return { ...c, category: null, outputA: null, outputB: null, verdicts: [] };
  const out = async (sys: number): Promise<string | null> =>
    (
      await client.query<{ output: string }>('SELECT output FROM responses WHERE item_id = $1 AND system_id = $2', [
        ids.item_id,
        sys,
      ])
    ).rows[0]?.output ?? null;
  const verdicts = (
    await client.query(
      `SELECT c.id, i.dataset, i.key AS "itemKey", i.instruction, sa.name AS "systemA", sb.name AS "systemB",
    j.name AS judge, c.shown_first AS "shownFirst", c.status, c.p_a AS "pA", c.label, c.rationale, c.raw_output AS "rawOutput"
    FROM comparisons c LEFT JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
    JOIN judges j ON j.id = c.judge_id
    WHERE c.item_id = $1 AND ((c.system_a = $2 AND c.system_b = $3) OR (c.system_a = $3 AND c.system_b = $2))
    ORDER BY j.name COLLATE "C", c.shown_first COLLATE "C"`,
      [ids.item_id, ids.system_a, ids.system_b],
    )
  ).rows as ComparisonDetail['verdicts'];
  const category =
    (await client.query<{ category: string | null }>('SELECT category FROM items WHERE id = $1', [ids.item_id])).rows[0]
      ?.category ?? null;
  return { ...c, category, outputA: await out(ids.system_a), outputB: await out(ids.system_b), verdicts };
}
