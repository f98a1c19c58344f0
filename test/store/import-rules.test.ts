import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/model.js';
import { gradeMerge, mergeItem, outputConflict, strongOf, verdictConflict } from '../../src/store/import-rules.js';

const cmp = (extra: Partial<Comparison> = {}): Comparison => ({
  dataset: 'd',
  itemKey: 'k',
  systemA: 'a',
  systemB: 'b',
  judge: 'j',
  shownFirst: null,
  sample: 0,
  status: 'ok',
  pA: 1,
  label: 'A>B',
  ...extra,
});

describe('import rules (backend-independent)', () => {
  it("derives Arena-Hard's strong verdicts from labels unless given", () => {
    expect(strongOf(cmp({ label: 'A>>B' }))).toBe(true);
    expect(strongOf(cmp({ label: 'B>>A' }))).toBe(true);
    expect(strongOf(cmp({ label: 'A>B' }))).toBe(false);
    expect(strongOf(cmp({ label: null }))).toBe(false);
    expect(strongOf(cmp({ label: 'A>>B', strong: false }))).toBe(false);
  });

  it('lets real instruction text replace a placeholder, never the reverse, and names a conflict', () => {
    expect(mergeItem({ instruction: 'q1' }, { dataset: 'd', key: 'q1', instruction: 'What is 2+2?' })).toBe('replace');
    expect(mergeItem({ instruction: 'What is 2+2?' }, { dataset: 'd', key: 'q1', instruction: 'q1' })).toBe(
      'unchanged',
    );
    expect(mergeItem({ instruction: 'What is 2+2?' }, { dataset: 'd', key: 'q1', instruction: 'What is 2+2?' })).toBe(
      'unchanged',
    );
    expect(
      mergeItem({ instruction: 'What is 2+2?' }, { dataset: 'd', key: 'q1', instruction: 'What is 3+3?' }),
    ).toEqual({ conflict: 'item "q1" is already stored with another instruction text' });
  });

  it('accepts identical records again and refuses contradicting ones with a message naming the judge or system', () => {
    expect(outputConflict('x', { output: 'x', system: 's' })).toBeNull();
    expect(outputConflict('x', { output: 'y', system: 's' })).toMatch(/system "s" already has a different output/);
    expect(verdictConflict({ status: 'ok', pA: 1, label: 'A>B' }, cmp())).toBeNull();
    expect(verdictConflict({ status: 'ok', pA: 0, label: 'B>A' }, cmp())).toMatch(
      /judge "j" already has a different verdict stored for a vs b on this item \(B>A ≠ A>B\)/,
    );
    expect(gradeMerge(7, { score: 7, judge: 'j', system: 's' })).toEqual({ action: 'keep' });
    expect(gradeMerge(7, { score: null, judge: 'j', system: 's' })).toEqual({ action: 'keep' });
    expect(gradeMerge(null, { score: 9, judge: 'j', system: 's' })).toEqual({ action: 'replace' });
    const c = gradeMerge(7, { score: 8, judge: 'j', system: 's' });
    expect(c.action === 'conflict' && c.problem).toMatch(/\(7 ≠ 8\)/);
  });
});

describe('study design rules (backend-independent)', () => {
  it('pairs systems, codes gold answers, and picks sides by names (the same study on any backend)', async () => {
    const { goldCode, leftIsX, studyPairs, voteComparison } = await import('../../src/store/study-design.js');
    const known = new Set(['base', 'a', 'b']);
    expect(studyPairs(known, { name: 's', design: { kind: 'baseline', baseline: 'base' }, votesWanted: 1 })).toEqual([
      ['base', 'a'],
      ['base', 'b'],
    ]);
    expect(
      studyPairs(known, { name: 's', design: { kind: 'all-pairs' }, votesWanted: 1, systems: ['a', 'b', 'base'] }),
    ).toEqual([
      ['a', 'b'],
      ['a', 'base'],
      ['b', 'base'],
    ]);
    expect(() =>
      studyPairs(known, { name: 's', design: { kind: 'baseline', baseline: 'nope' }, votesWanted: 1 }),
    ).toThrow(/unknown baseline "nope"/);
    expect([
      goldCode('a', 'base', 'a'),
      goldCode('tie', 'x', 'y'),
      goldCode(undefined, 'x', 'y'),
      goldCode('zzz', 'x', 'y'),
    ]).toEqual(['y', 'tie', null, null]);
    const task = { study: 's', itemKey: 'q1', x: 'base', y: 'a' };
    expect(leftIsX(task, 'ann', 'k')).toBe(leftIsX(task, 'ann', 'k'));
    const sides = Array.from({ length: 200 }, (_, i) => leftIsX({ ...task, itemKey: `q${i}` }, 'ann', 'k'));
    expect(sides.filter(Boolean).length).toBeGreaterThan(70);
    expect(sides.filter(Boolean).length).toBeLessThan(130);
    // the side is keyed by the store's secret: from the public names alone (the old, unkeyed SHA-256) an annotator
    // could predict it; with two keys the sides of the same 200 tasks differ in about half of them
    const other = Array.from({ length: 200 }, (_, i) => leftIsX({ ...task, itemKey: `q${i}` }, 'ann', 'another key'));
    const differ = sides.filter((s, i) => s !== other[i]).length;
    expect(differ).toBeGreaterThan(70);
    expect(differ).toBeLessThan(130);
    const unkeyed = (i: number): boolean =>
      (createHash('sha256')
        .update(JSON.stringify(['s', `q${i}`, 'base', 'a', 'ann']))
        .digest()[0] &
        1) ===
      1;
    const predicted = sides.filter((s, i) => s === unkeyed(i)).length;
    expect(predicted).toBeGreaterThan(70); // about chance: the public names no longer tell the side
    expect(predicted).toBeLessThan(130);
    const c = voteComparison(
      { dataset: 'd', itemKey: 'q1', x: 'base', y: 'a' },
      { study: 's', annotator: 'ann', taskId: 1, leftIsX: false, choice: 'left' },
    );
    expect(c).toMatchObject({ systemA: 'base', systemB: 'a', judge: 'human:ann', shownFirst: 'b', pA: 0, label: 'B' });
  });
});
