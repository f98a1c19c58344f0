import type { ErrorLocation } from '../core/errors.js';

/** Attaches the file/row a record came from, so that the store can name it in a conflict error. */
export function withOrigin<T>(record: T, origin: ErrorLocation): T {
  return Object.assign(record as object, { origin }) as T;
}
