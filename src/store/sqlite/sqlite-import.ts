import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';
import { codePointLength } from '../../core/model.js';
import type { ImportBatch, ImportSummary } from '../store.js';
import { turnsJson } from '../judging-inputs.js';
import { gradeMerge, mergeItem, outputConflict } from '../import-rules.js';
import { flushOutcomes, writeComparisons } from './sqlite-comparisons.js';
import { OutcomeTally } from '../outcome-tally.js';
import { conflict, IdCache } from './sqlite-ids.js';
import { resolveSourceHash } from './sqlite-source-hash.js';

/**
 * Writes one {@link ImportBatch} inside the caller's transaction. Records already stored identically are
 * counted as unchanged (imports are idempotent); a record that contradicts a stored one (another output for
 * the same item and system, another verdict for the same judgment) throws an InputError naming its origin,
 * and the caller's transaction rolls everything back. The new verdicts' outcome counts are written at the end, or
 * added to `outcomes` when given (a streamed import writes them once, with {@link flushOutcomes}, before its commit).
 */
export function writeBatch(db: Database.Database, batch: ImportBatch, outcomes?: OutcomeTally): ImportSummary {
  const ids = new IdCache(db);
  const summary: ImportSummary = {
    inserted: { items: 0, responses: 0, comparisons: 0, grades: 0, matches: 0 },
    unchanged: 0,
  };
  const total =
    batch.items.length +
    batch.responses.length +
    batch.comparisons.length +
    (batch.columns?.length ?? 0) +
    (batch.grades?.length ?? 0) +
    (batch.matches?.length ?? 0);
  let done = 0;
  const tick = (): void => {
    done++;
    if (batch.onProgress && (done % 2000 === 0 || done === total)) batch.onProgress(done, total);
  };

  for (const name of batch.systems ?? []) ids.system(name);
  for (const name of batch.judges ?? []) ids.judge(name);
  const setSetting = prepared(
    db,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  for (const [k, v] of Object.entries(batch.settings ?? {})) setSetting.run(k, v);
  const insCache = prepared(
    db,
    'INSERT INTO judge_cache (key, provider, model, response, judge, cost) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  for (const e of batch.cache ?? []) insCache.run(e.key, e.provider, e.model, e.response, e.judge, e.cost);

  const insItem = prepared(
    db,
    `INSERT INTO items (dataset, key, instruction, category, reference, turns, reference_turns) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`,
  );
  const getItem = prepared(db, 'SELECT id, instruction FROM items WHERE dataset = ? AND key = ?');
  const setItem = prepared(
    db,
    `UPDATE items SET instruction = ?, category = coalesce(?, category), reference = coalesce(?, reference),
    turns = coalesce(?, turns), reference_turns = coalesce(?, reference_turns) WHERE dataset = ? AND key = ?`,
  );
  const setRef = prepared(
    db,
    'UPDATE items SET reference = coalesce(?, reference), reference_turns = coalesce(?, reference_turns) WHERE dataset = ? AND key = ?',
  );
  for (const it of batch.items) {
    const r = insItem.run(
      it.dataset,
      it.key,
      it.instruction,
      it.category ?? null,
      it.reference ?? null,
      turnsJson(it.turns),
      turnsJson(it.referenceTurns),
    );
    if (r.changes > 0) summary.inserted.items++;
    else {
      const decision = mergeItem(getItem.get(it.dataset, it.key) as { instruction: string }, it);
      // reference answers may come in a file of their own (FastChat's reference_answer/), after the questions
      if (decision !== 'replace' && (it.reference || it.referenceTurns))
        setRef.run(it.reference ?? null, turnsJson(it.referenceTurns), it.dataset, it.key);
      if (decision === 'replace') {
        setItem.run(
          it.instruction,
          it.category ?? null,
          it.reference ?? null,
          turnsJson(it.turns),
          turnsJson(it.referenceTurns),
          it.dataset,
          it.key,
        );
        summary.inserted.items++;
      } else if (decision === 'unchanged') summary.unchanged++;
      else conflict(it.origin, 'instruction', decision.conflict);
    }
    tick();
  }

  const insResp = prepared(
    db,
    `INSERT INTO responses (item_id, system_id, output, length, tokens, headers, lists, bolds, turns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`,
  );
  const getResp = prepared(db, 'SELECT output FROM responses WHERE item_id = ? AND system_id = ?');
  for (const r of batch.responses) {
    const itemId = ids.item(r.dataset, r.itemKey, r.origin);
    const sysId = ids.system(r.system);
    const st = r.style;
    if (
      insResp.run(
        itemId,
        sysId,
        r.output,
        codePointLength(r.output),
        st?.tokens ?? null,
        st?.headers ?? null,
        st?.lists ?? null,
        st?.bolds ?? null,
        turnsJson(r.turns),
      ).changes > 0
    )
      summary.inserted.responses++;
    else {
      const problem = outputConflict((getResp.get(itemId, sysId) as { output: string }).output, r);
      if (problem) conflict(r.origin, 'output', problem);
      summary.unchanged++;
    }
    tick();
  }

  const tally = outcomes ?? new OutcomeTally();
  writeComparisons(db, ids, batch.comparisons, summary, tick, tally);
  if (batch.columns) writeComparisons(db, ids, batch.columns, summary, tick, tally);
  for (const s of batch.sourceHashes ?? []) resolveSourceHash(db, s, summary, tally);
  if (!outcomes) flushOutcomes(db, tally);

  const insGrade = prepared(
    db,
    `INSERT INTO grades (item_id, system_id, judge_id, turn, sample, score, raw_output, output_length, output_status,
    source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const getGrade = prepared(
    db,
    'SELECT id, score FROM grades WHERE item_id = ? AND system_id = ? AND judge_id = ? AND turn = ? AND sample = ?',
  );
  const setGrade = prepared(
    db,
    'UPDATE grades SET score = ?, raw_output = ?, output_length = ?, output_status = ?, source_id = ? WHERE id = ?',
  );
  for (const g of batch.grades ?? []) {
    const key = [
      ids.item(g.dataset, g.itemKey, g.origin),
      ids.system(g.system),
      ids.judge(g.judge),
      g.turn,
      g.sample ?? 0,
    ];
    const rest = [
      g.rawOutput ?? null,
      g.outputLength ?? null,
      g.outputStatus ?? null,
      ids.source(g.source ?? null, null),
    ];
    const r = insGrade.run(...key, g.score, ...rest);
    if (r.changes > 0) summary.inserted.grades++;
    else {
      const old = getGrade.get(...key) as { id: number; score: number | null };
      const merge = gradeMerge(old.score, g);
      if (merge.action === 'conflict') conflict(g.origin, 'score', merge.problem);
      if (merge.action === 'replace') {
        setGrade.run(g.score, ...rest, old.id);
        summary.inserted.grades++;
      } else summary.unchanged++;
    }
    tick();
  }
  const insMatch = prepared(
    db,
    `INSERT INTO matches (game, match_id, player_a, player_b, score_a, pair, round, opponent_level, date, points_a, a_first,
      source_id, level_a, contest)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  for (const m of batch.matches ?? []) {
    const first = m.aFirst === undefined || m.aFirst === null ? null : m.aFirst ? 1 : 0;
    if (
      insMatch.run(
        m.game,
        m.matchId,
        m.playerA,
        m.playerB,
        m.scoreA,
        m.pair ?? null,
        m.round ?? null,
        m.opponentLevel ?? null,
        m.date ?? null,
        m.pointsA ?? null,
        first,
        ids.source(m.source ?? null, null),
        m.levelA ?? null,
        m.contest ?? null,
      ).changes > 0
    )
      summary.inserted.matches++;
    else summary.unchanged++;
    tick();
  }
  return summary;
}
