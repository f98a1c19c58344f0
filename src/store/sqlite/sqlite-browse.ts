import type Database from 'better-sqlite3';
import { disagreement } from '../browse-sql.js';
import type { ComparisonDetail, ComparisonQuery, ComparisonSummary } from '../store.js';

const SELECT = `SELECT c.id, i.dataset, i.key AS itemKey, i.instruction, sa.name AS systemA, sb.name AS systemB, j.name AS judge,
  c.shown_first AS shownFirst, c.status, c.p_a AS pA, c.label
  FROM comparisons c LEFT JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b JOIN judges j ON j.id = c.judge_id`;

/** Comparisons for the browser, filtered, newest first. */
export function listComparisons(
  db: Database.Database,
  q: ComparisonQuery,
): { total: number; rows: ComparisonSummary[] } {
  const where: string[] = ['1 = 1'];
  const params: (string | number)[] = [];
  if (q.system) {
    where.push('(sa.name = ? OR sb.name = ?)');
    params.push(q.system, q.system);
  }
  if (q.judge) {
    where.push('j.name = ?');
    params.push(q.judge);
  }
  if (q.excludeJudges?.length) {
    where.push('j.name NOT IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(q.excludeJudges));
  }
  if (q.failures) where.push("c.status <> 'ok'");
  if (q.disagreement) {
    if (q.excludeJudges?.length) {
      where.push(
        disagreement('o.judge_id NOT IN (SELECT id FROM judges WHERE name IN (SELECT value FROM json_each(?)))'),
      );
      params.push(JSON.stringify(q.excludeJudges));
    } else where.push(disagreement());
  }
  const cond = where.join(' AND ');
  const total = db
    .prepare(`SELECT count(*) FROM (${SELECT} WHERE ${cond})`)
    .pluck()
    .get(...params) as number;
  const rows = db
    .prepare(`${SELECT} WHERE ${cond} ORDER BY c.id DESC LIMIT ? OFFSET ?`)
    .all(...params, Math.min(q.limit ?? 50, 500), q.offset ?? 0) as ComparisonSummary[];
  return { total, rows };
}

/** A comparison with both responses and every stored verdict on the same item and system pair. */
export function comparisonDetail(db: Database.Database, id: number): ComparisonDetail | null {
  const c = db.prepare(`${SELECT} WHERE c.id = ?`).get(id) as ComparisonSummary | undefined;
  if (!c) return null;
  const ids = db.prepare('SELECT item_id, system_a, system_b FROM comparisons WHERE id = ?').get(id) as {
    item_id: number | null;
    system_a: number;
    system_b: number;
  };
  const out = (sys: number): string | null =>
    ids.item_id === null
      ? null
      : ((db
          .prepare('SELECT output FROM responses WHERE item_id = ? AND system_id = ?')
          .pluck()
          .get(ids.item_id, sys) as string | undefined) ?? null);
  const verdicts =
    ids.item_id === null
      ? []
      : (db
          .prepare(
            `SELECT c.id, i.dataset, i.key AS itemKey, i.instruction, sa.name AS systemA, sb.name AS systemB, j.name AS judge,
    c.shown_first AS shownFirst, c.status, c.p_a AS pA, c.label, c.rationale, c.raw_output AS rawOutput
    FROM comparisons c LEFT JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b JOIN judges j ON j.id = c.judge_id
    WHERE c.item_id = ? AND ((c.system_a = ? AND c.system_b = ?) OR (c.system_a = ? AND c.system_b = ?)) ORDER BY j.name, c.shown_first`,
          )
          .all(ids.item_id, ids.system_a, ids.system_b, ids.system_b, ids.system_a) as ComparisonDetail['verdicts']);
  const category =
    ids.item_id === null
      ? null
      : ((db.prepare('SELECT category FROM items WHERE id = ?').pluck().get(ids.item_id) as string | null) ?? null);
  return { ...c, category, outputA: out(ids.system_a), outputB: out(ids.system_b), verdicts };
}
