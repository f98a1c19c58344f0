import type { PoolClient } from 'pg';
import { InputError } from '../../core/errors.js';
import { codePointLength, type Provenance } from '../../core/model.js';
import { writeComparisons } from './pg-comparisons.js';
import { resolveSourceHashPg } from './pg-source-hash.js';
import { comparisonsOf } from '../comparison-columns.js';
import type { ImportBatch, ImportSummary } from '../store.js';
import { turnsJson } from '../judging-inputs.js';
import { gradeMerge, mergeItem, outputConflict } from '../import-rules.js';
import { insertRows, type Cell } from './pg-copy.js';
import { itemKey, PgIds } from './pg-names.js';

/**
 * Writes one {@link ImportBatch} inside the caller's transaction (which holds the store's write lock), with the
 * same outcome as the SQLite backend: the shared import rules decide stand-ins and conflicts, records are checked
 * against stored ones and against earlier records of the batch, and new rows go in with COPY in batch order.
 */
export async function writeBatchPg(
  client: PoolClient,
  batch: ImportBatch,
  ids = new PgIds(client),
): Promise<ImportSummary> {
  // Columns (a streamed battles file) as rows: COPY sends them row by row anyway.
  if (batch.columns)
    batch = { ...batch, comparisons: [...batch.comparisons, ...comparisonsOf(batch.columns)], columns: undefined };
  const summary: ImportSummary = {
    inserted: { items: 0, responses: 0, comparisons: 0, grades: 0, matches: 0 },
    unchanged: 0,
  };
  const grades = batch.grades ?? [];
  const matches = batch.matches ?? [];
  const total = batch.items.length + batch.responses.length + batch.comparisons.length + grades.length + matches.length;
  let done = 0;
  const progress = (n: number): void => {
    done += n;
    batch.onProgress?.(done, total);
  };
  for (const [k, v] of Object.entries(batch.settings ?? {})) {
    await client.query(
      'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      [k, v],
    );
  }

  await ids.ensureNames('systems', [
    ...(batch.systems ?? []),
    ...batch.responses.map((r) => r.system),
    ...batch.comparisons.flatMap((c) => [c.systemA, c.systemB]),
    ...grades.map((g) => g.system),
  ]);
  await ids.ensureNames('judges', [
    ...(batch.judges ?? []),
    ...batch.comparisons.map((c) => c.judge),
    ...grades.map((g) => g.judge),
  ]);

  if (batch.cache?.length) {
    const have = new Set(
      (
        await client.query<{ key: string }>('SELECT key FROM judge_cache WHERE key = ANY($1)', [
          batch.cache.map((e) => e.key),
        ])
      ).rows.map((r) => r.key),
    );
    const rows = batch.cache
      .filter((e) => !have.has(e.key) && (have.add(e.key), true))
      .map((e) => [e.key, e.provider, e.model, e.response, e.judge, e.cost]);
    await insertRows(client, 'judge_cache', ['key', 'provider', 'model', 'response', 'judge', 'cost'], rows);
  }

  // Items: the stand-in rule applied in batch order, against stored items and earlier rows of the batch.
  const keys = new Map<string, [string, string]>();
  for (const r of [
    ...batch.items.map((i) => [i.dataset, i.key]),
    ...batch.responses.map((r) => [r.dataset, r.itemKey]),
    ...batch.comparisons.filter((c) => c.itemKey !== null).map((c) => [c.dataset, c.itemKey as string]),
    ...grades.map((g) => [g.dataset, g.itemKey]),
  ] as [string, string][])
    keys.set(itemKey(r[0], r[1]), r);
  // Instructions are needed only for the items the batch itself brings (the stand-in rule); other items need ids only.
  const itemKeys = new Set(batch.items.map((i) => itemKey(i.dataset, i.key)));
  const stored = await ids.loadItems([...keys.values()].filter(([d, k]) => itemKeys.has(itemKey(d, k))));
  await ids.loadItems(
    [...keys.values()].filter(([d, k]) => !itemKeys.has(itemKey(d, k))),
    false,
  );
  const fresh = new Map<string, Cell[]>();
  const updates = new Map<string, Cell[]>();
  for (const it of batch.items) {
    const k = itemKey(it.dataset, it.key);
    const pending = fresh.get(k);
    const current = pending
      ? { instruction: pending[2] as string }
      : updates.get(k)
        ? { instruction: updates.get(k)?.[2] as string }
        : stored.get(k);
    if (!current) {
      fresh.set(k, [
        it.dataset,
        it.key,
        it.instruction,
        it.category ?? null,
        it.reference ?? null,
        turnsJson(it.turns),
        turnsJson(it.referenceTurns),
      ]);
      summary.inserted.items++;
      continue;
    }
    const decision = mergeItem(current, it);
    const target = (): Cell[] => {
      const t = pending ?? updates.get(k) ?? [it.dataset, it.key, null, null, null, null, null];
      if (!pending) updates.set(k, t);
      return t;
    };
    // reference answers may come in a file of their own (FastChat's reference_answer/), after the questions
    if (decision !== 'replace' && typeof decision !== 'object' && (it.reference || it.referenceTurns)) {
      const t = target();
      t[4] = it.reference ?? t[4];
      t[6] = turnsJson(it.referenceTurns) ?? t[6];
    }
    if (decision === 'replace') {
      const t = target();
      t[2] = it.instruction;
      t[3] = it.category ?? t[3];
      t[4] = it.reference ?? t[4];
      t[5] = turnsJson(it.turns) ?? t[5];
      t[6] = turnsJson(it.referenceTurns) ?? t[6];
      summary.inserted.items++;
    } else if (decision === 'unchanged') summary.unchanged++;
    else conflict(it.origin, 'instruction', decision.conflict);
  }
  await insertRows(
    client,
    'items',
    ['dataset', 'key', 'instruction', 'category', 'reference', 'turns', 'reference_turns'],
    [...fresh.values()],
  );
  for (const u of updates.values()) {
    await client.query(
      `UPDATE items SET instruction = coalesce($1, instruction), category = coalesce($2, category), reference = coalesce($3, reference),
      turns = coalesce($6, turns), reference_turns = coalesce($7, reference_turns) WHERE dataset = $4 AND key = $5`,
      [u[2], u[3], u[4], u[0], u[1], u[5], u[6]],
    );
  }
  if (fresh.size > 0) await ids.loadItems([...fresh.values()].map((r) => [r[0] as string, r[1] as string]));
  progress(batch.items.length);

  // Responses: one output per (item, system).
  const respIds = batch.responses.map((r) => [ids.item(r.dataset, r.itemKey, r.origin), ids.system(r.system)]);
  const outputs = await existing(
    client,
    'SELECT item_id, system_id, output FROM responses WHERE item_id = ANY($1) AND system_id = ANY($2)',
    respIds,
    (row) => `${row.item_id as number}|${row.system_id as number}`,
    (row) => row.output as string,
  );
  const newResponses: Cell[][] = [];
  batch.responses.forEach((r, i) => {
    const k = `${respIds[i][0]}|${respIds[i][1]}`;
    const old = outputs.get(k);
    if (old === undefined) {
      outputs.set(k, r.output);
      const st = r.style;
      newResponses.push([
        ...respIds[i],
        r.output,
        codePointLength(r.output),
        st?.tokens,
        st?.headers,
        st?.lists,
        st?.bolds,
        turnsJson(r.turns),
      ]);
      summary.inserted.responses++;
      return;
    }
    const problem = outputConflict(old, r);
    if (problem) conflict(r.origin, 'output', problem);
    summary.unchanged++;
  });
  await insertRows(
    client,
    'responses',
    ['item_id', 'system_id', 'output', 'length', 'tokens', 'headers', 'lists', 'bolds', 'turns'],
    newResponses,
  );
  progress(batch.responses.length);

  await writeComparisons(client, ids, batch.comparisons, summary);
  for (const s of batch.sourceHashes ?? []) await resolveSourceHashPg(client, s, summary);
  progress(batch.comparisons.length);

  const gradeIds = grades.map((g) => [
    ids.item(g.dataset, g.itemKey, g.origin),
    ids.system(g.system),
    ids.judge(g.judge),
    g.turn,
    g.sample ?? 0,
  ]);
  const scores = await existing(
    client,
    `SELECT item_id, system_id, judge_id, turn, sample, score FROM grades
    WHERE item_id = ANY($1) AND system_id = ANY($2)`,
    gradeIds,
    (row) => [row.item_id, row.system_id, row.judge_id, row.turn, row.sample].join('|'),
    (row) => row.score as number | null,
  );
  const newGrades: Cell[][] = [];
  for (const [i, g] of grades.entries()) {
    const k = gradeIds[i].join('|');
    const rest = [g.rawOutput, g.outputLength, g.outputStatus, await ids.source(g.source ?? null, null)];
    if (!scores.has(k)) {
      scores.set(k, g.score);
      newGrades.push([...gradeIds[i], g.score, ...rest]);
      summary.inserted.grades++;
      continue;
    }
    const merge = gradeMerge(scores.get(k) ?? null, g);
    if (merge.action === 'conflict') conflict(g.origin, 'score', merge.problem);
    if (merge.action === 'replace') {
      await client.query(
        `UPDATE grades SET score = $6, raw_output = $7, output_length = $8, output_status = $9, source_id = $10
        WHERE item_id = $1 AND system_id = $2 AND judge_id = $3 AND turn = $4 AND sample = $5`,
        [...gradeIds[i], g.score, ...rest],
      );
      scores.set(k, g.score);
      summary.inserted.grades++;
    } else summary.unchanged++;
  }
  await insertRows(
    client,
    'grades',
    [
      'item_id',
      'system_id',
      'judge_id',
      'turn',
      'sample',
      'score',
      'raw_output',
      'output_length',
      'output_status',
      'source_id',
    ],
    newGrades,
  );
  progress(grades.length);

  const games = [...new Set(matches.map((m) => m.game))];
  const seen = new Set<string>();
  if (games.length > 0) {
    const r = await client.query<{ game: string; match_id: string }>(
      'SELECT game, match_id FROM matches WHERE game = ANY($1)',
      [games],
    );
    for (const row of r.rows) seen.add(`${row.game}\u0000${row.match_id}`);
  }
  const newMatches: Cell[][] = [];
  for (const m of matches) {
    const k = `${m.game}\u0000${m.matchId}`;
    if (seen.has(k)) {
      summary.unchanged++;
      continue;
    }
    seen.add(k);
    newMatches.push([
      m.game,
      m.matchId,
      m.playerA,
      m.playerB,
      m.scoreA,
      m.pair,
      m.round,
      m.opponentLevel,
      m.date,
      m.pointsA,
      m.aFirst === undefined || m.aFirst === null ? null : m.aFirst,
      await ids.source(m.source ?? null, null),
      m.levelA ?? null,
      m.contest ?? null,
    ]);
    summary.inserted.matches++;
  }
  await insertRows(
    client,
    'matches',
    [
      'game',
      'match_id',
      'player_a',
      'player_b',
      'score_a',
      'pair',
      'round',
      'opponent_level',
      'date',
      'points_a',
      'a_first',
      'source_id',
      'level_a',
      'contest',
    ],
    newMatches,
  );
  progress(matches.length);
  return summary;
}

/** Stored values of the rows whose (item id, second id) are among `keys`, by a key string. */
async function existing<T>(
  client: PoolClient,
  sql: string,
  keys: number[][],
  key: (row: Record<string, unknown>) => string,
  value: (row: Record<string, unknown>) => T,
): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  if (keys.length === 0) return out;
  const r = await client.query(sql, [[...new Set(keys.map((k) => k[0]))], [...new Set(keys.map((k) => k[1]))]]);
  for (const row of r.rows as Record<string, unknown>[]) out.set(key(row), value(row));
  return out;
}

/** An input conflict at a record's origin. */
export function conflict(origin: Provenance | null | undefined, field: string, message: string): never {
  throw new InputError('INPUT_CONFLICT', message, { ...origin, field });
}
