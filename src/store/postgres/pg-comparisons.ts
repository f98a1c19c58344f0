import type { PoolClient } from 'pg';
import type { Comparison } from '../../core/model.js';
import type { ImportSummary } from '../store.js';
import { InputError } from '../../core/errors.js';
import { comparisonProblem, strongOf, verdictConflict } from '../import-rules.js';
import { insertRows, type Cell } from './pg-copy.js';
import { OutcomeTally } from '../outcome-tally.js';
import { COMPARISON_COLUMNS } from '../comparison-table-columns.js';
import { conflict } from './pg-import.js';
import type { PgIds } from './pg-names.js';

type Verdict = Pick<Comparison, 'status' | 'pA' | 'label'>;
type Stored = { status: string; p_a: number | null; label: string | null };

/**
 * Comparisons of a batch: one verdict per judgment identity (item, systems, judge, order, sample) or per battle of a
 * source (source hash, seq); a repeat must agree with the stored or earlier verdict (import rules). Ids live in
 * typed columns and rows are built while COPY streams, so a million battles hold no million row arrays.
 */
export async function writeComparisons(
  client: PoolClient,
  ids: PgIds,
  comparisons: Comparison[],
  summary: ImportSummary,
): Promise<void> {
  const n = comparisons.length;
  if (n === 0) return;
  const [item, a, b, judge, source, battle] = Array.from({ length: 6 }, () => new Int32Array(n).fill(-1));
  for (let i = 0; i < n; i++) {
    const c = comparisons[i];
    const problem = comparisonProblem(c);
    if (problem) throw new InputError('INPUT_FIELD', problem, { ...c.origin, field: c.origin?.field ?? 'verdict' });
    if (c.itemKey !== null) item[i] = ids.item(c.dataset, c.itemKey, c.origin);
    else if (c.sourceHash == null || c.seq == null)
      conflict(c.origin, 'item', 'a comparison without an item needs sourceHash and seq');
    a[i] = ids.system(c.systemA);
    b[i] = ids.system(c.systemB);
    judge[i] = ids.judge(c.judge);
    source[i] = (await ids.source(c.source ?? null, null)) ?? -1;
    if (c.itemKey === null) battle[i] = (await ids.source(c.source ?? null, c.sourceHash ?? null)) ?? -1;
  }
  const identity = (i: number): string =>
    `${item[i]}|${a[i]}|${b[i]}|${judge[i]}|${comparisons[i].shownFirst ?? ''}|${comparisons[i].sample}`;

  // What is stored already: verdicts by identity, battles by source then seq.
  const known = new Map<string, Verdict | number>();
  const battles = new Map<number, Map<number, Verdict | number>>();
  // Stored verdicts of the batch's identities, looked up by (item, A, B, judge) tuples so that the unique identity
  // index serves each one: a judge's other comparisons are never scanned (that grew with every judgment stored).
  const tuples = new Map<string, number[]>();
  for (let i = 0; i < n; i++)
    if (item[i] >= 0) tuples.set(`${item[i]}|${a[i]}|${b[i]}|${judge[i]}`, [item[i], a[i], b[i], judge[i]]);
  if (tuples.size > 0) {
    const cols = [0, 1, 2, 3].map((k) => [...tuples.values()].map((t) => t[k]));
    const r = await client.query<
      Stored & Record<'item_id' | 'system_a' | 'system_b' | 'judge_id' | 'sample', number> & { shown_first: string }
    >(
      `SELECT c.item_id, c.system_a, c.system_b, c.judge_id, c.shown_first, c.sample, c.status, c.p_a, c.label FROM comparisons c
      JOIN unnest($1::int[], $2::int[], $3::int[], $4::int[]) AS k(i, a, b, j)
        ON c.item_id = k.i AND c.system_a = k.a AND c.system_b = k.b AND c.judge_id = k.j`,
      cols,
    );
    for (const o of r.rows) {
      known.set(`${o.item_id}|${o.system_a}|${o.system_b}|${o.judge_id}|${o.shown_first}|${o.sample}`, verdictOf(o));
    }
  }
  const sources = [...new Set(battle)].filter((x) => x >= 0);
  for (const s of sources) battles.set(s, new Map());
  if (sources.length > 0) {
    // only the seq range of this batch: a file streamed in batches must not reload its earlier batches each time
    let [lo, hi] = [Infinity, -Infinity];
    for (let i = 0; i < n; i++) {
      if (battle[i] < 0) continue;
      const s = comparisons[i].seq as number;
      if (s < lo) lo = s;
      if (s > hi) hi = s;
    }
    const r = await client.query<Stored & { battle_source: number; seq: number }>(
      `SELECT battle_source, seq, status, p_a, label FROM comparisons
      WHERE item_id IS NULL AND battle_source = ANY($1) AND seq BETWEEN $2 AND $3`,
      [sources, lo, hi],
    );
    for (const o of r.rows) battles.get(o.battle_source)?.set(o.seq, verdictOf(o));
  }

  // Keep the first of each identity; a repeat (stored or earlier in the batch) must carry the same verdict.
  const fresh = new Uint8Array(n);
  const outcomes = new OutcomeTally();
  for (let i = 0; i < n; i++) {
    const c = comparisons[i];
    const map = battle[i] >= 0 ? (battles.get(battle[i]) as Map<number, Verdict | number>) : known;
    const key = battle[i] >= 0 ? (c.seq as number) : identity(i);
    const old = (map as Map<string | number, Verdict | number>).get(key);
    if (old !== undefined) {
      const problem = verdictConflict(typeof old === 'number' ? verdictOf(comparisons[old]) : old, c);
      if (problem) conflict(c.origin, c.origin?.field ?? 'verdict', problem);
      summary.unchanged++;
      continue;
    }
    (map as Map<string | number, Verdict | number>).set(key, i);
    fresh[i] = 1;
    if (c.status === 'ok') outcomes.add(judge[i], a[i], b[i], c.pA as number, strongOf(c) ? 1 : 0);
    summary.inserted.comparisons++;
  }

  const opt = (v: number): number | null => (v < 0 ? null : v);
  function* rows(): Generator<Cell[]> {
    for (let i = 0; i < n; i++) {
      if (!fresh[i]) continue;
      const c = comparisons[i];
      const [sa, sb] = [c.styleA, c.styleB];
      yield [
        opt(item[i]),
        a[i],
        b[i],
        judge[i],
        c.shownFirst ?? '',
        c.sample,
        c.status,
        c.pA,
        c.label,
        c.rationale,
        c.rawOutput,
        c.promptTokens,
        c.completionTokens,
        c.cost,
        c.durationMs,
        c.seq,
        opt(source[i]),
        opt(battle[i]),
        sa?.tokens,
        sb?.tokens,
        sa?.headers,
        sb?.headers,
        sa?.lists,
        sb?.lists,
        sa?.bolds,
        sb?.bolds,
        strongOf(c) ? 1 : 0,
      ];
    }
  }
  await insertRows(client, 'comparisons', COMPARISON_COLUMNS, rows(), summary.inserted.comparisons);
  const cols: number[][] = [[], [], [], [], [], []];
  for (const row of outcomes.rows()) row.forEach((v, j) => cols[j].push(v));
  if (cols[0].length > 0) {
    await client.query(
      `INSERT INTO pair_outcomes (judge_id, system_a, system_b, p_a, strong, n)
      SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::float8[], $5::int[], $6::bigint[])`,
      cols,
    );
  }
}

function verdictOf(o: Stored | Comparison): Verdict {
  return 'p_a' in o
    ? { status: o.status as Verdict['status'], pA: o.p_a, label: o.label }
    : { status: o.status, pA: o.pA, label: o.label };
}
