import type Database from 'better-sqlite3';
import { prepared } from './prepared.js';
import { InputError } from '../../core/errors.js';
import { codePointLength, type Provenance } from '../../core/model.js';
import type { ImportBatch, ImportSummary } from '../store.js';
import { turnsJson } from '../judging-inputs.js';
import { gradeMerge, mergeItem, outputConflict, strongOf, verdictConflict } from '../import-rules.js';


/**
 * Writes one {@link ImportBatch} inside the caller's transaction. Records already stored identically are
 * counted as unchanged (imports are idempotent); a record that contradicts a stored one (another output for
 * the same item and system, another verdict for the same judgment) throws an InputError naming its origin,
 * and the caller's transaction rolls everything back.
 */
export function writeBatch(db: Database.Database, batch: ImportBatch): ImportSummary {
  const ids = new IdCache(db);
  const summary: ImportSummary = { inserted: { items: 0, responses: 0, comparisons: 0, grades: 0, matches: 0 }, unchanged: 0 };
  const total = batch.items.length + batch.responses.length + batch.comparisons.length + (batch.grades?.length ?? 0) + (batch.matches?.length ?? 0);
  let done = 0;
  const tick = (): void => {
    done++;
    if (batch.onProgress && (done % 2000 === 0 || done === total)) batch.onProgress(done, total);
  };

  for (const name of batch.systems ?? []) ids.system(name);
  for (const name of batch.judges ?? []) ids.judge(name);
  const setSetting = prepared(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (const [k, v] of Object.entries(batch.settings ?? {})) setSetting.run(k, v);
  const insCache = prepared(db, 'INSERT INTO judge_cache (key, provider, model, response, judge, cost) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  for (const e of batch.cache ?? []) insCache.run(e.key, e.provider, e.model, e.response, e.judge, e.cost);

  const insItem = prepared(db, `INSERT INTO items (dataset, key, instruction, category, reference, turns, reference_turns) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  const getItem = prepared(db, 'SELECT id, instruction FROM items WHERE dataset = ? AND key = ?');
  const setItem = prepared(db, `UPDATE items SET instruction = ?, category = coalesce(?, category), reference = coalesce(?, reference),
    turns = coalesce(?, turns), reference_turns = coalesce(?, reference_turns) WHERE dataset = ? AND key = ?`);
  const setRef = prepared(db, 'UPDATE items SET reference = coalesce(?, reference), reference_turns = coalesce(?, reference_turns) WHERE dataset = ? AND key = ?');
  for (const it of batch.items) {
    const r = insItem.run(it.dataset, it.key, it.instruction, it.category ?? null, it.reference ?? null, turnsJson(it.turns), turnsJson(it.referenceTurns));
    if (r.changes > 0) summary.inserted.items++;
    else {
      const decision = mergeItem(getItem.get(it.dataset, it.key) as { instruction: string }, it);
      // reference answers may come in a file of their own (FastChat's reference_answer/), after the questions
      if (decision !== 'replace' && (it.reference || it.referenceTurns)) setRef.run(it.reference ?? null, turnsJson(it.referenceTurns), it.dataset, it.key);
      if (decision === 'replace') {
        setItem.run(it.instruction, it.category ?? null, it.reference ?? null, turnsJson(it.turns), turnsJson(it.referenceTurns), it.dataset, it.key);
        summary.inserted.items++;
      } else if (decision === 'unchanged') summary.unchanged++;
      else conflict(it.origin, 'instruction', decision.conflict);
    }
    tick();
  }

  const insResp = prepared(db, `INSERT INTO responses (item_id, system_id, output, length, tokens, headers, lists, bolds, turns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  const getResp = prepared(db, 'SELECT output FROM responses WHERE item_id = ? AND system_id = ?');
  for (const r of batch.responses) {
    const itemId = ids.item(r.dataset, r.itemKey, r.origin);
    const sysId = ids.system(r.system);
    const st = r.style;
    if (insResp.run(itemId, sysId, r.output, codePointLength(r.output), st?.tokens ?? null, st?.headers ?? null, st?.lists ?? null, st?.bolds ?? null,
      turnsJson(r.turns)).changes > 0) summary.inserted.responses++;
    else {
      const problem = outputConflict((getResp.get(itemId, sysId) as { output: string }).output, r);
      if (problem) conflict(r.origin, 'output', problem);
      summary.unchanged++;
    }
    tick();
  }

  const lastIdBefore = (prepared(db, 'SELECT coalesce(max(id), 0) FROM comparisons').pluck().get() as number);
  const insCmp = prepared(db, `INSERT INTO comparisons (item_id, system_a, system_b, judge_id, shown_first, sample, status, p_a, label,
    rationale, raw_output, prompt_tokens, completion_tokens, cost, duration_ms, seq, source_id, battle_source,
    tokens_a, tokens_b, headers_a, headers_b, lists_a, lists_b, bolds_a, bolds_b, strong)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const getCmp = prepared(db, `SELECT status, p_a, label FROM comparisons
    WHERE item_id = ? AND system_a = ? AND system_b = ? AND judge_id = ? AND shown_first = ? AND sample = ?`);
  const getBattle = prepared(db, 'SELECT status, p_a, label FROM comparisons WHERE item_id IS NULL AND battle_source = ? AND seq = ?');
  for (const c of batch.comparisons) {
    const itemId = c.itemKey === null ? null : ids.item(c.dataset, c.itemKey, c.origin);
    if (itemId === null && (c.sourceHash == null || c.seq == null)) conflict(c.origin, 'item', 'a comparison without an item needs sourceHash and seq');
    const key = [itemId, ids.system(c.systemA), ids.system(c.systemB), ids.judge(c.judge), c.shownFirst ?? '', c.sample] as const;
    const a = c.styleA;
    const b = c.styleB;
    const sourceId = ids.source(c.source ?? null, null);
    const battleSource = itemId === null ? ids.source(c.source ?? null, c.sourceHash ?? null) : null;
    const r = insCmp.run(...key, c.status, c.pA, c.label, c.rationale ?? null, c.rawOutput ?? null, c.promptTokens ?? null,
      c.completionTokens ?? null, c.cost ?? null, c.durationMs ?? null, c.seq ?? null, sourceId, battleSource,
      a?.tokens ?? null, b?.tokens ?? null, a?.headers ?? null, b?.headers ?? null, a?.lists ?? null, b?.lists ?? null, a?.bolds ?? null, b?.bolds ?? null,
      strongOf(c) ? 1 : 0);
    if (r.changes > 0) summary.inserted.comparisons++;
    else {
      const old = (itemId === null ? getBattle.get(battleSource, c.seq) : getCmp.get(...key)) as { status: string; p_a: number | null; label: string | null };
      const problem = verdictConflict({ status: old.status, pA: old.p_a, label: old.label }, c);
      if (problem) conflict(c.origin, c.origin?.field ?? 'verdict', problem);
      summary.unchanged++;
    }
    tick();
  }

  prepared(db, `INSERT INTO pair_outcomes (judge_id, system_a, system_b, p_a, strong, n)
    SELECT judge_id, system_a, system_b, p_a, strong, count(*) FROM comparisons WHERE id > ? AND status = 'ok'
    GROUP BY judge_id, system_a, system_b, p_a, strong ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT DO UPDATE SET n = n + excluded.n`).run(lastIdBefore);

  const insGrade = prepared(db, `INSERT INTO grades (item_id, system_id, judge_id, turn, sample, score, raw_output, output_length, output_status,
    source_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const getGrade = prepared(db, 'SELECT id, score FROM grades WHERE item_id = ? AND system_id = ? AND judge_id = ? AND turn = ? AND sample = ?');
  const setGrade = prepared(db, 'UPDATE grades SET score = ?, raw_output = ?, output_length = ?, output_status = ?, source_id = ? WHERE id = ?');
  for (const g of batch.grades ?? []) {
    const key = [ids.item(g.dataset, g.itemKey, g.origin), ids.system(g.system), ids.judge(g.judge), g.turn, g.sample ?? 0];
    const rest = [g.rawOutput ?? null, g.outputLength ?? null, g.outputStatus ?? null, ids.source(g.source ?? null, null)];
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
  const insMatch = prepared(db, `INSERT INTO matches (game, match_id, player_a, player_b, score_a, pair, round, opponent_level, date, points_a, a_first, source_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  for (const m of batch.matches ?? []) {
    const first = m.aFirst === undefined || m.aFirst === null ? null : m.aFirst ? 1 : 0;
    if (insMatch.run(m.game, m.matchId, m.playerA, m.playerB, m.scoreA, m.pair ?? null, m.round ?? null, m.opponentLevel ?? null, m.date ?? null,
      m.pointsA ?? null, first, ids.source(m.source ?? null, null)).changes > 0) summary.inserted.matches++;
    else summary.unchanged++;
    tick();
  }
  return summary;
}

function conflict(origin: Provenance | null | undefined, field: string, message: string): never {
  throw new InputError('INPUT_CONFLICT', message, { ...origin, field });
}

/** Name → id caches for systems, judges and items, creating rows on first use. */
class IdCache {
  private readonly systems = new Map<string, number>();
  private readonly judges = new Map<string, number>();
  private readonly items = new Map<string, number>();
  private readonly sources = new Map<string, number>();
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insSystem: prepared(db, 'INSERT INTO systems (name) VALUES (?) ON CONFLICT DO NOTHING'),
      getSystem: prepared(db, 'SELECT id FROM systems WHERE name = ?').pluck(),
      insJudge: prepared(db, 'INSERT INTO judges (name) VALUES (?) ON CONFLICT DO NOTHING'),
      getJudge: prepared(db, 'SELECT id FROM judges WHERE name = ?').pluck(),
      getItem: prepared(db, 'SELECT id FROM items WHERE dataset = ? AND key = ?').pluck(),
      insSource: prepared(db, 'INSERT INTO sources (path, hash) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      getSource: prepared(db, 'SELECT id FROM sources WHERE path = ? AND hash = ?').pluck(),
      getSourceByHash: prepared(db, 'SELECT id FROM sources WHERE hash = ? ORDER BY id LIMIT 1').pluck(),
    };
  }

  system(name: string): number {
    return this.named(this.systems, this.stmts.insSystem, this.stmts.getSystem, name);
  }

  judge(name: string): number {
    return this.named(this.judges, this.stmts.insJudge, this.stmts.getJudge, name);
  }

  /** Id of a name in a name table, inserting it on first use. */
  private named(cache: Map<string, number>, ins: Database.Statement, get: Database.Statement, name: string): number {
    let id = cache.get(name);
    if (id === undefined) {
      ins.run(name);
      id = get.get(name) as number;
      cache.set(name, id);
    }
    return id;
  }

  /**
   * Id of a source (file path, optional content hash). A content hash identifies the file whatever its path:
   * the same battles re-imported from a renamed copy map to the same source.
   */
  source(path: string | null, hash: string | null): number | null {
    if (path === null && hash === null) return null;
    const k = `${path}\u0000${hash}`;
    let id = this.sources.get(k);
    if (id === undefined) {
      id = hash === null ? undefined : (this.stmts.getSourceByHash.get(hash) as number | undefined);
      if (id === undefined) {
        this.stmts.insSource.run(path ?? '', hash ?? '');
        id = this.stmts.getSource.get(path ?? '', hash ?? '') as number;
      }
      this.sources.set(k, id);
    }
    return id;
  }

  item(dataset: string, key: string, origin?: Provenance | null): number {
    const k = `${dataset}\u0000${key}`;
    let id = this.items.get(k);
    if (id === undefined) {
      id = this.stmts.getItem.get(dataset, key) as number | undefined;
      if (id === undefined) throw new InputError('INPUT_FIELD', `unknown item "${key}" in dataset "${dataset}"`, origin ?? {});
      this.items.set(k, id);
    }
    return id;
  }
}
