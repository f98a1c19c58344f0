import type { ComparisonColumns } from './comparison-columns.js';
import type { Finding } from '../integrity/finding.js';
import type { Comparison, Grade, Item, MatchResult, ResponseRecord } from '../core/model.js';

/** Everything one import writes, applied in a single transaction. */
export interface ImportBatch {
  /** Names to register first, in this order (a copy keeps the source's order of systems and judges). */
  systems?: string[];
  judges?: string[];
  items: Item[];
  responses: ResponseRecord[];
  comparisons: Comparison[];
  /** More comparisons in columns (a streamed battles file), written after `comparisons`. */
  columns?: ComparisonColumns;
  grades?: Grade[];
  matches?: MatchResult[];
  /** Cached provider responses with what they cost (a copied store keeps its judges' spend and cache). */
  cache?: CacheEntry[];
  /** Called with the number of records written so far (for progress bars). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Named values recorded with the records in the same transaction (e.g. the baseline a judgment file was read
   * with, `baseline:JUDGE`), read back by {@link Store.setting}. The store gives them no meaning.
   */
  settings?: Record<string, string>;
  /** What the readers want the user told (assumptions made, rows skipped); the store ignores them. */
  notes?: string[];
  /**
   * Content hashes known only at the end of a streamed file (hashed as it was read, not in a pass before): its
   * earlier batches named the file's hashed source by `provisional`, a stand-in no file has. The store gives that
   * source the hash. When a source has the hash already (the same content stored before, or earlier in this
   * import), the rows stored under the stand-in are those rows again: they are dropped and counted unchanged.
   */
  sourceHashes?: SourceHash[];
}

/** A streamed file's content hash and the stand-in its batches used until it was known (ImportBatch.sourceHashes). */
export interface SourceHash {
  provisional: string;
  hash: string;
}

/** One cached provider response: content key, provider, model, the response JSON, the judge that paid and the cost. */
export interface CacheEntry {
  key: string;
  provider: string;
  model: string;
  response: string;
  judge: string | null;
  cost: number | null;
}

/** A whole store as natural-key records (what `winrate copy` moves), with its findings and the number of studies. */
export interface StoreExport extends ImportBatch {
  systems: string[];
  judges: string[];
  cache: CacheEntry[];
  findings: Finding[];
  /** Human studies are not part of an export yet; a copy reports how many it left behind. */
  studies: number;
}

/** What an import changed: new records, and records that were already stored identically. */
export interface ImportSummary {
  inserted: { items: number; responses: number; comparisons: number; grades: number; matches: number };
  unchanged: number;
}

/** Adds the counts of `more` to `into` (the summary of a streamed import, batch by batch). */
export function addSummary(into: ImportSummary, more: ImportSummary): ImportSummary {
  for (const k of Object.keys(into.inserted) as (keyof ImportSummary['inserted'])[])
    into.inserted[k] += more.inserted[k];
  into.unchanged += more.unchanged;
  return into;
}

/** An import summary with nothing in it. */
export const emptySummary = (): ImportSummary => ({
  inserted: { items: 0, responses: 0, comparisons: 0, grades: 0, matches: 0 },
  unchanged: 0,
});

/** Filter of {@link Store.comparisonTable}. */
export interface ComparisonFilter {
  judge?: string;
  /** Several judges (a jury); combined with `judge` if both are given. An empty list selects nothing. */
  judges?: string[];
  dataset?: string;
  /** Also load style metadata (tokens, headers, lists, bolds of both sides). */
  withStyle?: boolean;
  /** Also load parse failures (their pA is NaN), for methods that count them in a denominator. */
  includeFailed?: boolean;
  /**
   * The caller reads only systems, verdicts, strength and style (a rating fit): a backend may leave item, judge,
   * seq, order and lengths empty (length 0) to read less of a large store.
   */
  lean?: boolean;
}

/**
 * Style metadata columns of a comparison table: [tokens, headers, lists, bolds] for side A and side B (NaN = unknown).
 */
export interface StyleColumns {
  a: [Float64Array, Float64Array, Float64Array, Float64Array];
  b: [Float64Array, Float64Array, Float64Array, Float64Array];
}

/**
 * Comparisons in columnar form for the statistics core: one entry per stored comparison with status ok,
 * in storage order. Systems and judges are indices into `systems` / `judges`.
 */
export interface ComparisonTable {
  systems: string[];
  judges: string[];
  /** Item id, −1 for battles without an item. */
  item: Int32Array;
  a: Int32Array;
  b: Int32Array;
  judge: Int32Array;
  pA: Float64Array;
  seq: Float64Array;
  /** Code-point lengths of A's and B's responses (NaN when the response is not stored). */
  lenA: Float64Array;
  lenB: Float64Array;
  /** Which response the judge saw first: 0 unknown, 1 = A, 2 = B. */
  shownFirst: Uint8Array;
  /** 1 where the verdict was a strong one (label with ">>", e.g. Arena-Hard "A>>B"). */
  strong: Uint8Array;
  /** Present when requested with `withStyle`. */
  style?: StyleColumns;
}

/**
 * Aggregated outcomes: how many ok comparisons each judge gave with verdict pA (and strength) for each
 * ordered system pair — the sufficient statistics of Bradley–Terry, maintained at import time.
 */
export interface OutcomeCounts {
  systems: string[];
  judges: string[];
  judge: Int32Array;
  a: Int32Array;
  b: Int32Array;
  pA: Float64Array;
  strong: Uint8Array;
  count: Float64Array;
}

/** Items and the responses of each system, as judging needs them. */
export interface JudgingInputs {
  items: {
    dataset: string;
    key: string;
    instruction: string;
    category: string | null;
    reference: string | null;
    turns: string[] | null;
    referenceTurns: string[] | null;
  }[];
  /** system → item key → output. */
  responses: Map<string, Map<string, string>>;
  /** system → item key → the answer's turns, for multi-turn answers. */
  responseTurns: Map<string, Map<string, string[]>>;
}

/** One judgment to record: the provider's response (cached by key) and the verdict it produced. */
export interface JudgmentRecord {
  cacheKey: string;
  provider: string;
  model: string;
  /** The provider response as JSON (re-parsed if a parser changes, never re-requested). */
  response: string;
  /** The judge that paid for the call, and what the provider billed (null when the model has no price). */
  judge?: string;
  cost?: number | null;
  comparison?: Comparison;
  grade?: Grade;
}

/** One ok comparison by natural keys. */
export interface StoredVerdict {
  dataset: string;
  itemKey: string;
  systemA: string;
  systemB: string;
  judge: string;
  pA: number;
}

/** A stored judgment's status and verdict: P(A wins) of a comparison, the score of a grade (null when unparsed). */
export interface StoredJudgment {
  status: 'ok' | 'parse_failed';
  value: number | null;
}

/** Money a judge spent in this store: USD over priced calls, the number of calls, and how many had no price. */
export interface JudgeSpend {
  cost: number;
  calls: number;
  unpriced: number;
}

/**
 * Money held against a judge's budget for one request in flight: `amount` USD for at most `seconds` (a lease, so that
 * a killed process's holds lapse). Holds live in the store, so every process judging with one store sees them.
 */
export interface SpendHold {
  id: string;
  judge: string;
  amount: number;
  seconds: number;
}

/** A budget's answer to a hold: take it, wait for a request in flight to end, or refuse (the cap is reached). */
export type HoldDecision = 'grant' | 'wait' | 'refuse';

/** What {@link Store.holdSpend} saw and decided: the judge's stored spend, the live holds of others, the decision. */
export interface HoldResult {
  decision: HoldDecision;
  spent: number;
  held: number;
}

/** A comparison as the browser lists it. */
export interface ComparisonSummary {
  id: number;
  dataset: string;
  itemKey: string | null;
  instruction: string | null;
  systemA: string;
  systemB: string;
  judge: string;
  shownFirst: string;
  status: string;
  pA: number | null;
  label: string | null;
}

/** Filters of {@link Store.listComparisons}. */
export interface ComparisonQuery {
  system?: string;
  judge?: string;
  /** Only parse failures. */
  failures?: boolean;
  /** Only comparisons on which the stored verdicts (orders or judges) disagree. */
  disagreement?: boolean;
  /** Leave out these judges' comparisons (the votes of open studies, for clients without the admin token). */
  excludeJudges?: string[];
  limit?: number;
  offset?: number;
}

/** One comparison with both responses and every verdict on the same item and pair. */
export interface ComparisonDetail extends ComparisonSummary {
  category: string | null;
  outputA: string | null;
  outputB: string | null;
  verdicts: (ComparisonSummary & { rationale: string | null; rawOutput: string | null })[];
}

/** Counts of what is stored. */
export interface StoreStats {
  items: number;
  systems: number;
  responses: number;
  comparisons: number;
  failedComparisons: number;
  grades: number;
  matches: number;
  judges: string[];
}

/**
 * The storage seam. Every backend (embedded SQLite, PostgreSQL) implements it and passes the same
 * conformance suite (test/store/conformance.ts). Async so that network backends fit the same shape.
 */
export interface Store {
  /** Applies a batch atomically; throws an InputError on a conflicting record, leaving the store as it was. */
  importBatch(batch: ImportBatch): Promise<ImportSummary>;
  /**
   * Applies batches as they arrive (a file streamed chunk by chunk) in one transaction: all of them or, on any error
   * (a conflicting record, a bad row further on), none. Memory is bounded by a batch, not by the input.
   */
  importBatches(batches: AsyncIterable<ImportBatch>): Promise<ImportSummary>;
  comparisonTable(filter?: ComparisonFilter): Promise<ComparisonTable>;
  /** Outcome counts per judge, pair and verdict (cheap: no scan of the comparisons). */
  outcomeCounts(filter?: { judge?: string }): Promise<OutcomeCounts>;
  stats(): Promise<StoreStats>;
  /** The judges' names, sorted (cheap: stats() counts every table). */
  judgeNames(): Promise<string[]>;
  /** A cheap fingerprint that changes whenever stored data changes (for caches). */
  version(): Promise<string>;
  /** Instruction texts of the items (of one dataset, or all). */
  instructions(dataset?: string): Promise<string[]>;
  /** Category of every item that has one, by item id (the ids of ComparisonTable.item). */
  itemCategories(dataset?: string): Promise<Map<number, string>>;
  /** Mean response length (code points) per system. */
  averageLengths(dataset?: string): Promise<Map<string, number>>;
  /** Total response length (code points) and number of responses per system. */
  lengthTotals(dataset?: string): Promise<Map<string, { total: number; n: number }>>;
  grades(filter?: { judge?: string }): Promise<Grade[]>;
  matches(game?: string): Promise<MatchResult[]>;
  /** Comparisons for browsing, newest first, with filters; and the total matching. */
  listComparisons(q: ComparisonQuery): Promise<{ total: number; rows: ComparisonSummary[] }>;
  comparisonDetail(id: number): Promise<ComparisonDetail | null>;
  /** Every ok verdict (of one judge / dataset) by natural keys: item, systems, P(A wins) — for per-item analyses. */
  verdicts(filter?: { judge?: string; dataset?: string }): Promise<StoredVerdict[]>;
  /** Items and responses of a dataset (all datasets when omitted), for judging and generation. */
  judgingInputs(dataset?: string): Promise<JudgingInputs>;
  /**
   * Status of every judgment a judge already has, keyed by {@link judgmentKey}: runs skip what is stored, so
   * an interrupted run resumes without paying twice.
   */
  existingJudgments(judge: string): Promise<Map<string, StoredJudgment>>;
  /** A cached provider response by content key, or null. */
  cachedResponse(key: string): Promise<string | null>;
  /**
   * Stores a provider response and its verdict atomically. A parse failure may later be replaced by a verdict
   * (retry); a stored verdict is never overwritten.
   */
  recordJudgment(record: JudgmentRecord): Promise<void>;
  /** Replaces the stored integrity findings of the given systems (all systems when omitted) in one transaction. */
  replaceFindings(findings: Finding[], systems?: string[]): Promise<void>;
  /** Stored integrity findings, of one system or all. */
  findings(filter?: { system?: string }): Promise<Finding[]>;
  /** What a judge's calls cost so far in this store (across runs): its budget is a cap on this. */
  judgeSpend(judge: string): Promise<JudgeSpend>;
  /**
   * Atomically across processes: reads the judge's stored spend and the live holds (holds whose cost is already stored
   * under their cache key, or whose lease ended, do not count), asks `decide`, and inserts the hold if it grants. The
   * rule is the caller's ({@link StoreBudget}); the store only makes read-decide-insert one step.
   */
  holdSpend(hold: SpendHold, decide: (spent: number, held: number) => HoldDecision): Promise<HoldResult>;
  /**
   * Ends a hold: a request that cost nothing releases it; one that was billed keeps `cost` held for `seconds`, until
   * the cache row under `cacheKey` (which records the cost in the spend) is stored, so the cost is never missed.
   */
  settleSpend(id: string, cost: number, cacheKey: string | null, seconds: number): Promise<void>;
  /** A value recorded with an import ({@link ImportBatch.settings}), or null. */
  setting(key: string): Promise<string | null>;
  /** Everything stored, as records {@link importBatch} writes back identically into any backend (`winrate copy`). */
  exportAll(): Promise<StoreExport>;
  close(): Promise<void>;
}

/** Identity of a judgment within one judge: the comparison (or grade) it produces. */
export function judgmentKey(
  dataset: string,
  itemKey: string,
  a: string,
  b: string,
  shownFirst: string,
  sample: number,
): string {
  return [dataset, itemKey, a, b, shownFirst, sample].join('\u0000');
}
