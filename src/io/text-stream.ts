import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InputError, WinrateError } from '../core/errors.js';
import { maxInputBytes } from './read-file.js';

const CHUNK = 1 << 20;

/** The file's bytes as a stream, gunzipped when it ends in `.gz` (zlib works on libuv's thread pool). */
function byteStream(file: string, onRead?: (bytes: number) => void): Readable {
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  if (onRead) raw.on('data', (b) => onRead(b.length));
  if (!file.endsWith('.gz')) return raw;
  const gunzip = createGunzip({ chunkSize: CHUNK });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/** The error of a failed read, naming the file (missing, unreadable, or not gzip). */
function readError(file: string, e: unknown): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new WinrateError('FILE_NOT_FOUND', 'no such file', { file });
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new InputError('INPUT_PARSE', `not a valid gzip file (${(e as Error).message})`, { file }, { cause: e });
  }
  return new InputError('INPUT_PARSE', `cannot read: ${(e as Error).message}`, { file }, { cause: e });
}

/**
 * The decompressed UTF-8 text of a file in chunks of about 1 MiB (a character is never split between chunks), so
 * that a file of any size is read in bounded memory. `onRead` hears how many bytes of the file (compressed, as
 * stored) each read took, for progress; `hash`, when given, is fed the decompressed bytes as they pass (its digest
 * at the end is {@link hashText}'s, without a second pass over the file). Errors name the file.
 */
export async function* textChunks(file: string, onRead?: (bytes: number) => void, hash?: TextHash): AsyncGenerator<string> {
  const stream = byteStream(file, onRead);
  const limit = maxInputBytes();
  const decoder = new StringDecoder('utf8');
  let text = 0;
  try {
    for await (const bytes of stream) {
      hash?.update(bytes as Buffer);
      const chunk = decoder.write(bytes as Buffer);
      text += chunk.length;
      if (text > limit) {
        const mb = Math.round(limit / 2 ** 20);
        throw new InputError('INPUT_PARSE', file.endsWith('.gz')
          ? `decompresses to more than ${mb} MiB (a gzip bomb, or a file to split; WINRATE_MAX_INPUT_MB raises the limit)`
          : `is larger than ${mb} MiB (split it, or raise WINRATE_MAX_INPUT_MB)`, { file });
      }
      if (chunk !== '') yield chunk;
    }
    const last = decoder.end();
    if (last !== '') yield last;
  } catch (e) {
    throw e instanceof InputError ? e : readError(file, e);
  } finally {
    stream.destroy();
  }
}

/**
 * SHA-256 of a file's decompressed UTF-8 text without a byte-order mark, fed its bytes in order: the identity of a
 * file's content ({@link hashText}, or along the way of {@link textChunks}).
 */
export class TextHash {
  private readonly hash = createHash('sha256');
  private first = true;

  update(bytes: Buffer): void {
    const buf = this.first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    this.first = false;
    this.hash.update(buf);
  }

  /** The hex digest (once, at the end). */
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * SHA-256 (hex) of a file's decompressed UTF-8 text without a byte-order mark: the same as hashing the text
 * {@link readTextFile} returns, so a streamed and a whole-file read give a file the same identity.
 */
export async function hashText(file: string): Promise<string> {
  const hash = new TextHash();
  try {
    for await (const chunk of byteStream(file)) hash.update(chunk as Buffer);
  } catch (e) {
    throw readError(file, e);
  }
  return hash.digest();
}
