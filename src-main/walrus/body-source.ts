// Turns what a caller wants to store into a request body that can be sent more than once and whose
// size is known before upload. Files become file-backed Blobs (streamed from disk on every attempt);
// one-shot streams are spooled to a temporary file first, so a retry can resend them and an oversize
// stream is stopped before anything is uploaded.
import { randomBytes } from 'node:crypto';
import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { WalrusBlobTooLargeError, WalrusInputError } from './errors.ts';

export type BlobStream = Readable | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Bytes in memory, a file on disk, or a stream of unknown length. */
export type BlobInput = Uint8Array | { path: string } | BlobStream;

export interface PreparedBody {
  body: Uint8Array | Blob;
  size: number;
  /** Removes any temporary spool file; safe to call twice. */
  dispose(): Promise<void>;
}

export interface PrepareOptions {
  maxBytes: number;
  /** Where streams are spooled; defaults to the OS temp directory. */
  tempDir?: string;
}

function tooLarge(size: number, limit: number): WalrusBlobTooLargeError {
  return new WalrusBlobTooLargeError(`${size} bytes is over the ${limit}-byte blob limit`, size, limit);
}

const noop = async () => {};

export async function prepareBody(input: BlobInput, options: PrepareOptions): Promise<PreparedBody> {
  if (input instanceof Uint8Array) {
    if (input.byteLength > options.maxBytes) throw tooLarge(input.byteLength, options.maxBytes);
    return { body: input, size: input.byteLength, dispose: noop };
  }
  if (isPathInput(input)) return fileBody(input.path, options.maxBytes, noop);
  return spool(input, options);
}

export function isPathInput(input: unknown): input is { path: string } {
  return typeof input === 'object' && input !== null && typeof (input as { path?: unknown }).path === 'string' && !isStream(input);
}

function isStream(input: unknown): boolean {
  return input instanceof Readable || input instanceof ReadableStream || (typeof input === 'object' && input !== null && Symbol.asyncIterator in input);
}

async function fileBody(path: string, maxBytes: number, dispose: () => Promise<void>): Promise<PreparedBody> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new WalrusInputError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (!info.isFile()) throw new WalrusInputError(`${path} is not a file`);
  if (info.size > maxBytes) throw tooLarge(info.size, maxBytes);
  // The Blob reads the file lazily on every send, and fails if the file changed since stat.
  return { body: await openAsBlob(path), size: info.size, dispose };
}

async function spool(input: BlobStream, options: PrepareOptions): Promise<PreparedBody> {
  if (!isStream(input)) throw new WalrusInputError('data must be bytes, {path} or a stream');
  const dir = await mkdtemp(join(options.tempDir ?? tmpdir(), 'pdw-walrus-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  const file = join(dir, randomBytes(6).toString('hex'));
  let seen = 0;
  const limit = new Transform({
    transform(chunk: Uint8Array, _encoding, callback) {
      seen += chunk.byteLength;
      callback(seen > options.maxBytes ? tooLarge(seen, options.maxBytes) : null, chunk);
    },
  });
  const source = input instanceof ReadableStream ? Readable.fromWeb(input as WebReadableStream<Uint8Array>) : Readable.from(input);
  try {
    await pipeline(source, limit, createWriteStream(file, { mode: 0o600 }));
    return await fileBody(file, options.maxBytes, dispose);
  } catch (error) {
    await dispose();
    throw error;
  }
}
