import type Database from 'better-sqlite3';
import { ArgumentError } from '../../core/errors.js';
import type { StudySpec, StudyVote, VoteInput, VoteTask } from '../studies.js';
import { writeBatch } from './sqlite-import.js';
import { prepared } from './prepared.js';
import { goldCode, leftIsX, studyPairs, voteComparison, voteView } from '../study-design.js';

const studyId = (db: Database.Database, name: string): number => {
  const id = prepared(db, 'SELECT id FROM studies WHERE name = ?').pluck().get(name) as number | undefined;
  if (id === undefined) throw new ArgumentError(`unknown study "${name}"`);
  return id;
};

/** Creates a study's tasks from the items on which the systems all have responses. */
export function createStudy(db: Database.Database, spec: StudySpec): { tasks: number; gold: number } {
  return db.transaction(() => {
    const sys = new Map((db.prepare('SELECT name, id FROM systems').all() as { name: string; id: number }[]).map((r) => [r.name, r.id]));
    const pairs = studyPairs(new Set(sys.keys()), spec);
    const r = db.prepare('INSERT INTO studies (name, dataset, design, votes_wanted) VALUES (?, ?, ?, ?)').run(spec.name, spec.dataset ?? null, JSON.stringify(spec.design), spec.votesWanted);
    const items = db.prepare(`SELECT id, key FROM items WHERE (? IS NULL OR dataset = ?) ORDER BY id`).all(spec.dataset ?? null, spec.dataset ?? null) as { id: number; key: string }[];
    const has = db.prepare('SELECT 1 FROM responses WHERE item_id = ? AND system_id = ?').pluck();
    const ins = db.prepare('INSERT INTO study_tasks (study_id, item_id, system_x, system_y, gold) VALUES (?, ?, ?, ?, ?)');
    let tasks = 0;
    let gold = 0;
    for (const it of items) {
      for (const [x, y] of pairs) {
        if (!has.get(it.id, sys.get(x)) || !has.get(it.id, sys.get(y))) continue;
        const code = goldCode(spec.gold?.[it.key], x, y);
        ins.run(r.lastInsertRowid, it.id, sys.get(x), sys.get(y), code);
        tasks++;
        if (code) gold++;
      }
    }
    if (tasks === 0) throw new ArgumentError('no item has responses from both systems of any pair');
    return { tasks, gold };
  })();
}

export function addAnnotator(db: Database.Database, study: string, name: string, tokenHash: string): void {
  const sid = studyId(db, study);
  if (db.prepare('SELECT 1 FROM annotators WHERE study_id = ? AND name = ?').pluck().get(sid, name)) {
    throw new ArgumentError(`annotator "${name}" is already invited to study "${study}" (their link stays valid; choose another name for a new one)`);
  }
  db.prepare('INSERT INTO annotators (study_id, name, token_hash) VALUES (?, ?, ?)').run(sid, name, tokenHash);
}

export function annotatorByToken(db: Database.Database, study: string, tokenHash: string): string | null {
  return (prepared(db, 'SELECT a.name FROM annotators a JOIN studies s ON s.id = a.study_id WHERE s.name = ? AND a.token_hash = ?').pluck().get(study, tokenHash) as string | undefined) ?? null;
}

/**
 * Fewest-votes-first among tasks this annotator has not voted on and that still want votes (fewer than the
 * study's votes per task); sides randomised per (task, annotator).
 */
export function nextTask(db: Database.Database, study: string, annotator: string): VoteTask | null {
  const sid = studyId(db, study);
  const aid = prepared(db, 'SELECT id FROM annotators WHERE study_id = ? AND name = ?').pluck().get(sid, annotator) as number;
  const total = prepared(db, 'SELECT count(*) FROM study_tasks WHERE study_id = ?').pluck().get(sid) as number;
  const done = prepared(db, 'SELECT count(*) FROM votes v JOIN study_tasks t ON t.id = v.task_id WHERE t.study_id = ? AND v.annotator_id = ?').pluck().get(sid, aid) as number;
  const t = prepared(db, `SELECT t.id, i.instruction, i.key, sx.name AS sx, sy.name AS sy, rx.output AS x, ry.output AS y FROM study_tasks t JOIN items i ON i.id = t.item_id
    JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y
    JOIN responses rx ON rx.item_id = t.item_id AND rx.system_id = t.system_x JOIN responses ry ON ry.item_id = t.item_id AND ry.system_id = t.system_y
    WHERE t.study_id = ? AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.task_id = t.id AND v.annotator_id = ?)
      AND (SELECT count(*) FROM votes v WHERE v.task_id = t.id) < (SELECT votes_wanted FROM studies WHERE id = t.study_id)
    ORDER BY (SELECT count(*) FROM votes v WHERE v.task_id = t.id), t.id LIMIT 1`).get(sid, aid) as { id: number; instruction: string; key: string; sx: string; sy: string; x: string; y: string } | undefined;
  if (!t) return null;
  const lx = leftIsX({ study, itemKey: t.key, x: t.sx, y: t.sy }, annotator);
  return { taskId: t.id, instruction: t.instruction, left: lx ? t.x : t.y, right: lx ? t.y : t.x, leftIsX: lx, done, total };
}

/** One vote per annotator and task; the vote is also a comparison judged by "human:NAME". */
export function recordVote(db: Database.Database, v: VoteInput): boolean {
  return db.transaction(() => {
    const sid = studyId(db, v.study);
    const aid = prepared(db, 'SELECT id FROM annotators WHERE study_id = ? AND name = ?').pluck().get(sid, v.annotator) as number;
    const t = prepared(db, `SELECT t.id, i.dataset, i.key, sx.name AS x, sy.name AS y, t.item_id FROM study_tasks t JOIN items i ON i.id = t.item_id
      JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y WHERE t.id = ? AND t.study_id = ?`).get(v.taskId, sid) as { dataset: string; key: string; x: string; y: string } | undefined;
    if (!t) throw new ArgumentError('no such task in this study');
    const r = prepared(db, 'INSERT INTO votes (task_id, annotator_id, left_is_x, choice, reason) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING').run(v.taskId, aid, v.leftIsX ? 1 : 0, v.choice, v.reason ?? null);
    if (r.changes === 0) return false;
    writeBatch(db, { items: [], responses: [], comparisons: [voteComparison({ dataset: t.dataset, itemKey: t.key, x: t.x, y: t.y }, v)] });
    return true;
  })();
}

export function studyVotes(db: Database.Database, study: string): StudyVote[] {
  const rows = db.prepare(`SELECT t.id AS taskId, i.key AS itemKey, a.name AS annotator, sx.name AS systemX, sy.name AS systemY, v.left_is_x AS leftIsX,
    v.choice, t.gold, v.reason, v.created_at AS createdAt FROM votes v JOIN study_tasks t ON t.id = v.task_id JOIN studies s ON s.id = t.study_id
    JOIN annotators a ON a.id = v.annotator_id JOIN items i ON i.id = t.item_id JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y
    WHERE s.name = ? ORDER BY v.id`).all(study) as (Omit<StudyVote, 'leftSystem' | 'winner'> & { leftIsX: number })[];
  return rows.map((r) => voteView({ ...r, leftIsX: r.leftIsX === 1 }));
}
