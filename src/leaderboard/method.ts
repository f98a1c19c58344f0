import type { Store } from '../store/store.js';

/** How a leaderboard column is printed and plotted. */
export interface LeaderboardColumn {
  key: string;
  label: string;
  kind: 'text' | 'number' | 'percent' | 'rating' | 'count';
  /** Decimals in the terminal table and Markdown (default 2; JSON and CSV print full precision). */
  digits?: number;
}

/**
 * The result of any leaderboard method, in one shape so that every output (terminal table, JSON, CSV,
 * Markdown, HTML report, dashboard) renders every method without method-specific code.
 */
export interface LeaderboardResult {
  method: string;
  title: string;
  baseline: string | null;
  columns: LeaderboardColumn[];
  rows: Record<string, unknown>[];
  /** The headline value per row and its interval (bars, forest plots), with the axis range. */
  value: { key: string; low?: string; high?: string; min: number; max: number };
  /** Method-specific extras (predicted win-rate matrix, style coefficients, per-category results). */
  extra?: Record<string, unknown>;
  /** What a reader should know before trusting the rows (a value not reported and why, small samples). */
  notes?: string[];
}

/** Options every method may read (each ignores what it does not use). */
export interface LeaderboardOptions {
  baseline?: string;
  judge?: string;
  dataset?: string;
  bootstrap?: number;
  seed?: number;
  /** Fixed ratings: one shifts the scale, several are held fixed in the fit (bot levels of known Elo). */
  anchor?: { system: string; rating: number }[];
  styleControl?: boolean;
  alpacaLc?: boolean;
  /** WildBench length penalty K (characters; −1 disables). */
  k?: number;
  eloK?: number;
  /** Groups of the `variants` and `groups` methods: item category (default) or judge (annotators `human:NAME`). */
  groupBy?: 'category' | 'judge';
  /** Combine several judges (--judge a,b,c, or all) per comparison: mean probability or majority verdict. */
  jury?: 'mean' | 'majority';
}

/** A leaderboard method: computes a {@link LeaderboardResult} from the store. */
export interface LeaderboardMethod {
  name: string;
  description: string;
  /** What it reads (default comparisons): the dashboard offers a method only when the store holds such data. */
  needs?: 'comparisons' | 'grades';
  run(store: Store, options: LeaderboardOptions): Promise<LeaderboardResult>;
}
