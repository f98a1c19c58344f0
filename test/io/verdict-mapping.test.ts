import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBattlesFile } from '../../src/io/battles.js';
import { readComparisonsFile } from '../../src/io/comparisons.js';
import { tempDir } from '../helpers/cli.js';

// FastChat's elo_analysis.py counts "tie" and "tie (bothbad)" alike as half a win for each side (its
// compute_mle_elo duplicates tie rows, one won by each model); a "both bad" tie is no loss for either.
describe('verdict labels map to P(A wins) as their protocols define', () => {
  it('battles: model_a 1, model_b 0, tie and tie (bothbad) ½', () => {
    const f = join(tempDir(), 'b.jsonl');
    const winners = ['model_a', 'model_b', 'tie', 'tie (bothbad)'];
    writeFileSync(f, winners.map((w) => JSON.stringify({ model_a: 'x', model_b: 'y', winner: w })).join('\n'));
    expect(readBattlesFile(f).comparisons.map((c) => c.pA)).toEqual([1, 0, 0.5, 0.5]);
  });

  it('generic comparisons: a, b, tie and their synonyms', () => {
    const f = join(tempDir(), 'c.jsonl');
    const outcomes = ['a', 'b', 'tie', 'model_a', 'model_b', 'draw', 'tie (bothbad)'];
    writeFileSync(
      f,
      outcomes.map((o, i) => JSON.stringify({ item: `q${i}`, system_a: 'x', system_b: 'y', outcome: o })).join('\n'),
    );
    expect(readComparisonsFile(f).comparisons.map((c) => c.pA)).toEqual([1, 0, 0.5, 1, 0, 0.5, 0.5]);
  });
});
