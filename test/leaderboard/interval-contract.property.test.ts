import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Comparison, Grade } from '../../src/core/model.js';
import { WinrateError } from '../../src/core/errors.js';
import { toCsv, toJson, toMarkdown } from '../../src/cli/format/delimited.js';
import { toTable } from '../../src/cli/format/table.js';
import type { LeaderboardResult } from '../../src/leaderboard/method.js';
import { loadMethod, METHOD_NAMES } from '../../src/leaderboard/methods/lazy.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { tempDir } from '../helpers/cli.js';

/** A small random store: systems, items, verdicts against a baseline (and between others), grades. */
const storeSpec = fc.record({
  systems: fc.integer({ min: 2, max: 4 }),
  items: fc.constantFrom(1, 2, 3, 5, 7, 24), // 24: enough items for length control
  // per (item, system, order): a verdict kind; degenerate stores (all wins, all ties) come up often
  verdicts: fc.array(fc.constantFrom(0, 0.5, 1, 1, 1, 0.25, 0.9), { minLength: 60, maxLength: 60 }),
  bothOrders: fc.boolean(),
  crossPairs: fc.boolean(),
  lengths: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 28, maxLength: 28 }),
  grades: fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 28, maxLength: 28 }),
});
type Spec = typeof storeSpec extends fc.Arbitrary<infer T> ? T : never;

async function makeStore(s: Spec): Promise<SqliteStore> {
  const store = new SqliteStore(join(tempDir(), 'p.db'));
  const systems = ['base', 's1', 's2', 's3'].slice(0, s.systems);
  const items = Array.from({ length: s.items }, (_, i) => `q${i}`);
  const comparisons: Comparison[] = [];
  let v = 0;
  const verdict = () => s.verdicts[v++ % s.verdicts.length];
  for (const item of items) {
    const pairs: [string, string][] = systems.slice(1).map((x) => ['base', x]);
    if (s.crossPairs) for (let k = 2; k < systems.length; k++) pairs.push([systems[1], systems[k]]);
    for (const [a, b] of pairs)
      for (const shownFirst of s.bothOrders ? (['a', 'b'] as const) : (['a'] as const)) {
        const pA = verdict();
        comparisons.push({
          dataset: 'd',
          itemKey: item,
          systemA: a,
          systemB: b,
          judge: 'j',
          shownFirst,
          sample: 0,
          status: 'ok',
          pA,
          label: pA === 1 ? 'A>B' : pA === 0 ? 'B>A' : 'A=B',
        });
      }
  }
  const grades: Grade[] = items.flatMap((item, i) =>
    systems.map((system, k) => ({
      dataset: 'd',
      itemKey: item,
      system,
      judge: 'g',
      turn: 1,
      score: s.grades[(i * 4 + k) % 28],
    })),
  );
  await store.importBatch({
    items: items.map((key) => ({
      dataset: 'd',
      key,
      instruction: `Question ${key}?`,
      category: key < 'q3' ? 'x' : 'y',
    })),
    responses: items.flatMap((item, i) =>
      systems.map((system, k) => ({
        dataset: 'd',
        itemKey: item,
        system,
        output: 'w'.repeat(s.lengths[(i * 4 + k) % 28]),
      })),
    ),
    comparisons,
    grades,
  });
  return store;
}

/** Each (value, low, high) triple of a row: the method's headline and every `X` / `X_ci_low` / `X_ci_high`. */
function triples(lb: LeaderboardResult, r: Record<string, unknown>): [string, unknown, unknown, unknown][] {
  const out: [string, unknown, unknown, unknown][] = [];
  const { key, low, high } = lb.value;
  if (low && high) out.push([key, r[key], r[low], r[high]]);
  for (const k of Object.keys(r)) {
    if (!k.endsWith('_ci_low')) continue;
    const base = k.slice(0, -'_ci_low'.length);
    const v = base in r ? r[base] : r[`${base}_win_rate`];
    out.push([base, v, r[k], r[`${base}_ci_high`]]);
  }
  return out;
}

/** The interval contract on one result: in range, containing the point, of non-zero width. */
function checkContract(method: string, lb: LeaderboardResult): void {
  const percent = new Set(lb.columns.filter((c) => c.kind === 'percent').map((c) => c.key));
  for (const r of lb.rows) {
    const where = `${method} ${JSON.stringify(r.system)}${r.group !== undefined ? `/${JSON.stringify(r.group)}` : ''}`;
    for (const c of percent) {
      const x = r[c];
      if (typeof x === 'number' && Number.isFinite(x)) {
        expect(x, `${where} ${c}`).toBeGreaterThanOrEqual(0);
        expect(x, `${where} ${c}`).toBeLessThanOrEqual(100);
      }
    }
    for (const [name, v, lo, hi] of triples(lb, r)) {
      if (typeof v !== 'number' || typeof lo !== 'number' || typeof hi !== 'number') continue;
      if (Number.isNaN(v) || Number.isNaN(lo) || Number.isNaN(hi)) continue;
      const eps = Number.isFinite(v) ? 1e-9 * Math.max(1, Math.abs(v)) : 0;
      expect(lo, `${where} ${name} low ≤ point`).toBeLessThanOrEqual(v + eps);
      expect(hi, `${where} ${name} high ≥ point`).toBeGreaterThanOrEqual(v - eps);
      // only what is fixed by definition has zero width: the baseline against itself (50%, rating anchored)
      if (r.system !== lb.baseline && process.env.CONTRACT_WIDTH !== '0')
        expect(hi - lo, `${where} ${name} width`).toBeGreaterThan(0);
    }
  }
  // every output format renders it: no NaN, no negative zero, JSON rows round-trip
  for (const [fmt, text] of [
    ['table', toTable(lb)],
    ['csv', toCsv(lb)],
    ['md', toMarkdown(lb)],
    ['json', toJson(lb)],
  ] as const) {
    expect(text, `${method} ${fmt}`).not.toMatch(/NaN/);
    expect(text, `${method} ${fmt}`).not.toMatch(/(^|[^\d.\w])[-−]0(\.0+)?(?![\d.])/m);
  }
  expect((JSON.parse(toJson(lb)) as unknown[]).length).toBe(lb.rows.length);
}

describe('the interval contract, for every method in every output format, on random small stores', () => {
  it('intervals lie in their range, contain their point and have width; every format renders', async () => {
    const ran = new Map<string, number>(METHOD_NAMES.map((m) => [m, 0]));
    let lcRows = 0;
    await fc.assert(
      fc.asyncProperty(storeSpec, fc.integer({ min: 0, max: 1 }), async (spec, boot) => {
        const store = await makeStore(spec);
        try {
          for (const name of METHOD_NAMES) {
            const m = (await loadMethod(name))!;
            const judge = m.needs === 'grades' ? 'g' : 'j';
            let lb: LeaderboardResult;
            try {
              lb = await m.run(store, { judge, baseline: 'base', bootstrap: boot ? 30 : undefined, seed: 1 });
            } catch (e) {
              // a method that does not apply to this store says why (too few items, no data of its kind)
              expect(e, name).toBeInstanceOf(WinrateError);
              continue;
            }
            ran.set(name, ran.get(name)! + 1);
            lcRows += lb.rows.filter((r) => typeof r.lc_win_rate === 'number').length;
            checkContract(name, lb);
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40, seed: 20261207 },
    );
    // every method produced rows on some of the stores, LC included
    for (const [name, n] of ran) expect(n, name).toBeGreaterThan(0);
    expect(lcRows, 'LC values checked').toBeGreaterThan(0);
  });
});
