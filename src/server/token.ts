import { createHash } from 'node:crypto';

/** SHA-256 of an annotator token: only hashes are stored. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
