import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CompactModel } from './alpaca-compact.js';

/** A string of exactly `len` code points, with astral characters so that UTF-16 length differs. */
export function textOfLength(len: number, seed: number): string {
  const astral = Math.min(len, 1 + (seed % 3));
  return '😀'.repeat(astral) + 'x'.repeat(len - astral);
}

/**
 * Writes an AlpacaEval annotation file for a compact model: real preferences, outputs of the real
 * code-point lengths, instructions named by their item position.
 */
export function writeAnnotationFile(dir: string, m: CompactModel): string {
  const rows = m.rows.map(([pref, len1, len2, item]) => ({
    instruction: `instruction ${item}`,
    output_1: textOfLength(len1, item),
    generator_1: 'gpt4_1106_preview',
    output_2: textOfLength(len2, m.model === 'gpt4_1106_preview' ? item : item + 1),
    generator_2: m.model,
    annotator: 'weighted_alpaca_eval_gpt4_turbo',
    preference: pref,
    dataset: 'helpful_base',
  }));
  const file = join(dir, `${m.model}.json`);
  writeFileSync(file, JSON.stringify(rows));
  return file;
}
