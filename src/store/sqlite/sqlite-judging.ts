import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';
import { judgmentKey, type JudgingInputs, type JudgmentRecord, type StoredJudgment } from '../store.js';
import { writeBatch } from './sqlite-import.js';
import { duplicatePaidRow, mirroredShown } from '../judgment-rows.js';
import { judgingInputsFrom, type ItemRow } from '../judging-inputs.js';

/** Items and responses for judging. */
export function readJudgingInputs(db: Database.Database, dataset?: string): JudgingInputs {
  const items = prepared(
    db,
    `SELECT dataset, key, instruction, category, reference, turns, reference_turns FROM items WHERE (? IS NULL OR dataset = ?) ORDER BY id`,
  ).all(dataset ?? null, dataset ?? null) as ItemRow[];
  const rows = prepared(
    db,
    `SELECT s.name, i.key, r.output, r.turns FROM responses r JOIN systems s ON s.id = r.system_id JOIN items i ON i.id = r.item_id
    WHERE (? IS NULL OR i.dataset = ?)`,
  )
    .raw()
    .iterate(dataset ?? null, dataset ?? null) as Iterable<[string, string, string, string | null]>;
  return judgingInputsFrom(items, rows);
}

/**
 * Every comparison and grade a judge has, keyed by judgmentKey (grades: A = system, B = '', shown = 'grade',
 * sample = turn), with its status and verdict (P(A wins); a grade's score).
 */
export function readExistingJudgments(db: Database.Database, judge: string): Map<string, StoredJudgment> {
  const out = new Map<string, StoredJudgment>();
  const cmp = prepared(
    db,
    `SELECT i.dataset, i.key, sa.name, sb.name, c.shown_first, c.sample, c.status, c.p_a FROM comparisons c
    JOIN items i ON i.id = c.item_id JOIN systems sa ON sa.id = c.system_a JOIN systems sb ON sb.id = c.system_b
    WHERE c.judge_id = (SELECT id FROM judges WHERE name = ?)`,
  )
    .raw()
    .iterate(judge) as Iterable<[string, string, string, string, string, number, 'ok' | 'parse_failed', number | null]>;
  for (const [d, k, a, b, shown, sample, status, pA] of cmp)
    out.set(judgmentKey(d, k, a, b, shown, sample), { status, value: pA });
  const grades = prepared(
    db,
    `SELECT i.dataset, i.key, s.name, g.turn, g.score FROM grades g JOIN items i ON i.id = g.item_id JOIN systems s ON s.id = g.system_id
    WHERE g.judge_id = (SELECT id FROM judges WHERE name = ?)`,
  )
    .raw()
    .iterate(judge) as Iterable<[string, string, string, number, number | null]>;
  for (const [d, k, s, turn, score] of grades)
    out.set(judgmentKey(d, k, s, '', 'grade', turn), { status: score === null ? 'parse_failed' : 'ok', value: score });
  return out;
}

/**
 * One transaction: cache the response, then store the verdict — inserting it, or replacing a stored parse failure (a
 * retry that now parses); a stored verdict is kept, also one stored with the roles swapped (A and B exchanged, the same
 * response shown first: the same judgment). Outcome counts follow a new ok verdict.
 */
export function writeJudgment(db: Database.Database, r: JudgmentRecord): void {
  let tx = transactions.get(db);
  if (!tx) transactions.set(db, (tx = db.transaction(writeJudgmentInTransaction)));
  tx.immediate(db, r);
}

const transactions = new WeakMap<
  Database.Database,
  Database.Transaction<(db: Database.Database, r: JudgmentRecord) => void>
>();

function writeJudgmentInTransaction(db: Database.Database, r: JudgmentRecord): void {
  const insert = prepared(
    db,
    'INSERT INTO judge_cache (key, provider, model, response, judge, cost) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const cached = insert.run(r.cacheKey, r.provider, r.model, r.response, r.judge ?? null, r.cost ?? null);
  // the same answer paid for twice (two processes asked at once): its cost is spend too, under a key of its own
  if (cached.changes === 0 && (r.cost ?? 0) > 0) {
    const d = duplicatePaidRow(r);
    insert.run(d.key, d.provider, d.model, d.response, d.judge, d.cost);
  }
  if (r.comparison) {
    const c = r.comparison;
    const old = prepared(
      db,
      `SELECT c.id, c.status FROM comparisons c JOIN items i ON i.id = c.item_id
      WHERE i.dataset = ? AND i.key = ? AND c.judge_id = (SELECT id FROM judges WHERE name = ?) AND c.sample = ?
      AND ((c.system_a = (SELECT id FROM systems WHERE name = ?) AND c.system_b = (SELECT id FROM systems WHERE name = ?)
        AND c.shown_first = ?)
      OR (c.system_a = (SELECT id FROM systems WHERE name = ?) AND c.system_b = (SELECT id FROM systems WHERE name = ?)
        AND c.shown_first = ?))
      ORDER BY c.status = 'ok' DESC`,
    ).get(
      c.dataset,
      c.itemKey,
      c.judge,
      c.sample,
      c.systemA,
      c.systemB,
      c.shownFirst ?? '',
      c.systemB,
      c.systemA,
      mirroredShown(c.shownFirst),
    ) as { id: number; status: string } | undefined;
    if (old?.status === 'ok') return;
    if (old) prepared(db, 'DELETE FROM comparisons WHERE id = ?').run(old.id);
    writeBatch(db, { items: [], responses: [], comparisons: [c] });
  }
  if (r.grade) {
    const g = r.grade;
    const old = prepared(
      db,
      `SELECT g.id, g.score FROM grades g JOIN items i ON i.id = g.item_id WHERE i.dataset = ? AND i.key = ?
      AND g.system_id = (SELECT id FROM systems WHERE name = ?) AND g.judge_id = (SELECT id FROM judges WHERE name = ?) AND g.turn = ?`,
    ).get(g.dataset, g.itemKey, g.system, g.judge, g.turn) as { id: number; score: number | null } | undefined;
    if (old && old.score !== null) return;
    if (old) prepared(db, 'DELETE FROM grades WHERE id = ?').run(old.id);
    writeBatch(db, { items: [], responses: [], comparisons: [], grades: [g] });
  }
}
