import { createHash } from 'node:crypto';
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError, WinrateError } from '../core/errors.js';
import { firstInvalidLine, maxInputBytes } from './read-file.js';

const CHUNK = 1 << 20;

/**
 * The file's bytes as a stream, gunzipped when it ends in `.gz` (zlib works on libuv's thread pool); `onStored` hears
 * the bytes as stored (before gunzip).
 */
function byteStream(file: string, onRead?: (bytes: number) => void, onStored?: (bytes: Buffer) => void): Readable {
  const raw = createReadStream(file, { highWaterMark: CHUNK });
  if (onRead || onStored) {
    raw.on('data', (b) => {
      onRead?.(b.length);
      onStored?.(b as Buffer); // no encoding set: Buffers
    });
  }
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
 * stored) each read took, for progress; `hash`, when given, is fed the bytes as they pass, stored and decompressed
 * (its text digest at the end is the file's content hash, without a second pass over the file). Errors name the file.
 */
export async function* textChunks(
  file: string,
  onRead?: (bytes: number) => void,
  hash?: ContentHash,
): AsyncGenerator<string> {
  const limit = maxInputBytes();
  if (file.endsWith('.gz')) refuseLargeGzip(file, limit);
  const stream = byteStream(file, onRead, hash && ((b) => hash.stored(b)));
  // fatal: a byte sequence that is not UTF-8 fails naming its line, where a lenient decoder would store U+FFFD
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let text = 0;
  let lines = 0;
  try {
    for await (const bytes of stream) {
      hash?.decoded(bytes as Buffer);
      let chunk: string;
      try {
        chunk = decoder.decode(bytes as Buffer, { stream: true });
      } catch {
        throw new InputError('INPUT_PARSE', 'is not valid UTF-8 (save it as UTF-8; a byte sequence is invalid)', {
          file,
          row: lines + firstInvalidLine(bytes as Buffer),
        });
      }
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) lines++;
      text += chunk.length;
      if (text > limit) {
        const mb = Math.round(limit / 2 ** 20);
        throw new InputError(
          'INPUT_PARSE',
          file.endsWith('.gz')
            ? `decompresses to more than ${mb} MiB (a gzip bomb, or a file to split; WINRATE_MAX_INPUT_MB raises the limit)`
            : `is larger than ${mb} MiB (split it, or raise WINRATE_MAX_INPUT_MB)`,
          { file },
        );
      }
      if (chunk !== '') yield chunk;
    }
    let last: string;
    try {
      last = decoder.decode();
    } catch {
      throw new InputError('INPUT_PARSE', 'is not valid UTF-8 (it ends inside a character)', { file, row: lines + 1 });
    }
    if (last !== '') yield last;
  } catch (e) {
    throw e instanceof InputError ? e : readError(file, e);
  } finally {
    stream.destroy();
  }
}

/**
 * Refuses at once a gzip file whose trailer (ISIZE, the size of its last member's text modulo 4 GiB) already says it
 * decompresses past the limit, before streaming through it; a bomb that hides its size (over 4 GiB, several members)
 * is still stopped at the limit while streaming. A file that cannot be read is left to the stream's own error.
 */
function refuseLargeGzip(file: string, limit: number): void {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    if (size < 18) return;
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, size - 4);
    const isize = tail.readUInt32LE(0);
    if (isize > limit)
      throw new InputError(
        'INPUT_PARSE',
        `decompresses to more than ${Math.round(limit / 2 ** 20)} MiB (its gzip trailer says ` +
          `${Math.round(isize / 2 ** 20)} MiB; a gzip bomb, or a file to split; WINRATE_MAX_INPUT_MB raises the limit)`,
        { file },
      );
  } catch (e) {
    if (e instanceof InputError) throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The two identities of a file, fed as it is read: SHA-256 of its bytes as stored (a cheap key: hashing a file is
 * ~20 times faster than decompressing it) and of its decompressed UTF-8 text without a byte-order mark (what
 * identifies its content, however compressed: the hash of the text readTextFile returns).
 */
export class ContentHash {
  private readonly file = createHash('sha256');
  private readonly text = createHash('sha256');
  private first = true;

  /** Bytes of the file as stored, in order. */
  stored(bytes: Buffer): void {
    this.file.update(bytes);
  }

  /** Decompressed bytes, in order. */
  decoded(bytes: Buffer): void {
    const buf = this.first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
    this.first = false;
    this.text.update(buf);
  }

  /** The hex digests (once, at the end). */
  digests(): { file: string; text: string } {
    return { file: this.file.digest('hex'), text: this.text.digest('hex') };
  }
}

/** SHA-256 (hex) of a file's bytes as stored: {@link ContentHash}'s cheap key. */
export async function hashStoredBytes(file: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  } catch (e) {
    throw readError(file, e);
  }
  return hash.digest('hex');
}
