import { statSync } from 'node:fs';
import type { ImportBatch, ImportSummary, Store } from '../store/store.js';
import { readAlpacaEvalFile } from './alpaca-eval.js';
import { readComparisonsFile, streamComparisonsFile } from './comparisons.js';
import { readBattlesFile } from './battles.js';
import { streamBattlesInWorker } from './battles-parallel.js';
import { readArenaHardFile } from './arena-hard.js';
import { readWildBenchFile } from './wildbench.js';
import { readMtBenchFile } from './mt-bench.js';
import { readMatchesFile } from './matches.js';
import { readPreferencesFile } from './preferences.js';
import { styleFromText } from './markdown-style.js';
import type { SettingLookup } from './file-identity.js';

/** Options shared by every file reader. */
export interface ReadOptions {
  judge?: string;
  dataset?: string;
  /** Baseline of Arena-Hard judgment rows that do not name one. */
  baseline?: string;
  /** The system of a one-system AlpacaEval file (renames it). */
  system?: string;
  /** MT-Bench: the files are reference answers. */
  references?: boolean;
}

/** A reader option's name. */
export type ReadOption = keyof ReadOptions;

/** Options of a streaming reader: progress in bytes read, and the store's named values to ask (Store.setting). */
export type StreamOptions = ReadOptions & { onRead?: (bytes: number) => void; lookup?: SettingLookup };

/** The import formats, by CLI name. */
export const IMPORT_FORMATS = {
  'alpaca-eval': {
    options: ['judge', 'dataset', 'system'],
    read: readAlpacaEvalFile,
    help: 'AlpacaEval annotations.json or model_outputs.json files (.json or .json.gz)',
  },
  comparisons: {
    options: ['judge', 'dataset'],
    read: readComparisonsFile,
    stream: streamComparisonsFile,
    help: 'generic comparisons, JSONL or CSV (see README "Generic comparison format")',
  },
  'arena-hard': {
    options: ['judge', 'dataset', 'baseline'],
    read: readArenaHardFile,
    help: 'Arena-Hard-Auto question, model_answer, model_judgment and battles JSONL files',
  },
  wildbench: {
    options: ['judge', 'dataset'],
    read: readWildBenchFile,
    help: 'WildBench evaluation files: score mode (WB-Score) or pairwise (WB-Reward), JSON array or JSONL',
  },
  'mt-bench': {
    options: ['judge', 'dataset', 'references'],
    read: readMtBenchFile,
    help: 'FastChat llm_judge (MT-Bench) question, single-grade and pairwise judgment JSONL files',
  },
  matches: {
    options: ['judge', 'dataset'],
    read: readMatchesFile,
    help: 'game results: white,black,result or player_a,player_b,score_a (CSV/JSONL), PGN, rankings and teams (README "Games")',
  },
  preferences: {
    options: ['judge', 'dataset'],
    read: readPreferencesFile,
    help: 'preference pairs: prompt, chosen, rejected (+ subset, reward-model scores, policy/reference log-likelihoods, preference_prob), CSV or JSONL',
  },
  battles: {
    options: ['judge', 'dataset'],
    read: readBattlesFile,
    stream: streamBattlesInWorker,
    help: 'Chatbot Arena / Arena-Hard battles: model_a, model_b, winner (+ question_id, style metadata), CSV or JSONL, optionally .gz',
  },
} satisfies Record<
  string,
  {
    /** The reader options this format takes (the import subcommand's flags): no flag is accepted and ignored. */
    options: readonly ReadOption[];
    read: (file: string, o: ReadOptions) => ImportBatch;
    /**
     * A reader that streams the file in batches (bounded memory, one transaction): used by importFiles when present.
     */
    stream?: (file: string, o: StreamOptions) => AsyncIterable<ImportBatch>;
    help: string;
  }
>;

/** A format `winrate import` reads (the subcommand names). */
export type ImportFormat = keyof typeof IMPORT_FORMATS;

/**
 * Imports files in one transaction: a bad row in any file leaves the store exactly as it was. A format with a
 * streaming reader is written batch by batch as it is read (memory bounded by a batch; progress in bytes of the
 * files); the others are read and validated whole first.
 */
export async function importFiles(
  store: Store,
  format: ImportFormat,
  files: string[],
  options: ReadOptions & { onProgress?: ImportBatch['onProgress'] } = {},
): Promise<ImportSummary & { repeated: number; notes: string[] }> {
  const fmt: (typeof IMPORT_FORMATS)[ImportFormat] = IMPORT_FORMATS[format];
  if ('stream' in fmt) {
    const stream = fmt.stream;
    const seen = new Set<string>();
    const counted = { repeated: 0 };
    async function* prepared(): AsyncGenerator<ImportBatch> {
      // a reader may ask the store what it knows of a file before reading it (battles: the file's identity)
      for await (const batch of streamAll(stream, files, { ...options, lookup: (key) => store.setting(key) })) {
        counted.repeated += dropRepeats(batch, seen);
        for (const r of batch.responses) r.style ??= styleFromText(r.output);
        yield batch;
      }
    }
    return {
      ...(await store.importBatches(readAhead(prepared(), READ_AHEAD_ROWS))),
      repeated: counted.repeated,
      notes: [],
    };
  }
  const batch: ImportBatch = { items: [], responses: [], comparisons: [], onProgress: options.onProgress };
  for (const file of files) {
    const b = IMPORT_FORMATS[format].read(file, options);
    for (const x of b.items) batch.items.push(x);
    for (const x of b.responses) batch.responses.push(x);
    for (const x of b.comparisons) batch.comparisons.push(x);
    for (const x of b.grades ?? []) (batch.grades ??= []).push(x);
    for (const x of b.matches ?? []) (batch.matches ??= []).push(x);
    if (b.settings) batch.settings = { ...batch.settings, ...b.settings };
    for (const n of b.notes ?? []) (batch.notes ??= []).push(n);
  }
  const repeated = dropRepeats(batch);
  // Every stored response has style features (style control reads them), from its file's metadata or its text.
  for (const r of batch.responses) r.style ??= styleFromText(r.output);
  const summary = await store.importBatch(batch);
  return { ...summary, repeated, notes: groupNotes(batch.notes ?? []) };
}

/**
 * Rows a streamed import reads before it takes the store's write lock: an import of up to this many rows (one batch)
 * is read and validated whole first and holds the lock only while writing (votes and judgments meanwhile wait
 * milliseconds, not the whole read); a larger one holds it from then on, writing while the rest is read, with memory
 * bounded by a few batches. (100k rows kept a million-row import from writing for the ~0.3 s of reading them.)
 */
const READ_AHEAD_ROWS = 20_000;

/** The batches of `source`, the first ones held back until `rows` rows are read (or the input ends). */
async function* readAhead(source: AsyncIterable<ImportBatch>, rows: number): AsyncGenerator<ImportBatch> {
  const it = source[Symbol.asyncIterator]();
  const held: ImportBatch[] = [];
  let n = 0;
  try {
    while (n < rows) {
      const r = await it.next();
      if (r.done) break;
      held.push(r.value);
      n +=
        r.value.items.length + r.value.responses.length + r.value.comparisons.length + (r.value.columns?.length ?? 0);
    }
    while (held.length > 0) yield held.shift()!;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  } finally {
    await it.return?.();
  }
}

/** The batches of every file in turn, reporting progress as bytes of all the files read. */
async function* streamAll(
  stream: (file: string, o: StreamOptions) => AsyncIterable<ImportBatch>,
  files: string[],
  options: StreamOptions & { onProgress?: ImportBatch['onProgress'] },
): AsyncGenerator<ImportBatch> {
  const total = files.reduce((t, f) => t + (fileSize(f) ?? 0), 0);
  let read = 0;
  const onRead = (bytes: number): void => {
    read += bytes;
    options.onProgress?.(Math.min(read, total), total);
  };
  for (const file of files) yield* stream(file, { ...options, onRead });
}

function fileSize(file: string): number | undefined {
  try {
    return statSync(file).size;
  } catch {
    return undefined; // the reader names a missing file
  }
}

/**
 * Drops exact repeats of items and responses within the batch (the baseline's outputs and the instructions come again
 * in every AlpacaEval or Arena-Hard file), so that "already stored" counts only what the store held before. `seen`
 * carries what earlier batches of a stream held. Returns how many were dropped.
 */
function dropRepeats(batch: ImportBatch, seen = new Set<string>()): number {
  const before = batch.items.length + batch.responses.length;
  const first = (k: string): boolean => !seen.has(k) && (seen.add(k), true);
  batch.items = batch.items.filter((i) =>
    first(JSON.stringify(['i', i.dataset, i.key, i.instruction, i.category ?? null, i.reference ?? null])),
  );
  batch.responses = batch.responses.filter((r) =>
    first(JSON.stringify(['r', r.dataset, r.itemKey, r.system, r.output])),
  );
  return before - batch.items.length - batch.responses.length;
}

/** The same note from many files once, naming how many files said it (`… (76 files)`). */
function groupNotes(notes: string[]): string[] {
  const count = new Map<string, number>();
  for (const n of notes) count.set(n, (count.get(n) ?? 0) + 1);
  return [...count].map(([n, c]) => (c > 1 ? `${n} (${c} files)` : n));
}
