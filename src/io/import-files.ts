import type { ImportBatch, ImportSummary, Store } from '../store/store.js';
import { readAlpacaEvalFile } from './alpaca-eval.js';
import { readComparisonsFile } from './comparisons.js';
import { readBattlesFile } from './battles.js';
import { readArenaHardFile } from './arena-hard.js';
import { readWildBenchFile } from './wildbench.js';
import { readMtBenchFile } from './mt-bench.js';
import { readMatchesFile } from './matches.js';
import { readPreferencesFile } from './preferences.js';

/** Options shared by every file reader. */
export interface ReadOptions {
  judge?: string;
  dataset?: string;
  /** Baseline of Arena-Hard judgment rows that do not name one. */
  baseline?: string;
}

/** The import formats, by CLI name. */
export const IMPORT_FORMATS = {
  'alpaca-eval': { read: readAlpacaEvalFile, help: 'AlpacaEval annotations.json or model_outputs.json files (.json or .json.gz)' },
  comparisons: { read: readComparisonsFile, help: 'generic comparisons, JSONL or CSV (see README "Generic comparison format")' },
  'arena-hard': { read: readArenaHardFile, help: 'Arena-Hard-Auto question, model_answer, model_judgment and battles JSONL files' },
  wildbench: { read: readWildBenchFile, help: 'WildBench evaluation files: score mode (WB-Score) or pairwise (WB-Reward), JSON array or JSONL' },
  'mt-bench': { read: readMtBenchFile, help: 'FastChat llm_judge (MT-Bench) question, single-grade and pairwise judgment JSONL files' },
  matches: { read: readMatchesFile, help: 'game results: white,black,result or player_a,player_b,score_a (CSV/JSONL), PGN, rankings and teams (README "Games")' },
  preferences: { read: readPreferencesFile, help: 'preference pairs: prompt, chosen, rejected (+ subset, reward-model scores, policy/reference log-likelihoods, preference_prob), CSV or JSONL' },
  battles: { read: readBattlesFile, help: 'Chatbot Arena / Arena-Hard battles: model_a, model_b, winner (+ question_id, style metadata), CSV or JSONL, optionally .gz' },
} satisfies Record<string, { read: (file: string, o: ReadOptions) => ImportBatch; help: string }>;

export type ImportFormat = keyof typeof IMPORT_FORMATS;

/**
 * Reads and validates every file first, then writes all of them in one transaction: a bad row in any
 * file leaves the store exactly as it was.
 */
export async function importFiles(
  store: Store, format: ImportFormat, files: string[], options: ReadOptions & { onProgress?: ImportBatch['onProgress'] } = {},
): Promise<ImportSummary> {
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], onProgress: options.onProgress };
  for (const file of files) {
    const b = IMPORT_FORMATS[format].read(file, options);
    for (const x of b.items) batch.items.push(x);
    for (const x of b.responses) batch.responses.push(x);
    for (const x of b.comparisons) batch.comparisons.push(x);
    for (const x of b.grades ?? []) (batch.grades ??= []).push(x);
    for (const x of b.matches ?? []) (batch.matches ??= []).push(x);
  }
  return store.importBatch(batch);
}
