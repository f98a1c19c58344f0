import { hashStoredBytes } from './text-stream.js';

/**
 * What a store knows of a file before reading it: the hash of its bytes as stored (`file`, cheap: no decompression)
 * and, when the store met those bytes before, the hash of their content (`text`, the file's identity).
 */
export interface KnownContent {
  file: string;
  text: string | null;
}

/** Reads a named value of the store (Store.setting). */
export type SettingLookup = (key: string) => Promise<string | null>;

/**
 * The store setting under which an import records the content hash of a file's bytes: the next import of the same
 * bytes knows the file's identity before reading it, and writes its rows under it instead of under a stand-in.
 */
export function contentKey(fileHash: string): string {
  return `content-hash:${fileHash}`;
}

/** Hashes the file's stored bytes and asks the store for their content hash (undefined without a store to ask). */
export async function knownContent(file: string, lookup?: SettingLookup): Promise<KnownContent | undefined> {
  if (!lookup) return undefined;
  const fileHash = await hashStoredBytes(file);
  return { file: fileHash, text: await lookup(contentKey(fileHash)) };
}
