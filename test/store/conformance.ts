import { expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import type { Comparison } from '../../src/core/model.js';
import type { ImportBatch, Store } from '../../src/store/store.js';
import type { StudyStore } from '../../src/store/studies.js';

/**
 * The storage conformance suite: every Store backend must pass it unchanged.
 * `open` returns a fresh, empty store.
 */
export function storeConformance(open: () => Promise<Store> | Store): void {
  const cmp = (item: string, a: string, b: string, pA: number, extra: Partial<Comparison> = {}): Comparison => ({
    dataset: 'd',
    itemKey: item,
    systemA: a,
    systemB: b,
    judge: 'j1',
    shownFirst: null,
    sample: 0,
    status: 'ok',
    pA,
    label: String(pA),
    ...extra,
  });
  const batch = (): ImportBatch => ({
    items: ['i1', 'i2', 'i3'].map((k) => ({ dataset: 'd', key: k, instruction: `instruction ${k}`, category: 'c' })),
    responses: [
      { dataset: 'd', itemKey: 'i1', system: 'base', output: 'short' },
      { dataset: 'd', itemKey: 'i1', system: 'm', output: 'a longer 😀 answer' },
      { dataset: 'd', itemKey: 'i2', system: 'base', output: 'x' },
      { dataset: 'd', itemKey: 'i2', system: 'm', output: 'yy' },
    ],
    comparisons: [
      cmp('i1', 'base', 'm', 0.25, { seq: 0 }),
      cmp('i2', 'm', 'base', 1, { seq: 1, shownFirst: 'a' }),
      cmp('i2', 'm', 'base', 0.5, { seq: 1, shownFirst: 'b' }),
      cmp('i3', 'base', 'm', 0, { seq: 2, judge: 'j2', label: null }),
      {
        ...cmp('i3', 'base', 'm', 0, { seq: 2 }),
        status: 'parse_failed',
        pA: null,
        label: null,
        rawOutput: 'I cannot decide',
      },
    ],
    grades: [{ dataset: 'd', itemKey: 'i1', system: 'm', judge: 'j1', turn: 1, score: 8 }],
    matches: [
      { game: 'chess', matchId: 'g1', playerA: 'bot1', playerB: 'bot2', scoreA: 0.5 },
      {
        game: 'poker',
        matchId: 'h1',
        playerA: 'p1',
        playerB: 'p2',
        scoreA: 0.75,
        pair: 'o1',
        round: '3',
        opponentLevel: 1200,
        date: '2026-01-02',
        pointsA: 42,
        aFirst: true,
        levelA: 1100,
        contest: 'table-7',
      },
    ],
  });

  it('imports a batch and reports what it inserted', async () => {
    const store = await open();
    const s = await store.importBatch(batch());
    expect(s.inserted).toEqual({ items: 3, responses: 4, comparisons: 5, grades: 1, matches: 2 });
    expect(s.unchanged).toBe(0);
    const st = await store.stats();
    expect(st).toMatchObject({
      items: 3,
      systems: 2,
      responses: 4,
      comparisons: 4,
      failedComparisons: 1,
      grades: 1,
      matches: 2,
      judges: ['j1', 'j2'],
    });
    expect(await store.judgeNames()).toEqual(st.judges);
    // a list of judges selects theirs; an empty list selects none (a page with every judge hidden shows nothing)
    expect((await store.comparisonTable({ judges: ['j2'], includeFailed: true })).a.length).toBe(
      (await store.comparisonTable({ judge: 'j2', includeFailed: true })).a.length,
    );
    expect((await store.comparisonTable({ judges: [], includeFailed: true })).a.length).toBe(0);
    expect((await store.comparisonTable({ judges: ['no such judge'] })).a.length).toBe(0);
    await store.close();
  });

  it('is idempotent: importing the same batch twice changes nothing', async () => {
    const store = await open();
    await store.importBatch(batch());
    const before = await store.comparisonTable();
    const s = await store.importBatch(batch());
    expect(s.inserted).toEqual({ items: 0, responses: 0, comparisons: 0, grades: 0, matches: 0 });
    expect(s.unchanged).toBe(15);
    expect(await store.comparisonTable()).toEqual(before);
    await store.close();
  });

  it('rejects a contradicting verdict, names its origin, and rolls the whole batch back', async () => {
    const store = await open();
    await store.importBatch(batch());
    const before = await store.stats();
    const bad = batch();
    bad.items.push({ dataset: 'd', key: 'i4', instruction: 'new item' });
    bad.comparisons[1] = Object.assign(cmp('i2', 'm', 'base', 0, { seq: 1, shownFirst: 'a' }), {
      origin: { file: 'x.json', row: 9 },
    });
    const err = await store.importBatch(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('INPUT_CONFLICT');
    expect((err as InputError).message).toMatch(/x\.json, row 9/);
    expect(await store.stats()).toEqual(before);
    await store.close();
  });

  it('streams batches in one transaction: all of them, or none when a later batch fails or the source throws', async () => {
    const store = await open();
    const battles = (from: number, count: number, winner = 1): ImportBatch => ({
      items: [],
      responses: [],
      comparisons: Array.from({ length: count }, (_, k) => ({
        ...cmp('x', 'p', 'q', winner, {
          seq: from + k,
          source: 'b.csv',
          sourceHash: 'h1',
          origin: { file: 'b.csv', row: from + k + 2 },
        }),
        itemKey: null,
      })),
    });
    async function* source(parts: (ImportBatch | Error)[]): AsyncGenerator<ImportBatch> {
      for (const p of parts) {
        await new Promise((r) => setTimeout(r, 1));
        if (p instanceof Error) throw p;
        yield p;
      }
    }
    // a bad row in the third batch, after two good ones were written: nothing stays
    const bad = battles(200, 3);
    bad.comparisons[2] = { ...bad.comparisons[2], pA: 1.5 };
    const err = await store.importBatches(source([battles(0, 130), battles(130, 70), bad])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/b\.csv, row 204/);
    expect((await store.stats()).comparisons).toBe(0);
    expect(
      await store.importBatches(source([battles(0, 130), new Error('disk gone')])).catch((e: Error) => e.message),
    ).toBe('disk gone');
    expect((await store.stats()).comparisons).toBe(0);
    // good batches: every row, then a repeat counts as unchanged, and a contradicting repeat is refused
    const s = await store.importBatches(source([battles(0, 130), battles(130, 70)]));
    expect(s.inserted.comparisons).toBe(200);
    expect((await store.outcomeCounts()).count.reduce((a, b) => a + b, 0)).toBe(200);
    const again = await store.importBatches(source([battles(0, 65), battles(65, 135)]));
    expect([again.inserted.comparisons, again.unchanged]).toEqual([0, 200]);
    const other = await store.importBatches(source([battles(190, 20, 0)])).catch((e: unknown) => e);
    expect((other as InputError).code).toBe('INPUT_CONFLICT');
    expect((await store.stats()).comparisons).toBe(200);
    // the store takes other writes again afterwards
    expect((await store.importBatch(batch())).inserted.comparisons).toBe(5);
    await store.close();
  });

  it('names a streamed file by a stand-in until its content hash comes; the same content again is unchanged', async () => {
    const store = await open();
    // battles without items, identified by their file's content hash and row; `stand` until the last batch names it
    const rows = (stand: string, from: number, count: number): ImportBatch => ({
      items: [],
      responses: [],
      comparisons: Array.from({ length: count }, (_, k) => ({
        ...cmp('x', k % 3 ? 'p' : 'q', k % 3 ? 'q' : 'r', [1, 0, 0.5][k % 3], {
          seq: from + k,
          source: `${stand}.csv`,
          sourceHash: stand,
        }),
        itemKey: null,
      })),
    });
    const resolve = (provisional: string, hash: string): ImportBatch => ({
      items: [],
      responses: [],
      comparisons: [],
      sourceHashes: [{ provisional, hash }],
    });
    async function* source(parts: ImportBatch[]): AsyncGenerator<ImportBatch> {
      for (const p of parts) yield await Promise.resolve(p);
    }
    const first = await store.importBatches(
      source([rows('provisional:1', 0, 40), rows('provisional:1', 40, 20), resolve('provisional:1', 'hA')]),
    );
    expect([first.inserted.comparisons, first.unchanged]).toEqual([60, 0]);
    const table = await store.comparisonTable();
    const counts = await store.outcomeCounts();
    expect(counts.count.reduce((a, b) => a + b, 0)).toBe(60);
    // the same content again (another path, another stand-in): every row unchanged, the counts and rows as they were
    const again = await store.importBatches(source([rows('provisional:2', 0, 60), resolve('provisional:2', 'hA')]));
    expect([again.inserted.comparisons, again.unchanged]).toEqual([0, 60]);
    expect(await store.outcomeCounts()).toEqual(counts);
    expect(await store.comparisonTable()).toEqual(table);
    // new content and its copy in one import: stored once
    const two = await store.importBatches(
      source([
        rows('provisional:3', 0, 30),
        resolve('provisional:3', 'hB'),
        rows('provisional:4', 0, 30),
        resolve('provisional:4', 'hB'),
      ]),
    );
    expect([two.inserted.comparisons, two.unchanged]).toEqual([30, 30]);
    expect((await store.outcomeCounts()).count.reduce((a, b) => a + b, 0)).toBe(90);
    expect((await store.stats()).comparisons).toBe(90);
    // every stored battle is named by its content hash, none by a stand-in
    const hashes = (await store.exportAll()).comparisons.map((c) => c.sourceHash);
    expect(new Set(hashes)).toEqual(new Set(['hA', 'hB']));
    await store.close();
  });

  it('rejects another output for the same item and system', async () => {
    const store = await open();
    await store.importBatch(batch());
    const b = batch();
    b.responses[0] = { ...b.responses[0], output: 'different' };
    await expect(store.importBatch(b)).rejects.toMatchObject({ code: 'INPUT_CONFLICT' });
    await store.close();
  });

  it('serves comparisons in columnar form with code-point lengths, ok verdicts only, filtered by judge', async () => {
    const store = await open();
    await store.importBatch(batch());
    const all = await store.comparisonTable();
    expect(all.pA.length).toBe(4);
    const t = await store.comparisonTable({ judge: 'j1' });
    expect(t.pA.length).toBe(3);
    const base = t.systems.indexOf('base');
    const m = t.systems.indexOf('m');
    const first = [...t.a].findIndex((a, i) => a === base && t.b[i] === m);
    expect(t.pA[first]).toBe(0.25);
    expect(t.lenA[first]).toBe(5);
    expect(t.lenB[first]).toBe(17); // 'a longer 😀 answer' has 17 code points, 18 UTF-16 units
    expect(Array.from(t.judge).every((j) => t.judges[j] === 'j1')).toBe(true);
    expect(Number.isNaN(all.lenA[[...all.judge].findIndex((j) => all.judges[j] === 'j2')])).toBe(true);
    await store.close();
  });

  it('keeps outcome counts in step with the comparisons (strong verdicts flagged, labels optional)', async () => {
    const store = await open();
    await store.importBatch(batch());
    const b2 = batch();
    b2.comparisons = [
      cmp('i1', 'base', 'm', 1, { judge: 'j3', label: 'A>>B' }),
      cmp('i2', 'base', 'm', 1, { judge: 'j3', label: 'A>B' }),
      cmp('i3', 'base', 'm', 1, { judge: 'j3', label: null }),
    ];
    await store.importBatch(b2);
    const o = await store.outcomeCounts({ judge: 'j3' });
    const rows = Array.from(o.count, (n, i) => [o.systems[o.a[i]], o.systems[o.b[i]], o.pA[i], o.strong[i], n]).sort();
    expect(rows).toEqual([
      ['base', 'm', 1, 0, 2],
      ['base', 'm', 1, 1, 1],
    ]);
    expect((await store.outcomeCounts()).count.reduce((a, v) => a + v, 0)).toBe(7);
    await store.close();
  });

  it('round-trips grades, match results and average lengths', async () => {
    const store = await open();
    await store.importBatch(batch());
    expect(await store.grades()).toMatchObject([{ itemKey: 'i1', system: 'm', judge: 'j1', turn: 1, score: 8 }]);
    expect(await store.matches('chess')).toMatchObject([
      { matchId: 'g1', playerA: 'bot1', playerB: 'bot2', scoreA: 0.5, pair: null, aFirst: null, contest: null },
    ]);
    expect(await store.matches('poker')).toMatchObject([
      {
        matchId: 'h1',
        scoreA: 0.75,
        pair: 'o1',
        round: '3',
        opponentLevel: 1200,
        date: '2026-01-02',
        pointsA: 42,
        aFirst: true,
        levelA: 1100,
        contest: 'table-7',
      },
    ]);
    const totals = await store.lengthTotals();
    expect(totals.get('m')).toEqual({ total: 19, n: 2 });
    const len = await store.averageLengths();
    expect(len.get('base')).toBe(3);
    expect(len.get('m')).toBe(9.5);
    await store.close();
  });

  it('keeps repeated grades as samples; a parsed rerun replaces a stored failure, a contradiction is refused', async () => {
    const store = await open();
    const g = (score: number | null, sample = 0) => ({
      dataset: 'd',
      itemKey: 'q',
      system: 'm',
      judge: 'j',
      turn: 2,
      sample,
      score,
    });
    const items = [{ dataset: 'd', key: 'q', instruction: 'q' }];
    await store.importBatch({ items, responses: [], comparisons: [], grades: [g(null), g(7, 1)] });
    const s = await store.importBatch({ items, responses: [], comparisons: [], grades: [g(9), g(7, 1), g(null, 1)] });
    expect(s.inserted.grades).toBe(1);
    expect((await store.grades()).map((x) => [x.sample, x.score])).toEqual([
      [0, 9],
      [1, 7],
    ]);
    const before = await store.version();
    await expect(store.importBatch({ items, responses: [], comparisons: [], grades: [g(3, 5), g(8)] })).rejects.toThrow(
      /9 ≠ 8/,
    );
    expect(await store.version()).toBe(before);
    expect(await store.grades()).toHaveLength(2);
    await store.close();
  });

  it('stores a judgment once: its mirror (roles swapped, the same response shown first) is the same judgment', async () => {
    const store = await open();
    await store.importBatch(batch());
    const rec = (a: string, b: string, shownFirst: 'a' | 'b', pA: number, key: string) =>
      store.recordJudgment({
        cacheKey: key,
        provider: 'p',
        model: 'x',
        response: '{}',
        judge: 'llm',
        cost: 0,
        comparison: cmp('i1', a, b, pA, { judge: 'llm', shownFirst }),
      });
    await rec('base', 'm', 'a', 1, 'k1'); // base shown first and preferred
    await Promise.all([rec('m', 'base', 'b', 0, 'k2'), rec('m', 'base', 'b', 0, 'k3')]); // the same game, mirrored
    const t = await store.comparisonTable({ judge: 'llm' });
    expect(t.a.length).toBe(1);
    expect([t.systems[t.a[0]], t.pA[0], t.shownFirst[0]]).toEqual(['base', 1, 1]);
    // the other order is another game: stored
    await rec('m', 'base', 'a', 0, 'k4');
    expect((await store.comparisonTable({ judge: 'llm' })).a.length).toBe(2);
    await store.close();
  });

  it('records judgments with their cost: spend per judge across calls, cache lookups, stored verdicts', async () => {
    const store = await open();
    await store.importBatch(batch());
    const c = (pA: number, shownFirst: 'a' | 'b'): Comparison =>
      cmp('i1', 'base', 'm', pA, { judge: 'llm', shownFirst });
    await store.recordJudgment({
      cacheKey: 'k1',
      provider: 'p',
      model: 'x',
      response: '{"text":"A"}',
      judge: 'llm',
      cost: 0.25,
      comparison: c(1, 'a'),
    });
    await store.recordJudgment({
      cacheKey: 'k2',
      provider: 'p',
      model: 'x',
      response: '{"text":"B"}',
      judge: 'llm',
      cost: null,
      comparison: c(0, 'b'),
    });
    await store.recordJudgment({
      cacheKey: 'k1',
      provider: 'p',
      model: 'x',
      response: '{"text":"A"}',
      judge: 'llm',
      cost: 0.25,
      comparison: c(1, 'a'),
    });
    // the same answer paid for a second time (two processes asked at once): the provider billed it twice, and the
    // spend says so (one cached response, two paid calls of $0.25)
    expect(await store.judgeSpend('llm')).toEqual({ cost: 0.5, calls: 3, unpriced: 1 });
    // an answer taken from the cache is recorded at no cost: nothing more is spent
    await store.recordJudgment({
      cacheKey: 'k1',
      provider: 'p',
      model: 'x',
      response: '{"text":"A"}',
      judge: 'llm',
      cost: 0,
      comparison: c(1, 'a'),
    });
    expect(await store.judgeSpend('llm')).toEqual({ cost: 0.5, calls: 3, unpriced: 1 });
    expect(await store.cachedResponse('k1')).toBe('{"text":"A"}');
    expect(await store.cachedResponse('k2')).toBe('{"text":"B"}');
    expect(await store.cachedResponse('nope')).toBeNull();
    const existing = await store.existingJudgments('llm');
    expect([...existing.values()].sort((p, q) => (p.value ?? 0) - (q.value ?? 0))).toEqual([
      { status: 'ok', value: 0 },
      { status: 'ok', value: 1 },
    ]);
    await store.close();
  });

  it('answers the browsing and analysis queries: stats, version, instructions, categories, lists, details, verdicts, inputs', async () => {
    const store = await open();
    const v0 = await store.version();
    await store.importBatch(batch());
    expect(await store.version()).not.toBe(v0);
    expect((await store.instructions('d')).sort()).toEqual(['instruction i1', 'instruction i2', 'instruction i3']);
    expect([...(await store.itemCategories('d')).values()]).toEqual(['c', 'c', 'c']);
    const list = await store.listComparisons({ judge: 'j1', limit: 10 });
    expect(list.total).toBe(4); // the parse failure included
    expect(list.rows.map((r) => r.itemKey)).toEqual(['i3', 'i2', 'i2', 'i1']); // newest first
    // i2: m beat base when shown first (1) but tied when shown second (0.5): the two verdicts disagree
    expect((await store.listComparisons({ disagreement: true })).rows.map((r) => [r.itemKey, r.pA])).toEqual([
      ['i2', 0.5],
      ['i2', 1],
    ]);
    const failures = await store.listComparisons({ failures: true });
    expect(failures.rows.map((r) => [r.itemKey, r.status])).toEqual([['i3', 'parse_failed']]);
    const detail = await store.comparisonDetail(list.rows[3].id);
    expect(detail).toMatchObject({
      itemKey: 'i1',
      systemA: 'base',
      systemB: 'm',
      outputA: 'short',
      outputB: 'a longer 😀 answer',
      category: 'c',
    });
    expect(detail!.verdicts).toHaveLength(1);
    expect(await store.comparisonDetail(999_999)).toBeNull();
    const verdicts = await store.verdicts({ judge: 'j1' });
    expect(verdicts.map((x) => [x.itemKey, x.systemA, x.pA])).toEqual([
      ['i1', 'base', 0.25],
      ['i2', 'm', 1],
      ['i2', 'm', 0.5],
    ]);
    const inputs = await store.judgingInputs('d');
    expect(inputs.items.map((i) => i.key)).toEqual(['i1', 'i2', 'i3']);
    expect(inputs.responses.get('m')?.get('i2')).toBe('yy');
    await store.close();
  });

  it('exports everything as records that import back identically into a fresh store (winrate copy)', async () => {
    const store = await open();
    await store.importBatch(batch());
    await store.importBatch({
      items: [],
      responses: [],
      comparisons: [
        {
          ...cmp('x', 'p', 'q', 1),
          itemKey: null,
          seq: 3,
          source: 'b.jsonl',
          sourceHash: 'h1',
          styleA: { tokens: 5, headers: 1, lists: 0, bolds: 2 },
        },
      ],
    });
    await store.recordJudgment({ cacheKey: 'k', provider: 'p', model: 'x', response: '{}', judge: 'llm', cost: 0.5 });
    await store.importBatch({ items: [], responses: [], comparisons: [], settings: { 'baseline:j1': 'base' } });
    // a multi-turn item and answer (MT-Bench); the reference answers come in a later file, as FastChat ships them
    await store.importBatch({
      items: [{ dataset: 'd', key: 'mt', instruction: 'Q1\n\nQ2', turns: ['Q1', 'Q2'] }],
      comparisons: [],
      responses: [{ dataset: 'd', itemKey: 'mt', system: 'm', output: 'A1\n\nA2', turns: ['A1', 'A2'] }],
    });
    await store.importBatch({
      items: [{ dataset: 'd', key: 'mt', instruction: 'mt', referenceTurns: ['R1', 'R2'], reference: 'R1\n\nR2' }],
      responses: [],
      comparisons: [],
    });
    const inputs = await store.judgingInputs('d');
    expect(inputs.items.find((i) => i.key === 'mt')).toMatchObject({
      instruction: 'Q1\n\nQ2',
      turns: ['Q1', 'Q2'],
      referenceTurns: ['R1', 'R2'],
      reference: 'R1\n\nR2',
    });
    expect(inputs.responseTurns.get('m')?.get('mt')).toEqual(['A1', 'A2']);
    expect(inputs.responseTurns.get('base')).toBeUndefined();
    const all = await store.exportAll();
    expect(all.settings).toEqual({ 'baseline:j1': 'base' });
    expect([
      all.items.length,
      all.responses.length,
      all.comparisons.length,
      all.grades?.length,
      all.matches?.length,
      all.cache.length,
    ]).toEqual([4, 5, 6, 1, 2, 1]);
    expect(all.systems).toEqual(['base', 'm', 'p', 'q']);
    const copy = await open();
    await copy.importBatch(all);
    expect(await copy.stats()).toEqual(await store.stats());
    expect(await copy.comparisonTable({ withStyle: true, includeFailed: true })).toEqual(
      await store.comparisonTable({ withStyle: true, includeFailed: true }),
    );
    expect(await copy.outcomeCounts()).toEqual(await store.outcomeCounts());
    expect(await copy.judgeSpend('llm')).toEqual({ cost: 0.5, calls: 1, unpriced: 0 });
    expect(await copy.setting('baseline:j1')).toBe('base');
    expect(await copy.exportAll()).toEqual(all);
    await Promise.all([store.close(), copy.close()]);
  });

  it('replaces a stored parse failure by a later verdict, never a stored verdict', async () => {
    const store = await open();
    await store.importBatch(batch());
    const failed = {
      ...cmp('i1', 'base', 'm', 0, { judge: 'llm' }),
      status: 'parse_failed' as const,
      pA: null,
      label: null,
    };
    await store.recordJudgment({
      cacheKey: 'f',
      provider: 'p',
      model: 'x',
      response: '?',
      judge: 'llm',
      comparison: failed,
    });
    expect([...(await store.existingJudgments('llm')).values()]).toEqual([{ status: 'parse_failed', value: null }]);
    await store.recordJudgment({
      cacheKey: 'g',
      provider: 'p',
      model: 'x',
      response: 'B',
      judge: 'llm',
      comparison: cmp('i1', 'base', 'm', 0, { judge: 'llm' }),
    });
    await store.recordJudgment({
      cacheKey: 'h',
      provider: 'p',
      model: 'x',
      response: 'A',
      judge: 'llm',
      comparison: cmp('i1', 'base', 'm', 1, { judge: 'llm' }),
    });
    expect([...(await store.existingJudgments('llm')).values()]).toEqual([{ status: 'ok', value: 0 }]);
    expect((await store.outcomeCounts({ judge: 'llm' })).count.reduce((a, v) => a + v, 0)).toBe(1);
    await store.close();
  });

  it('replaces and serves integrity findings per system', async () => {
    const store = await open();
    const f = (system: string, item: string | null, severity: 'info' | 'warning' | 'critical') => ({
      system,
      dataset: item ? 'd' : null,
      item,
      check: 'padding' as const,
      severity,
      evidence: 'e',
    });
    await store.replaceFindings([f('a', 'i1', 'warning'), f('b', null, 'critical')]);
    expect((await store.findings()).map((x) => x.system)).toEqual(['a', 'b']);
    await store.replaceFindings([f('a', 'i2', 'critical')], ['a']);
    expect(await store.findings({ system: 'a' })).toEqual([f('a', 'i2', 'critical')]);
    expect(await store.findings({ system: 'b' })).toEqual([f('b', null, 'critical')]);
    await store.replaceFindings([]);
    expect(await store.findings()).toEqual([]);
    await store.close();
  });
}

/** The study suite: every backend that serves human studies must pass it unchanged. */
export function studyConformance(open: () => Promise<Store & StudyStore> | (Store & StudyStore)): void {
  it('creates a study, invites annotators, serves blind tasks fewest-votes-first, records votes once, exports them', async () => {
    const store = await open();
    await store.importBatch({
      items: ['q1', 'q2'].map((k) => ({ dataset: 'd', key: k, instruction: `Question ${k}?` })),
      responses: ['base', 'm'].flatMap((s) =>
        ['q1', 'q2'].map((k) => ({ dataset: 'd', itemKey: k, system: s, output: `${s} on ${k}` })),
      ),
      comparisons: [],
    });
    expect(
      await store.createStudy({
        name: 's',
        design: { kind: 'baseline', baseline: 'base' },
        votesWanted: 1,
        gold: { q2: 'm' },
      }),
    ).toEqual({ tasks: 2, gold: 1 });
    await store.addAnnotator('s', 'ann', 'hash-ann');
    await store.addAnnotator('s', 'bob', 'hash-bob');
    await expect(store.addAnnotator('s', 'ann', 'other')).rejects.toThrow(/already invited/);
    expect(await store.annotatorByToken('s', 'hash-ann')).toBe('ann');
    expect(await store.annotatorByToken('s', 'nope')).toBeNull();
    const t1 = (await store.nextTask('s', 'ann'))!;
    expect(t1).toMatchObject({ done: 0, total: 2 });
    const [k1, k2] = t1.instruction === 'Question q1?' ? ['q1', 'q2'] : ['q2', 'q1'];
    expect([t1.left, t1.right].sort()).toEqual([`base on ${k1}`, `m on ${k1}`]);
    expect(
      await store.recordVote({ study: 's', annotator: 'ann', taskId: t1.taskId, leftIsX: t1.leftIsX, choice: 'left' }),
    ).toBe('recorded');
    expect(
      await store.recordVote({ study: 's', annotator: 'ann', taskId: t1.taskId, leftIsX: t1.leftIsX, choice: 'right' }),
    ).toBe('already_voted');
    // the task has the one vote it wants: a stale form of bob's for it is refused
    expect(
      await store.recordVote({ study: 's', annotator: 'bob', taskId: t1.taskId, leftIsX: true, choice: 'right' }),
    ).toBe('task_full');
    // bob gets the task nobody voted on
    const t2 = (await store.nextTask('s', 'bob'))!;
    expect(t2.instruction).toBe(`Question ${k2}?`);
    expect(
      await store.recordVote({
        study: 's',
        annotator: 'bob',
        taskId: t2.taskId,
        leftIsX: t2.leftIsX,
        choice: 'tie',
        reason: 'same',
      }),
    ).toBe('recorded');
    expect(await store.nextTask('s', 'bob')).toBeNull();
    const votes = await store.studyVotes('s');
    expect(votes.map((v) => [v.itemKey, v.annotator, v.winner, v.gold])).toEqual([
      [k1, 'ann', t1.leftIsX ? 'base' : 'm', k1 === 'q2' ? 'm' : null],
      [k2, 'bob', 'tie', k2 === 'q2' ? 'm' : null],
    ]);
    expect((await store.stats()).judges).toEqual(['human:ann', 'human:bob']);
    await store.close();
  });

  it('closes studies, revokes annotators, lists studies and keeps one secret per name', async () => {
    const store = await open();
    await store.importBatch({
      items: ['q1', 'q2', 'q3'].map((k) => ({ dataset: 'd', key: k, instruction: `Question ${k}?` })),
      responses: ['a', 'b', 'c'].flatMap((s) =>
        ['q1', 'q2', 'q3'].map((k) => ({ dataset: 'd', itemKey: k, system: s, output: `${s} on ${k}` })),
      ),
      comparisons: [],
    });
    await store.createStudy({ name: 'p', design: { kind: 'all-pairs' }, votesWanted: 1 });
    await store.addAnnotator('p', 'ann', 'h1');
    await store.addAnnotator('p', 'eve', 'h2');
    // three pairs per item: the next task never repeats the item just voted on while another item is waiting
    let last = '';
    for (let i = 0; i < 6; i++) {
      const t = (await store.nextTask('p', 'ann'))!;
      expect(t.instruction, `task ${i}`).not.toBe(last);
      last = t.instruction;
      expect(
        await store.recordVote({ study: 'p', annotator: 'ann', taskId: t.taskId, leftIsX: t.leftIsX, choice: 'tie' }),
      ).toBe('recorded');
    }
    expect(await store.listStudies()).toEqual([
      { name: 'p', open: true, tasks: 9, votes: 6, votesWanted: 1, judges: ['human:ann', 'human:eve'] },
    ]);
    await store.revokeAnnotator('p', 'eve');
    await expect(store.revokeAnnotator('p', 'nobody')).rejects.toThrow(/no annotator "nobody"/);
    expect(await store.annotatorByToken('p', 'h2')).toBeNull();
    const t = (await store.nextTask('p', 'ann'))!;
    expect(
      await store.recordVote({ study: 'p', annotator: 'eve', taskId: t.taskId, leftIsX: true, choice: 'left' }),
    ).toBe('closed');
    const opened = await store.version();
    await store.closeStudy('p');
    expect(await store.version()).not.toBe(opened); // caches (the server's blindness rules) see the study close
    expect(
      await store.recordVote({ study: 'p', annotator: 'ann', taskId: t.taskId, leftIsX: true, choice: 'left' }),
    ).toBe('closed');
    expect(await store.nextTask('p', 'ann')).toBeNull();
    expect((await store.listStudies())[0]).toMatchObject({ open: false, votes: 6 });
    const s1 = await store.secret('vote');
    expect(s1).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.secret('vote')).toBe(s1);
    expect(await store.secret('other')).not.toBe(s1);
    await store.close();
  });

  it('shuffles the task order per annotator: a different permutation each, not a rotation of one', async () => {
    const store = await open();
    const keys = Array.from({ length: 40 }, (_, i) => `q${i}`);
    await store.importBatch({
      items: keys.map((k) => ({ dataset: 'd', key: k, instruction: `Question ${k}?` })),
      responses: ['base', 'm'].flatMap((s) => keys.map((k) => ({ dataset: 'd', itemKey: k, system: s, output: s }))),
      comparisons: [],
    });
    await store.createStudy({ name: 'o', design: { kind: 'baseline', baseline: 'base' }, votesWanted: 5 });
    const orders: string[][] = [];
    for (const a of ['ann', 'bob', 'cyd']) {
      await store.addAnnotator('o', a, `h-${a}`);
      const seen: string[] = [];
      for (let t = await store.nextTask('o', a); t; t = await store.nextTask('o', a)) {
        seen.push(t.instruction);
        await store.recordVote({ study: 'o', annotator: a, taskId: t.taskId, leftIsX: t.leftIsX, choice: 'tie' });
      }
      orders.push(seen);
    }
    expect(orders.map((o) => o.length)).toEqual([40, 40, 40]);
    // Spearman's ρ between two annotators' orders (no ties): 1 − 6Σd²/(n(n² − 1)); a rotation of a random order has
    // |ρ| near 1 for short shifts and the same successor of each task; fresh permutations have |ρ| ~ 1/√39 ≈ 0.16.
    const rank = (o: string[]) => new Map(o.map((k, i) => [k, i]));
    for (const [x, y] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const rx = rank(orders[x]);
      const ry = rank(orders[y]);
      const d2 = keys.reduce((s, k) => s + (rx.get(`Question ${k}?`)! - ry.get(`Question ${k}?`)!) ** 2, 0);
      expect(Math.abs(1 - (6 * d2) / (40 * (40 * 40 - 1))), `${x} vs ${y}`).toBeLessThan(0.5);
      // a rotation keeps every task's successor; a fresh permutation keeps few
      const next = (o: string[]) => new Map(o.map((k, i) => [k, o[(i + 1) % o.length]]));
      const [nx, ny] = [next(orders[x]), next(orders[y])];
      expect(keys.filter((k) => nx.get(`Question ${k}?`) === ny.get(`Question ${k}?`)).length).toBeLessThan(8);
    }
    await store.close();
  });
}
