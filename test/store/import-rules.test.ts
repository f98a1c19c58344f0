import { describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/core/model.js';
import { gradeConflict, mergeItem, outputConflict, strongOf, verdictConflict } from '../../src/store/import-rules.js';

const cmp = (extra: Partial<Comparison> = {}): Comparison => ({
  dataset: 'd', itemKey: 'k', systemA: 'a', systemB: 'b', judge: 'j', shownFirst: null, sample: 0, status: 'ok', pA: 1, label: 'A>B', ...extra,
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
    expect(mergeItem({ instruction: 'What is 2+2?' }, { dataset: 'd', key: 'q1', instruction: 'q1' })).toBe('unchanged');
    expect(mergeItem({ instruction: 'What is 2+2?' }, { dataset: 'd', key: 'q1', instruction: 'What is 2+2?' })).toBe('unchanged');
    expect(mergeItem({ instruction: 'What is 2+2?' }, { dataset: 'd', key: 'q1', instruction: 'What is 3+3?' })).toEqual({ conflict: 'item "q1" is already stored with another instruction text' });
  });

  it('accepts identical records again and refuses contradicting ones with a message naming the judge or system', () => {
    expect(outputConflict('x', { output: 'x', system: 's' })).toBeNull();
    expect(outputConflict('x', { output: 'y', system: 's' })).toMatch(/system "s" already has a different output/);
    expect(verdictConflict({ status: 'ok', pA: 1, label: 'A>B' }, cmp())).toBeNull();
    expect(verdictConflict({ status: 'ok', pA: 0, label: 'B>A' }, cmp())).toMatch(/judge "j" already has a different verdict stored for a vs b on this item \(B>A ≠ A>B\)/);
    expect(gradeConflict(7, { score: 7, judge: 'j', system: 's' })).toBeNull();
    expect(gradeConflict(7, { score: 8, judge: 'j', system: 's' })).toMatch(/\(7 ≠ 8\)/);
  });
});
