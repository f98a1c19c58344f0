import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import type { CompactModel } from './alpaca-compact.js';

/** A string of exactly `len` code points, with astral characters so that UTF-16 length differs. */
export function textOfLength(len: number, seed: number): string {
  const astral = Math.min(len, 1 + (seed % 3));
  return '😀'.repeat(astral) + 'x'.repeat(len - astral);
}

/** The 805 real AlpacaEval 2.0 instructions, in evaluation-set order. */
const INSTRUCTIONS = JSON.parse(
  gunzipSync(readFileSync(new URL('../fixtures/alpacaeval/instructions.json.gz', import.meta.url))).toString('utf8'),
) as string[];

/**
 * Writes an AlpacaEval annotation file for a compact model: real preferences and instructions, outputs of
 * the real code-point lengths.
 */
export function writeAnnotationFile(dir: string, m: CompactModel): string {
  const rows = m.rows.map(([pref, len1, len2, item]) => ({
    instruction: INSTRUCTIONS[item],
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

/**
 * Writes the model_outputs file of a compact model over all 805 instructions: the annotated rows' outputs (the same
 * texts as {@link writeAnnotationFile}) and an empty output for every instruction its annotations lack. That is what
 * AlpacaEval's own files held when its avg_length was published: text_davinci_001's model_outputs.json at
 * tatsu-lab/alpaca_eval commit d616edd has 805 rows, empty exactly at items 247 and 504 (its annotations have 803);
 * alpaca-7b_concise's at commit 34e01fa has 805, empty at item 689.
 */
export function writeModelOutputsFile(dir: string, m: CompactModel): string {
  const len = new Map(m.rows.map(([, , len2, item]) => [item, len2]));
  const rows = INSTRUCTIONS.map((instruction, item) => {
    const l = len.get(item);
    return { instruction, output: l === undefined ? '' : textOfLength(l, item + 1), generator: m.model };
  });
  const file = join(dir, `${m.model}.outputs.json`);
  writeFileSync(file, JSON.stringify(rows));
  return file;
}
