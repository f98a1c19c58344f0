/**
 * Typed errors. Every error winrate throws on purpose is a {@link WinrateError} with a stable `code`
 * (for scripts and the HTTP API) and, where it applies, the file, row and field that caused it.
 */

/** Stable machine-readable error codes. */
export type ErrorCode =
  | 'INPUT_PARSE'
  | 'INPUT_FIELD'
  | 'INPUT_CONFLICT'
  | 'FILE_NOT_FOUND'
  | 'EMPTY_STORE'
  | 'UNKNOWN_SYSTEM'
  | 'AMBIGUOUS_JUDGE'
  | 'STORE_VERSION'
  | 'STORE_OPEN'
  | 'STORE_BUSY'
  | 'MISSING_DATA'
  | 'INVALID_ARGUMENT'
  | 'JUDGING_INCOMPLETE'
  | 'BUDGET_EXHAUSTED'
  | 'ALL_UNPARSED'
  | 'INTERRUPTED'
  | 'AUDIT_FAILED'
  | 'SIGNIFICANTLY_WORSE'
  | 'SPRT_UNDECIDED'
  | 'SPRT_REJECTED'
  | 'PROVIDER_REFUSED';

/**
 * The CLI's exit code for each error code, so a script can tell a resumable stop from a bad input:
 * 1 bad input or query, 3 judgments still missing (run again to resume), 4 stopped by the budget,
 * 5 every verdict unparsed (the preset does not fit the judge's answers), 6 the integrity audit found what
 * `--fail-on` forbids, 7 `winrate compare --fail-if-worse` found A significantly worse, 8 `winrate sprt` rejected
 * (H0 accepted; an undecided SPRT exits 3: more games needed), 9 the provider refused the key, the credit or the
 * model (401, 402, 403, 404: nothing more was sent), 130 interrupted (SIGINT).
 */
export const EXIT_CODES: Readonly<Record<ErrorCode, number>> = {
  INPUT_PARSE: 1,
  INPUT_FIELD: 1,
  INPUT_CONFLICT: 1,
  FILE_NOT_FOUND: 1,
  EMPTY_STORE: 1,
  UNKNOWN_SYSTEM: 1,
  AMBIGUOUS_JUDGE: 1,
  STORE_VERSION: 1,
  STORE_OPEN: 1,
  STORE_BUSY: 1,
  MISSING_DATA: 1,
  INVALID_ARGUMENT: 1,
  JUDGING_INCOMPLETE: 3,
  BUDGET_EXHAUSTED: 4,
  ALL_UNPARSED: 5,
  AUDIT_FAILED: 6,
  SIGNIFICANTLY_WORSE: 7,
  SPRT_UNDECIDED: 3,
  SPRT_REJECTED: 8,
  PROVIDER_REFUSED: 9,
  INTERRUPTED: 130,
};

/** Where in an input the problem is: file, 1-based row (record) and field name. */
export interface ErrorLocation {
  file?: string;
  row?: number;
  field?: string;
}

/** Base class of every deliberate winrate error. */
export class WinrateError extends Error {
  readonly code: ErrorCode;
  readonly location: ErrorLocation;
  /** The message without its location. */
  readonly detail: string;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(formatMessage(message, location), options);
    this.name = new.target.name;
    this.code = code;
    this.location = location;
    this.detail = message;
  }

  /** The process exit code the CLI uses for this error. */
  get exitCode(): number {
    return EXIT_CODES[this.code];
  }
}

/** Bad input in an imported file: unreadable, truncated, wrong field or type. Nothing was stored. */
export class InputError extends WinrateError {}

/** A request the store cannot answer as asked: empty store, unknown system, ambiguous judge. */
export class QueryError extends WinrateError {}

/** A bad argument to a library function or CLI option. */
export class ArgumentError extends WinrateError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

function formatMessage(message: string, loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.row !== undefined) parts.push(`row ${loc.row}`);
  if (loc.field !== undefined) parts.push(`field "${loc.field}"`);
  return parts.length > 0 ? `${parts.join(', ')}: ${message}` : message;
}

/** A winrate error as plain data, to cross a worker thread (structured clone keeps no class). */
export interface ErrorData {
  input: boolean;
  code: ErrorCode;
  detail: string;
  location: ErrorLocation;
}

/** The data of a {@link WinrateError}; any other error becomes an INPUT_PARSE with its message. */
export function errorData(e: unknown): ErrorData {
  if (e instanceof WinrateError) {
    return { input: e instanceof InputError, code: e.code, detail: e.detail, location: e.location };
  }
  return { input: true, code: 'INPUT_PARSE', detail: e instanceof Error ? e.message : String(e), location: {} };
}

/** The error {@link errorData} describes, with the same class, code, message and location. */
export function errorFromData(d: ErrorData): WinrateError {
  return d.input ? new InputError(d.code, d.detail, d.location) : new WinrateError(d.code, d.detail, d.location);
}
