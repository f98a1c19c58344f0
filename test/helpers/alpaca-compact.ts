import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/**
 * A model of the compact AlpacaEval fixture: published leaderboard row and [preference, len_1, len_2] per row (the last
 * is the item position in the 805-item evaluation set).
 */
export interface CompactModel {
  model: string;
  published: Record<string, number | string>;
  rows: [number, number, number, number][];
}

const path = new URL('../fixtures/alpacaeval/compact.json.gz', import.meta.url);

/** Loads the 15-model AlpacaEval fixture. */
export function loadCompact(): CompactModel[] {
  return (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { models: CompactModel[] }).models;
}

/** Published GLM weights per model: [β_len, β_diff, β_ng]. */
export function loadPublishedWeights(): Map<string, [number, number, number]> {
  const lines = readFileSync(new URL('../fixtures/alpacaeval/weights.csv', import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return new Map(
    lines.map((l) => {
      const c = l.split(',');
      return [c[0], [Number(c[1]), Number(c[2]), Number(c[3])]];
    }),
  );
}
