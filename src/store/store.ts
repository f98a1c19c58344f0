import type { Comparison, Grade, Item, MatchResult, ResponseRecord } from '../core/model.js';

/** Everything one import writes, applied in a single transaction. */
export interface ImportBatch {
  items: Item[];
  responses: ResponseRecord[];
  comparisons: Comparison[];
  grades?: Grade[];
  matches?: MatchResult[];
  /** Called with the number of records written so far (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

/** What an import changed: new records, and records that were already stored identically. */
export interface ImportSummary {
  inserted: { items: number; responses: number; comparisons: number; grades: number; matches: number };
  unchanged: number;
}

/** Filter of {@link Store.comparisonTable}. */
export interface ComparisonFilter {
  judge?: string;
  dataset?: string;
}

/**
 * Comparisons in columnar form for the statistics core: one entry per stored comparison with status ok,
 * ordered by (system pair, seq). Systems and judges are indices into `systems` / `judges`.
 */
export interface ComparisonTable {
  systems: string[];
  judges: string[];
  item: Int32Array;
  a: Int32Array;
  b: Int32Array;
  judge: Int32Array;
  pA: Float64Array;
  seq: Float64Array;
  /** Code-point lengths of A's and B's responses (NaN when the response is not stored). */
  lenA: Float64Array;
  lenB: Float64Array;
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
  comparisonTable(filter?: ComparisonFilter): Promise<ComparisonTable>;
  stats(): Promise<StoreStats>;
  /** Mean response length (code points) per system. */
  averageLengths(dataset?: string): Promise<Map<string, number>>;
  grades(filter?: { judge?: string }): Promise<Grade[]>;
  matches(game?: string): Promise<MatchResult[]>;
  close(): Promise<void>;
}
