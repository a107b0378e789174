// Single blobs: store (bytes, a file or a stream, never buffered whole when it comes from disk),
// read into memory, read as a stream, read into a file atomically.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { syncDirectory } from '../kernel/fs/atomic.ts';
import { prepareBody, type BlobInput } from './body-source.ts';
import type { ClientContext } from './context.ts';
import { WalrusInputError, WalrusInvalidResponseError, type WalrusErrorContext } from './errors.ts';
import { computeBlobId, isBlobId } from './ids.ts';
import { sendRead } from './lifetimes.ts';
import { retryBrokenReads } from './read-retry.ts';
import { readJson, readVerifiedBytes, verifiedStream } from './response-body.ts';
import { RetryBudget } from './retry-policy.ts';
import { learnFromStore } from './shard-learning.ts';
import { sendStore } from './store-attempts.ts';
import { blobStoreResultSchema } from './schemas.ts';
import { interpretStoreResult, recoveredStore, storeQuery, type StoreOptions, type StoredBlobInfo } from './store-request.ts';

export type StoreBlobResult = StoredBlobInfo;

export interface ReadOptions {
  signal?: AbortSignal;
  /** Refuse bodies above this many bytes (in-memory reads default to the client's `maxReadBytes`). */
  maxBytes?: number;
  /**
   * The end epoch recorded when the blob (or quilt) was stored: with it, a 404 once that epoch has begun
   * is a WalrusExpiredError even for a client that did not store it (see lifetimes.ts).
   */
  endEpoch?: number;
}

export async function storeBlob(ctx: ClientContext, data: BlobInput, options: StoreOptions = {}): Promise<StoreBlobResult> {
  const { query, epochs } = storeQuery(options, ctx.defaults);
  const prepared = await prepareBody(data, { maxBytes: ctx.maxBlobSize, tempDir: ctx.tempDir });
  const context: WalrusErrorContext = { host: 'publisher', request: 'PUT /v1/blobs' };
  try {
    const body = prepared.body;
    const outcome = await sendStore(ctx, {
      path: '/v1/blobs',
      query,
      epochs,
      headers: { 'content-type': 'application/octet-stream' },
      body,
      size: prepared.size,
      signal: options.signal,
      context,
      mayExist: options.mayExist ?? false,
      read: async (response) => {
        const result = await readJson(ctx.http, response, blobStoreResultSchema, context);
        const stored = interpretStoreResult(result, prepared.size, prepared.size, context);
        ctx.lifetimes.recordStore(stored, result);
        await learnFromStore(ctx, stored);
        return stored;
      },
      blobId: async () => computeBlobId(body instanceof Uint8Array ? body : new Uint8Array(await (body as Blob).arrayBuffer()), ctx.shards),
    });
    const record = { operation: 'storeBlob' as const, bytes: prepared.size, epochs };
    const stored =
      'stored' in outcome
        ? outcome.stored
        : recoveredStore(outcome.recovered, prepared.size, epochs, ctx.lifetimes.currentEpoch, ctx.tracker.estimate(record));
    if ('recovered' in outcome) ctx.lifetimes.recordStore(stored);
    if (ctx.verifyBlobIds && body instanceof Uint8Array) await expectBlobId(ctx, body, stored.blobId, context);
    ctx.tracker.recordStore({
      ...record,
      reportedCost: stored.cost,
      ids: [stored.blobId, ...(stored.objectId ? [stored.objectId] : [])],
      alreadyCertified: stored.alreadyCertified,
    });
    return stored;
  } finally {
    await prepared.dispose();
  }
}

export function assertBlobId(blobId: string): void {
  if (typeof blobId !== 'string' || !isBlobId(blobId)) throw new WalrusInputError(`not a Walrus blob id: ${JSON.stringify(blobId)}`, [{ path: 'blobId', message: 'must be 43 characters of URL-safe base64 (32 bytes)' }]);
}

/** The whole blob in memory, its length checked against Content-Length (and its id, when enabled). */
export async function retrieveBlob(ctx: ClientContext, blobId: string, options: ReadOptions = {}): Promise<Uint8Array> {
  assertBlobId(blobId);
  const context: WalrusErrorContext = { host: 'aggregator', request: 'GET /v1/blobs/{blobId}' };
  const budget = new RetryBudget(ctx.retry);
  const bytes = await retryBrokenReads(budget, options.signal, async () => {
    const response = await openBlob(ctx, blobId, budget, options);
    const data = await readVerifiedBytes(ctx.http, response, options.maxBytes ?? ctx.maxReadBytes, context);
    if (ctx.verifyBlobIds) await expectBlobId(ctx, data, blobId, context);
    return data;
  });
  ctx.tracker.recordRead('retrieveBlob', bytes.byteLength, [blobId]);
  return bytes;
}

/**
 * The blob as a stream, for blobs too big to hold. Retries cover the request until the body starts;
 * the stream then errors (WalrusInvalidResponseError / WalrusNetworkError) if it ends short.
 */
export async function retrieveBlobStream(ctx: ClientContext, blobId: string, options: ReadOptions = {}): Promise<Readable> {
  assertBlobId(blobId);
  const context: WalrusErrorContext = { host: 'aggregator', request: 'GET /v1/blobs/{blobId}' };
  const response = await openBlob(ctx, blobId, new RetryBudget(ctx.retry), options);
  const record = (size: number) => void ctx.tracker.recordRead('retrieveBlob', size, [blobId]);
  return verifiedStream(ctx.http, response, options.maxBytes ?? Number.POSITIVE_INFINITY, context, record);
}

/**
 * Streams the blob into `path`: a temp file beside it, fsynced, then renamed, so `path` holds either
 * nothing new or the complete blob. A body that breaks midway is downloaded again from the start.
 */
export async function retrieveBlobToFile(ctx: ClientContext, blobId: string, path: string, options: ReadOptions = {}): Promise<{ size: number }> {
  assertBlobId(blobId);
  const context: WalrusErrorContext = { host: 'aggregator', request: 'GET /v1/blobs/{blobId}' };
  const budget = new RetryBudget(ctx.retry);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  try {
    const size = await retryBrokenReads(budget, options.signal, async () => {
      const response = await openBlob(ctx, blobId, budget, options);
      let written = 0;
      const stream = verifiedStream(ctx.http, response, options.maxBytes ?? Number.POSITIVE_INFINITY, context, (size) => (written = size));
      await pipeline(stream, createWriteStream(temp, { mode: 0o600 }));
      return written;
    });
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    await syncDirectory(dirname(path));
    ctx.tracker.recordRead('retrieveBlob', size, [blobId]);
    return { size };
  } finally {
    await rm(temp, { force: true });
  }
}

function openBlob(ctx: ClientContext, blobId: string, budget: RetryBudget, options: ReadOptions) {
  return sendRead(ctx, blobId, options.endEpoch, { host: 'aggregator', method: 'GET', path: `/v1/blobs/${blobId}`, budget, signal: options.signal });
}

/** Blob ids are derived from the content, so recomputing one proves the bytes are what was stored. */
async function expectBlobId(ctx: ClientContext, data: Uint8Array, blobId: string, context: WalrusErrorContext): Promise<void> {
  const actual = await computeBlobId(data, ctx.shards);
  if (actual !== blobId) {
    throw new WalrusInvalidResponseError(`content does not hash to blob id ${blobId} (got ${actual} at ${ctx.shards} shards)`, [], context);
  }
}
