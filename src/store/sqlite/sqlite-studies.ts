import type Database from 'better-sqlite3';
import { ArgumentError } from '../../core/errors.js';
import { randomBytes } from 'node:crypto';
import type { StudyInfo, StudySpec, StudyVote, VoteInput, VoteOutcome, VoteTask } from '../studies.js';
import { writeBatch } from './sqlite-import.js';
import { prepared } from './prepared.js';
import { goldCode, leftIsX, NEXT_TASK_ORDER, studyPairs, voteComparison, voteView } from '../study-design.js';

const studyId = (db: Database.Database, name: string): number => {
  const id = prepared(db, 'SELECT id FROM studies WHERE name = ?').pluck().get(name) as number | undefined;
  if (id === undefined) throw new ArgumentError(`unknown study "${name}"`);
  return id;
};

/** Creates a study's tasks from the items on which the systems all have responses. */
export function createStudy(db: Database.Database, spec: StudySpec): { tasks: number; gold: number } {
  return db
    .transaction(() => {
      const sys = new Map(
        (db.prepare('SELECT name, id FROM systems').all() as { name: string; id: number }[]).map((r) => [r.name, r.id]),
      );
      const pairs = studyPairs(new Set(sys.keys()), spec);
      const r = db
        .prepare('INSERT INTO studies (name, dataset, design, votes_wanted) VALUES (?, ?, ?, ?)')
        .run(spec.name, spec.dataset ?? null, JSON.stringify(spec.design), spec.votesWanted);
      const items = db
        .prepare(`SELECT id, key FROM items WHERE (? IS NULL OR dataset = ?) ORDER BY id`)
        .all(spec.dataset ?? null, spec.dataset ?? null) as { id: number; key: string }[];
      const has = db.prepare('SELECT 1 FROM responses WHERE item_id = ? AND system_id = ?').pluck();
      const ins = db.prepare(
        'INSERT INTO study_tasks (study_id, item_id, system_x, system_y, gold) VALUES (?, ?, ?, ?, ?)',
      );
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
    })
    .immediate();
}

/** Adds an annotator to a study under the hash of their token (the token itself is never stored). */
export function addAnnotator(db: Database.Database, study: string, name: string, tokenHash: string): void {
  const sid = studyId(db, study);
  if (db.prepare('SELECT 1 FROM annotators WHERE study_id = ? AND name = ?').pluck().get(sid, name)) {
    throw new ArgumentError(
      `annotator "${name}" is already invited to study "${study}" (their link stays valid; choose another name for a new one)`,
    );
  }
  db.prepare('INSERT INTO annotators (study_id, name, token_hash) VALUES (?, ?, ?)').run(sid, name, tokenHash);
}

/** The annotator of a study holding the token with this hash, or null (unknown or revoked). */
export function annotatorByToken(db: Database.Database, study: string, tokenHash: string): string | null {
  return (
    (prepared(
      db,
      `SELECT a.name FROM annotators a JOIN studies s ON s.id = a.study_id
    WHERE s.name = ? AND a.token_hash = ? AND a.revoked_at IS NULL`,
    )
      .pluck()
      .get(study, tokenHash) as string | undefined) ?? null
  );
}

/**
 * Fewest-votes-first among tasks this annotator has not voted on and that still want votes (fewer than the
 * study's votes per task); sides randomised per (task, annotator).
 */
export function nextTask(db: Database.Database, study: string, annotator: string, sideKey: string): VoteTask | null {
  const sid = studyId(db, study);
  const aid = prepared(db, 'SELECT id FROM annotators WHERE study_id = ? AND name = ?')
    .pluck()
    .get(sid, annotator) as number;
  const total = prepared(db, 'SELECT count(*) FROM study_tasks WHERE study_id = ?').pluck().get(sid) as number;
  const done = prepared(
    db,
    'SELECT count(*) FROM votes v JOIN study_tasks t ON t.id = v.task_id WHERE t.study_id = ? AND v.annotator_id = ?',
  )
    .pluck()
    .get(sid, aid) as number;
  const t = prepared(
    db,
    `SELECT t.id, i.instruction, i.key, sx.name AS sx, sy.name AS sy, rx.output AS x, ry.output AS y FROM study_tasks t JOIN items i ON i.id = t.item_id
    JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y
    JOIN responses rx ON rx.item_id = t.item_id AND rx.system_id = t.system_x JOIN responses ry ON ry.item_id = t.item_id AND ry.system_id = t.system_y
    WHERE t.study_id = ? AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.task_id = t.id AND v.annotator_id = ?)
      AND (SELECT count(*) FROM votes v WHERE v.task_id = t.id) < (SELECT votes_wanted FROM studies WHERE id = t.study_id)
      AND (SELECT closed_at FROM studies WHERE id = t.study_id) IS NULL
    ORDER BY ${NEXT_TASK_ORDER('?')} LIMIT 1`,
  ).get(sid, aid, aid, aid) as
    { id: number; instruction: string; key: string; sx: string; sy: string; x: string; y: string } | undefined;
  if (!t) return null;
  const lx = leftIsX({ study, itemKey: t.key, x: t.sx, y: t.sy }, annotator, sideKey);
  return {
    taskId: t.id,
    instruction: t.instruction,
    left: lx ? t.x : t.y,
    right: lx ? t.y : t.x,
    leftIsX: lx,
    done,
    total,
  };
}

/**
 * One vote per annotator and task, and no more votes on a task than the study wants, in an open study from an
 * annotator not revoked; the vote is also a comparison judged by "human:NAME". Runs as an immediate transaction, so
 * that it waits for another writer (busy timeout) instead of failing when a read lock cannot be upgraded.
 */
export function recordVote(db: Database.Database, v: VoteInput): VoteOutcome {
  return db
    .transaction((): VoteOutcome => {
      const sid = studyId(db, v.study);
      const a = prepared(db, 'SELECT id, revoked_at FROM annotators WHERE study_id = ? AND name = ?').get(
        sid,
        v.annotator,
      ) as { id: number; revoked_at: string | null } | undefined;
      const closed = prepared(db, 'SELECT closed_at FROM studies WHERE id = ?').pluck().get(sid) as string | null;
      if (!a || a.revoked_at !== null || closed !== null) return 'closed';
      const aid = a.id;
      const t = prepared(
        db,
        `SELECT t.id, i.dataset, i.key, sx.name AS x, sy.name AS y, t.item_id FROM study_tasks t JOIN items i ON i.id = t.item_id
      JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y WHERE t.id = ? AND t.study_id = ?`,
      ).get(v.taskId, sid) as { dataset: string; key: string; x: string; y: string } | undefined;
      if (!t) throw new ArgumentError('no such task in this study');
      if (prepared(db, 'SELECT 1 FROM votes WHERE task_id = ? AND annotator_id = ?').pluck().get(v.taskId, aid))
        return 'already_voted';
      const full = prepared(
        db,
        `SELECT (SELECT count(*) FROM votes WHERE task_id = ?) >= votes_wanted FROM studies WHERE id = ?`,
      )
        .pluck()
        .get(v.taskId, sid);
      if (full) return 'task_full';
      prepared(db, 'INSERT INTO votes (task_id, annotator_id, left_is_x, choice, reason) VALUES (?, ?, ?, ?, ?)').run(
        v.taskId,
        aid,
        v.leftIsX ? 1 : 0,
        v.choice,
        v.reason ?? null,
      );
      writeBatch(db, {
        items: [],
        responses: [],
        comparisons: [voteComparison({ dataset: t.dataset, itemKey: t.key, x: t.x, y: t.y }, v)],
      });
      return 'recorded';
    })
    .immediate();
}

/** Closes a study (idempotent). */
export function closeStudy(db: Database.Database, study: string): void {
  const sid = studyId(db, study);
  db.prepare(
    "UPDATE studies SET closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? AND closed_at IS NULL",
  ).run(sid);
}

/** Revokes an annotator's link (idempotent); an unknown name is an error. */
export function revokeAnnotator(db: Database.Database, study: string, name: string): void {
  const r = db
    .prepare(
      "UPDATE annotators SET revoked_at = coalesce(revoked_at, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) WHERE study_id = ? AND name = ?",
    )
    .run(studyId(db, study), name);
  if (r.changes === 0) throw new ArgumentError(`no annotator "${name}" in study "${study}"`);
}

/** Every study, oldest first, with its state and its annotators' judge names. */
export function listStudies(db: Database.Database): StudyInfo[] {
  const rows = db
    .prepare(
      `SELECT s.name, s.closed_at IS NULL AS open, s.votes_wanted AS votesWanted,
    (SELECT count(*) FROM study_tasks t WHERE t.study_id = s.id) AS tasks,
    (SELECT count(*) FROM votes v JOIN study_tasks t ON t.id = v.task_id WHERE t.study_id = s.id) AS votes,
    (SELECT json_group_array(a.name) FROM annotators a WHERE a.study_id = s.id) AS names FROM studies s ORDER BY s.id`,
    )
    .all() as { name: string; open: number; votesWanted: number; tasks: number; votes: number; names: string }[];
  return rows.map((r) => ({
    name: r.name,
    open: r.open === 1,
    tasks: r.tasks,
    votes: r.votes,
    votesWanted: r.votesWanted,
    judges: (JSON.parse(r.names) as string[]).map((n) => `human:${n}`),
  }));
}

/** A named secret of the store, created at random once (concurrent first uses agree on the one stored). */
export function secret(db: Database.Database, name: string): string {
  return db
    .transaction(() => {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING').run(
        `secret:${name}`,
        randomBytes(32).toString('hex'),
      );
      return db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(`secret:${name}`) as string;
    })
    .immediate();
}

/** Every vote of a study, in order (its export and `winrate study quality`). */
export function studyVotes(db: Database.Database, study: string): StudyVote[] {
  const rows = db
    .prepare(
      `SELECT t.id AS taskId, i.key AS itemKey, a.name AS annotator, sx.name AS systemX, sy.name AS systemY, v.left_is_x AS leftIsX,
    v.choice, t.gold, v.reason, v.created_at AS createdAt FROM votes v JOIN study_tasks t ON t.id = v.task_id JOIN studies s ON s.id = t.study_id
    JOIN annotators a ON a.id = v.annotator_id JOIN items i ON i.id = t.item_id JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y
    WHERE s.name = ? ORDER BY v.id`,
    )
    .all(study) as (Omit<StudyVote, 'leftSystem' | 'winner'> & { leftIsX: number })[];
  return rows.map((r) => voteView({ ...r, leftIsX: r.leftIsX === 1 }));
}
