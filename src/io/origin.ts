import type { Provenance } from '../core/model.js';

/** A record with the file/row it came from, so that the store can name it in a conflict error. */
export function withOrigin<T extends { origin?: Provenance | null }>(record: T, origin: Provenance): T {
  return { ...record, origin };
}
