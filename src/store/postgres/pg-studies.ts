import type { PoolClient } from 'pg';
import { ArgumentError } from '../../core/errors.js';
import { randomBytes } from 'node:crypto';
import type { StudyInfo, StudySpec, StudyVote, VoteInput, VoteOutcome, VoteTask } from '../studies.js';
import { goldCode, leftIsX, NEXT_TASK_ORDER, studyPairs, voteComparison, voteView } from '../study-design.js';
import { insertRows, type Cell } from './pg-copy.js';
import { writeBatchPg } from './pg-import.js';

async function studyId(client: PoolClient, name: string): Promise<number> {
  const id = (await client.query<{ id: number }>('SELECT id FROM studies WHERE name = $1', [name])).rows[0]?.id;
  if (id === undefined) throw new ArgumentError(`unknown study "${name}"`);
  return id;
}

/** Creates a study's tasks from the items on which the systems all have responses (inside a write transaction). */
export async function createStudyPg(client: PoolClient, spec: StudySpec): Promise<{ tasks: number; gold: number }> {
  const sys = new Map(
    (await client.query<{ name: string; id: number }>('SELECT name, id FROM systems')).rows.map((r) => [r.name, r.id]),
  );
  const pairs = studyPairs(new Set(sys.keys()), spec);
  const sid = (
    await client.query<{ id: number }>(
      'INSERT INTO studies (name, dataset, design, votes_wanted) VALUES ($1, $2, $3, $4) RETURNING id',
      [spec.name, spec.dataset ?? null, JSON.stringify(spec.design), spec.votesWanted],
    )
  ).rows[0].id;
  const items = (
    await client.query<{ id: number; key: string }>(
      'SELECT id, key FROM items WHERE ($1::text IS NULL OR dataset = $1) ORDER BY id',
      [spec.dataset ?? null],
    )
  ).rows;
  const has = new Set(
    (await client.query<{ k: string }>("SELECT item_id || '|' || system_id AS k FROM responses")).rows.map((r) => r.k),
  );
  const rows: Cell[][] = [];
  let gold = 0;
  for (const it of items) {
    for (const [x, y] of pairs) {
      if (!has.has(`${it.id}|${sys.get(x)}`) || !has.has(`${it.id}|${sys.get(y)}`)) continue;
      const code = goldCode(spec.gold?.[it.key], x, y);
      rows.push([sid, it.id, sys.get(x), sys.get(y), code]);
      if (code) gold++;
    }
  }
  if (rows.length === 0) throw new ArgumentError('no item has responses from both systems of any pair');
  await insertRows(client, 'study_tasks', ['study_id', 'item_id', 'system_x', 'system_y', 'gold'], rows);
  return { tasks: rows.length, gold };
}

/** Registers an annotator (token hash only); a second invitation under the same name is refused. */
export async function addAnnotatorPg(
  client: PoolClient,
  study: string,
  name: string,
  tokenHash: string,
): Promise<void> {
  const sid = await studyId(client, study);
  if ((await client.query('SELECT 1 FROM annotators WHERE study_id = $1 AND name = $2', [sid, name])).rowCount) {
    throw new ArgumentError(
      `annotator "${name}" is already invited to study "${study}" (their link stays valid; choose another name for a new one)`,
    );
  }
  await client.query('INSERT INTO annotators (study_id, name, token_hash) VALUES ($1, $2, $3)', [sid, name, tokenHash]);
}

/** The annotator a token hash belongs to in a study, or null. */
export async function annotatorByTokenPg(client: PoolClient, study: string, tokenHash: string): Promise<string | null> {
  return (
    (
      await client.query<{ name: string }>(
        `SELECT a.name FROM annotators a JOIN studies s ON s.id = a.study_id
    WHERE s.name = $1 AND a.token_hash = $2 AND a.revoked_at IS NULL`,
        [study, tokenHash],
      )
    ).rows[0]?.name ?? null
  );
}

/**
 * Fewest-votes-first among tasks this annotator has not voted on and that still want votes; sides from the design
 * rules.
 */
export async function nextTaskPg(
  client: PoolClient,
  study: string,
  annotator: string,
  sideKey: string,
): Promise<VoteTask | null> {
  const sid = await studyId(client, study);
  const aid =
    (
      await client.query<{ id: number }>('SELECT id FROM annotators WHERE study_id = $1 AND name = $2', [
        sid,
        annotator,
      ])
    ).rows[0]?.id ?? -1;
  const total = (await client.query<{ n: number }>('SELECT count(*) AS n FROM study_tasks WHERE study_id = $1', [sid]))
    .rows[0].n;
  const done = (
    await client.query<{ n: number }>(
      `SELECT count(*) AS n FROM votes v JOIN study_tasks t ON t.id = v.task_id
    WHERE t.study_id = $1 AND v.annotator_id = $2`,
      [sid, aid],
    )
  ).rows[0].n;
  const t = (
    await client.query<{ id: number; instruction: string; key: string; sx: string; sy: string; x: string; y: string }>(
      `SELECT t.id, i.instruction, i.key, sx.name AS sx, sy.name AS sy, rx.output AS x, ry.output AS y FROM study_tasks t
    JOIN items i ON i.id = t.item_id JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y
    JOIN responses rx ON rx.item_id = t.item_id AND rx.system_id = t.system_x JOIN responses ry ON ry.item_id = t.item_id AND ry.system_id = t.system_y
    WHERE t.study_id = $1 AND NOT EXISTS (SELECT 1 FROM votes v WHERE v.task_id = t.id AND v.annotator_id = $2)
      AND (SELECT count(*) FROM votes v WHERE v.task_id = t.id) < (SELECT votes_wanted FROM studies WHERE id = t.study_id)
      AND (SELECT closed_at FROM studies WHERE id = t.study_id) IS NULL
    ORDER BY ${NEXT_TASK_ORDER('$3')} LIMIT 1`,
      [sid, aid, aid],
    )
  ).rows[0];
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
 * annotator not revoked (inside the store's write transaction); the vote is also a comparison judged by "human:NAME".
 */
export async function recordVotePg(client: PoolClient, v: VoteInput): Promise<VoteOutcome> {
  const sid = await studyId(client, v.study);
  const a = (
    await client.query<{ id: number; revoked_at: string | null }>(
      'SELECT id, revoked_at FROM annotators WHERE study_id = $1 AND name = $2',
      [sid, v.annotator],
    )
  ).rows[0];
  const closed = (
    await client.query<{ closed_at: string | null }>('SELECT closed_at FROM studies WHERE id = $1 FOR UPDATE', [sid])
  ).rows[0].closed_at;
  if (!a || a.revoked_at !== null || closed !== null) return 'closed';
  const t = (
    await client.query<{ dataset: string; key: string; x: string; y: string }>(
      `SELECT i.dataset, i.key, sx.name AS x, sy.name AS y
    FROM study_tasks t JOIN items i ON i.id = t.item_id JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y
    WHERE t.id = $1 AND t.study_id = $2 FOR UPDATE OF t`,
      [v.taskId, sid],
    )
  ).rows[0];
  if (!t) throw new ArgumentError('no such task in this study');
  if ((await client.query('SELECT 1 FROM votes WHERE task_id = $1 AND annotator_id = $2', [v.taskId, a.id])).rowCount)
    return 'already_voted';
  const full = (
    await client.query<{ full: boolean }>(
      `SELECT (SELECT count(*) FROM votes WHERE task_id = $1) >= votes_wanted AS full
    FROM studies WHERE id = $2`,
      [v.taskId, sid],
    )
  ).rows[0].full;
  if (full) return 'task_full';
  await client.query(
    'INSERT INTO votes (task_id, annotator_id, left_is_x, choice, reason) VALUES ($1, $2, $3, $4, $5)',
    [v.taskId, a.id, v.leftIsX ? 1 : 0, v.choice, v.reason ?? null],
  );
  await writeBatchPg(client, {
    items: [],
    responses: [],
    comparisons: [voteComparison({ dataset: t.dataset, itemKey: t.key, x: t.x, y: t.y }, v)],
  });
  return 'recorded';
}

/** Closes a study (idempotent). */
export async function closeStudyPg(client: PoolClient, study: string): Promise<void> {
  await client.query(`UPDATE studies SET closed_at = ${PG_NOW} WHERE id = $1 AND closed_at IS NULL`, [
    await studyId(client, study),
  ]);
}

/** Revokes an annotator's link (idempotent); an unknown name is an error. */
export async function revokeAnnotatorPg(client: PoolClient, study: string, name: string): Promise<void> {
  const r = await client.query(
    `UPDATE annotators SET revoked_at = coalesce(revoked_at, ${PG_NOW}) WHERE study_id = $1 AND name = $2`,
    [await studyId(client, study), name],
  );
  if (r.rowCount === 0) throw new ArgumentError(`no annotator "${name}" in study "${study}"`);
}

/** Every study, oldest first, with its state and its annotators' judge names. */
export async function listStudiesPg(client: PoolClient): Promise<StudyInfo[]> {
  const rows = (
    await client.query<{
      name: string;
      open: boolean;
      votesWanted: number;
      tasks: string;
      votes: string;
      names: string[];
    }>(
      `SELECT s.name, s.closed_at IS NULL AS open, s.votes_wanted AS "votesWanted",
    (SELECT count(*) FROM study_tasks t WHERE t.study_id = s.id) AS tasks,
    (SELECT count(*) FROM votes v JOIN study_tasks t ON t.id = v.task_id WHERE t.study_id = s.id) AS votes,
    ARRAY(SELECT a.name FROM annotators a WHERE a.study_id = s.id ORDER BY a.id) AS names FROM studies s ORDER BY s.id`,
    )
  ).rows;
  return rows.map((r) => ({
    name: r.name,
    open: r.open,
    tasks: Number(r.tasks),
    votes: Number(r.votes),
    votesWanted: r.votesWanted,
    judges: r.names.map((n) => `human:${n}`),
  }));
}

/** A named secret of the store, created at random once (concurrent first uses agree on the one stored). */
export async function secretPg(client: PoolClient, name: string): Promise<string> {
  await client.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
    `secret:${name}`,
    randomBytes(32).toString('hex'),
  ]);
  return (await client.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [`secret:${name}`]))
    .rows[0].value;
}

const PG_NOW = `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Every vote of a study with what the annotator saw. */
export async function studyVotesPg(client: PoolClient, study: string): Promise<StudyVote[]> {
  const rows = (
    await client.query<Omit<StudyVote, 'leftSystem' | 'winner'> & { leftIsX: number }>(
      `SELECT t.id AS "taskId", i.key AS "itemKey", a.name AS annotator, sx.name AS "systemX", sy.name AS "systemY",
    v.left_is_x AS "leftIsX", v.choice, t.gold, v.reason, v.created_at AS "createdAt" FROM votes v JOIN study_tasks t ON t.id = v.task_id
    JOIN studies s ON s.id = t.study_id JOIN annotators a ON a.id = v.annotator_id JOIN items i ON i.id = t.item_id
    JOIN systems sx ON sx.id = t.system_x JOIN systems sy ON sy.id = t.system_y WHERE s.name = $1 ORDER BY v.id`,
      [study],
    )
  ).rows;
  return rows.map((r) => voteView({ ...r, leftIsX: r.leftIsX === 1 }));
}
