/**
 * The data model: what winrate stores and computes on. Everything is keyed by names and content, never by
 * storage ids, so the same records move between store backends unchanged.
 */

/** Where a record came from (file and 1-based row), so that a conflict or bad value can be named precisely. */
export interface Provenance {
  file?: string;
  row?: number;
  /** The field holding the record's verdict or value, named as its file's format names it (for conflict errors). */
  field?: string;
}

/** A prompt, task or game setup. Identified by (dataset, key); key defaults to the instruction text. */
export interface Item {
  dataset: string;
  key: string;
  instruction: string;
  category?: string | null;
  reference?: string | null;
  /** A multi-turn item's user turns (MT-Bench: two), and its reference answer per turn; `instruction` joins them. */
  turns?: string[] | null;
  referenceTurns?: string[] | null;
  /** The file and row it was read from, when it came from a file. */
  origin?: Provenance | null;
}

/** Style metadata of one response (Arena-Hard / Chatbot Arena style control): token count and markdown elements. */
export interface ResponseStyle {
  tokens: number;
  headers: number;
  lists: number;
  bolds: number;
}

/** One system's response to one item. Length is counted in Unicode code points. */
export interface ResponseRecord {
  dataset: string;
  itemKey: string;
  system: string;
  output: string;
  style?: ResponseStyle | null;
  /** A multi-turn answer's turns (`output` joins them). */
  turns?: string[] | null;
  /** The file and row it was read from, when it came from a file. */
  origin?: Provenance | null;
}

/** Which system's response was shown first to the judge; null when unknown (e.g. imported aggregates). */
export type ShownFirst = 'a' | 'b' | null;

/** Whether a judgment yielded a verdict. A parse failure is data, never a tie. */
export type ComparisonStatus = 'ok' | 'parse_failed';

/**
 * A pairwise comparison of system A and system B on one item by one judge. `pA` is the probability that
 * A wins (1 = A, 0 = B, 0.5 = tie; fractional for log-prob weighted or aggregated verdicts).
 * Unique per (dataset, itemKey, systemA, systemB, judge, shownFirst, sample).
 */
export interface Comparison {
  dataset: string;
  /** Null for a battle without a stored item (Chatbot Arena battles); then sourceHash + seq identify it. */
  itemKey: string | null;
  systemA: string;
  systemB: string;
  judge: string;
  shownFirst: ShownFirst;
  /** Repeat index when the same judgment is sampled several times. */
  sample: number;
  status: ComparisonStatus;
  pA: number | null;
  label: string | null;
  /**
   * A strong verdict (Arena-Hard's "A>>B"), weighted more by some methods. When absent, the import rules derive it
   * from the label (src/store/import-rules.ts); backends store it as given.
   */
  strong?: boolean;
  rationale?: string | null;
  rawOutput?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  cost?: number | null;
  durationMs?: number | null;
  /** Position in the source (file row, or item order); AlpacaEval's LC uses it as the row position. */
  seq?: number | null;
  /** Where the comparison came from (file name, run id). */
  source?: string | null;
  /** Content hash of the source file: with seq, the identity of a battle without an item. */
  sourceHash?: string | null;
  /** Style metadata of A's and B's responses when they are not stored as responses (battle files). */
  styleA?: ResponseStyle | null;
  styleB?: ResponseStyle | null;
  /** The file and row it was read from, when it came from a file. */
  origin?: Provenance | null;
}

/** A single-answer grade (e.g. MT-Bench 1–10) of one system's response by one judge. */
export interface Grade {
  dataset: string;
  itemKey: string;
  system: string;
  judge: string;
  turn: number;
  /** Repeat index of the same grade (FastChat appends rerun judgments; every valid row counts); default 0. */
  sample?: number;
  /** Null when the judge's score could not be parsed (kept, never counted as a score). */
  score: number | null;
  rawOutput?: string | null;
  /**
   * Length of the graded output (code points) and whether it was complete: WildBench's avg_len skips truncated and
   * empty outputs.
   */
  outputLength?: number | null;
  outputStatus?: 'ok' | 'truncated' | 'empty' | null;
  source?: string | null;
  /** The file and row it was read from, when it came from a file. */
  origin?: Provenance | null;
}

/** The result of a game between two players: scoreA = 1 (A won), 0.5 (draw) or 0 (B won). */
export interface MatchResult {
  game: string;
  matchId: string;
  playerA: string;
  playerB: string;
  /** A's score in [0, 1]: 1 win, ½ draw, 0 loss, or a fraction (share of points). */
  scoreA: number;
  /** The colour-swapped pair (same opening, sides exchanged) this game belongs to. */
  pair?: string | null;
  round?: string | null;
  /** Level of the opponent (e.g. a bot's difficulty or known Elo), for the level at which A wins half its games. */
  opponentLevel?: number | null;
  /** Level of player A itself (the opponent's level in B's games); null when unknown. */
  levelA?: number | null;
  /**
   * The multi-player game (a team match, a ranking) this pairwise outcome was decomposed from; null for a game of
   * two. A player's record counts each contest once, scored by the mean of its outcomes in it.
   */
  contest?: string | null;
  date?: string | null;
  /** Points or chips A won (poker-style results), for the mean per 100 games. */
  pointsA?: number | null;
  /** Whether A moved first (white); null when unknown. */
  aFirst?: boolean | null;
  source?: string | null;
  /** The file and row it was read from, when it came from a file. */
  origin?: Provenance | null;
}

/** Code-point length of a string (what Python's len() returns), not UTF-16 units. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
