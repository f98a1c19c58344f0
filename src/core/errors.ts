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
  | 'INVALID_ARGUMENT'
  | 'JUDGING_INCOMPLETE';

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

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(formatMessage(message, location), options);
    this.name = new.target.name;
    this.code = code;
    this.location = location;
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
