import type Database from 'better-sqlite3';
import { InputError, type ErrorLocation } from '../../core/errors.js';
import { codePointLength } from '../../core/model.js';
import type { ImportBatch, ImportSummary } from '../store.js';

type WithOrigin = { origin?: ErrorLocation };

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

  const insItem = db.prepare('INSERT INTO items (dataset, key, instruction, category, reference) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const getItem = db.prepare('SELECT id, instruction FROM items WHERE dataset = ? AND key = ?');
  for (const it of batch.items as (typeof batch.items[number] & WithOrigin)[]) {
    const r = insItem.run(it.dataset, it.key, it.instruction, it.category ?? null, it.reference ?? null);
    if (r.changes > 0) summary.inserted.items++;
    else {
      const old = getItem.get(it.dataset, it.key) as { instruction: string };
      if (old.instruction !== it.instruction) conflict(it.origin, 'instruction', `item "${it.key}" is already stored with another instruction text`);
      summary.unchanged++;
    }
    tick();
  }

  const insResp = db.prepare('INSERT INTO responses (item_id, system_id, output, length) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING');
  const getResp = db.prepare('SELECT output FROM responses WHERE item_id = ? AND system_id = ?');
  for (const r of batch.responses as (typeof batch.responses[number] & WithOrigin)[]) {
    const itemId = ids.item(r.dataset, r.itemKey, r.origin);
    const sysId = ids.system(r.system);
    if (insResp.run(itemId, sysId, r.output, codePointLength(r.output)).changes > 0) summary.inserted.responses++;
    else {
      const old = getResp.get(itemId, sysId) as { output: string };
      if (old.output !== r.output) conflict(r.origin, 'output', `system "${r.system}" already has a different output stored for this item`);
      summary.unchanged++;
    }
    tick();
  }

  const insCmp = db.prepare(`INSERT INTO comparisons (item_id, system_a, system_b, judge_id, shown_first, sample, status, p_a, label,
    rationale, raw_output, prompt_tokens, completion_tokens, cost, duration_ms, seq, source)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
  const getCmp = db.prepare(`SELECT status, p_a, label FROM comparisons
    WHERE item_id = ? AND system_a = ? AND system_b = ? AND judge_id = ? AND shown_first = ? AND sample = ?`);
  for (const c of batch.comparisons as (typeof batch.comparisons[number] & WithOrigin)[]) {
    const key = [ids.item(c.dataset, c.itemKey, c.origin), ids.system(c.systemA), ids.system(c.systemB), ids.judge(c.judge), c.shownFirst ?? '', c.sample] as const;
    const r = insCmp.run(...key, c.status, c.pA, c.label, c.rationale ?? null, c.rawOutput ?? null, c.promptTokens ?? null,
      c.completionTokens ?? null, c.cost ?? null, c.durationMs ?? null, c.seq ?? null, c.source ?? null);
    if (r.changes > 0) summary.inserted.comparisons++;
    else {
      const old = getCmp.get(...key) as { status: string; p_a: number | null; label: string | null };
      if (old.status !== c.status || old.p_a !== c.pA || old.label !== c.label) {
        conflict(c.origin, 'preference', `judge "${c.judge}" already has a different verdict stored for ${c.systemA} vs ${c.systemB} on this item (${old.label ?? old.status} ≠ ${c.label ?? c.status})`);
      }
      summary.unchanged++;
    }
    tick();
  }

  const insGrade = db.prepare(`INSERT INTO grades (item_id, system_id, judge_id, turn, score, raw_output, source) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  for (const g of (batch.grades ?? []) as (NonNullable<ImportBatch['grades']>[number] & WithOrigin)[]) {
    const r = insGrade.run(ids.item(g.dataset, g.itemKey, g.origin), ids.system(g.system), ids.judge(g.judge), g.turn, g.score, g.rawOutput ?? null, g.source ?? null);
    if (r.changes > 0) summary.inserted.grades++;
    else summary.unchanged++;
    tick();
  }
  const insMatch = db.prepare('INSERT INTO matches (game, match_id, player_a, player_b, score_a, source) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
  for (const m of batch.matches ?? []) {
    if (insMatch.run(m.game, m.matchId, m.playerA, m.playerB, m.scoreA, m.source ?? null).changes > 0) summary.inserted.matches++;
    else summary.unchanged++;
    tick();
  }
  return summary;
}

function conflict(origin: ErrorLocation | undefined, field: string, message: string): never {
  throw new InputError('INPUT_CONFLICT', message, { ...origin, field });
}

/** Name → id caches for systems, judges and items, creating rows on first use. */
class IdCache {
  private readonly systems = new Map<string, number>();
  private readonly judges = new Map<string, number>();
  private readonly items = new Map<string, number>();
  private readonly stmts;

  constructor(db: Database.Database) {
    this.stmts = {
      insSystem: db.prepare('INSERT INTO systems (name) VALUES (?) ON CONFLICT DO NOTHING'),
      getSystem: db.prepare('SELECT id FROM systems WHERE name = ?').pluck(),
      insJudge: db.prepare('INSERT INTO judges (name) VALUES (?) ON CONFLICT DO NOTHING'),
      getJudge: db.prepare('SELECT id FROM judges WHERE name = ?').pluck(),
      getItem: db.prepare('SELECT id FROM items WHERE dataset = ? AND key = ?').pluck(),
    };
  }

  system(name: string): number {
    let id = this.systems.get(name);
    if (id === undefined) {
      this.stmts.insSystem.run(name);
      id = this.stmts.getSystem.get(name) as number;
      this.systems.set(name, id);
    }
    return id;
  }

  judge(name: string): number {
    let id = this.judges.get(name);
    if (id === undefined) {
      this.stmts.insJudge.run(name);
      id = this.stmts.getJudge.get(name) as number;
      this.judges.set(name, id);
    }
    return id;
  }

  item(dataset: string, key: string, origin?: ErrorLocation): number {
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
