import { createHmac } from 'node:crypto';
import { ArgumentError } from '../core/errors.js';
import type { Comparison } from '../core/model.js';
import type { StudySpec, StudyVote, VoteInput } from './studies.js';

/**
 * The design rules of human studies, shared by every store backend: which pairs of systems a study compares, how
 * gold answers are coded, which side a voter sees first, what a vote means as a comparison. Everything is keyed by
 * names, never by storage ids, so two backends build and present the same study.
 */

/** The (x, y) pairs of a study: every system against the baseline, or all pairs. */
export function studyPairs(known: Set<string>, spec: StudySpec): [string, string][] {
  const systems = spec.systems ?? [...known];
  for (const s of systems) if (!known.has(s)) throw new ArgumentError(`unknown system "${s}"`);
  const pairs: [string, string][] = [];
  if (spec.design.kind === 'baseline') {
    const b = spec.design.baseline;
    if (!known.has(b)) throw new ArgumentError(`unknown baseline "${b}"`);
    for (const s of systems) if (s !== b) pairs.push([b, s]);
  } else {
    for (let i = 0; i < systems.length; i++)
      for (let j = i + 1; j < systems.length; j++) pairs.push([systems[i], systems[j]]);
  }
  if (pairs.length === 0) throw new ArgumentError('a study needs at least two systems');
  return pairs;
}

/** A task's gold answer coded against its pair: the system that must win is x or y, or a tie; null when none. */
export function goldCode(gold: string | undefined, x: string, y: string): 'x' | 'y' | 'tie' | null {
  return gold === undefined ? null : gold === 'tie' ? 'tie' : gold === x ? 'x' : gold === y ? 'y' : null;
}

/**
 * Whether system x is shown on the left to this annotator: a fair coin keyed by a secret of the store (HMAC-SHA-256 of
 * the task's and the annotator's names). Without the key, the names alone — all public to an annotator who knows the
 * study — would tell which side a system is on, and a blind vote could choose its system.
 */
export function leftIsX(
  task: { study: string; itemKey: string; x: string; y: string },
  annotator: string,
  key: string,
): boolean {
  const h = createHmac('sha256', key)
    .update(JSON.stringify([task.study, task.itemKey, task.x, task.y, annotator]))
    .digest();
  return (h[0] & 1) === 1;
}

/**
 * ORDER BY of the next task for annotator `p` (a placeholder of the annotator's id, used twice): fewest votes
 * first; then not the item of the annotator's last vote, so the same prompt does not come up twice in a row when a
 * design has several pairs per item; then a shuffle per annotator: the key (a·t² + b_p·t) mod M, M = 2³¹ − 1
 * prime, t the task id and b_p = p·1103515245 mod M. Quadratic in t with a coefficient that depends on the annotator,
 * so each annotator gets a different permutation (a key linear in t, t·a + c_p, only rotated one order). Every
 * product stays below 2⁶³, so SQLite and PostgreSQL compute it exactly in 64-bit integers.
 */
export const NEXT_TASK_ORDER = (p: string): string => `(SELECT count(*) FROM votes v WHERE v.task_id = t.id),
  CASE WHEN t.item_id = (SELECT lt.item_id FROM votes lv JOIN study_tasks lt ON lt.id = lv.task_id WHERE lv.annotator_id = ${p}
    ORDER BY lv.id DESC LIMIT 1) THEN 1 ELSE 0 END,
  ((CAST(t.id AS BIGINT) * t.id) % 2147483647 * 48271
    + CAST(t.id AS BIGINT) * ((CAST(${p} AS BIGINT) * 1103515245) % 2147483647)) % 2147483647, t.id`;

/** The comparison a vote becomes: judged by "human:NAME", the side shown first recorded, ties and "both bad" as ½. */
export function voteComparison(
  task: { dataset: string; itemKey: string; x: string; y: string },
  v: VoteInput,
): Comparison {
  const xWins = v.choice === 'left' ? v.leftIsX : v.choice === 'right' ? !v.leftIsX : null;
  return {
    dataset: task.dataset,
    itemKey: task.itemKey,
    systemA: task.x,
    systemB: task.y,
    judge: `human:${v.annotator}`,
    shownFirst: v.leftIsX ? 'a' : 'b',
    sample: 0,
    status: 'ok',
    pA: xWins === null ? 0.5 : xWins ? 1 : 0,
    label: v.choice === 'both_bad' ? 'both_bad' : v.choice === 'tie' ? 'tie' : xWins ? 'A' : 'B',
    rationale: v.reason ?? null,
    source: `study:${v.study}`,
  };
}

/** A stored vote as reported: which system was on the left, who won, the gold answer by system name. */
export function voteView(r: Omit<StudyVote, 'leftSystem' | 'winner'> & { leftIsX: boolean }): StudyVote {
  const { leftIsX: lx, ...rest } = r;
  const left = lx ? r.systemX : r.systemY;
  const right = lx ? r.systemY : r.systemX;
  const gold = r.gold === 'x' ? r.systemX : r.gold === 'y' ? r.systemY : r.gold;
  return {
    ...rest,
    gold,
    leftSystem: left,
    winner: r.choice === 'left' ? left : r.choice === 'right' ? right : r.choice,
  };
}
