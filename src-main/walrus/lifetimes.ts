// Telling an expired blob from a missing one. The aggregator cannot: once a blob's end epoch begins the
// storage nodes drop it, and a read gets the same 404 `BLOB_NOT_FOUND` as for an id never stored (a
// deleted deletable blob too). No HTTP endpoint reports the current epoch either. So the client decides
// from two facts it has seen or been told: the blob's end epoch (every store reports it; a caller passes
// the one it recorded as `endEpoch`) and a lower bound of the current epoch (every new store reports the
// epoch it was registered and certified in; a caller that reads the chain can report a later one with
// `observeEpoch`). A 404 for a blob whose end epoch is at or below that bound is an expiry; any other
// 404 stays a plain not-found, so an expiry is never claimed on a guess.
import { WalrusExpiredError, WalrusNotFoundError } from './errors.ts';
import type { WalrusHttp, WalrusRequest, WalrusResponse } from './http.ts';
import type { BlobStoreResult } from './schemas.ts';

/** End epochs kept for blobs this client stored; the oldest are forgotten first. */
const MAX_TRACKED = 100_000;

export class BlobLifetimes {
  #currentEpoch: number | undefined;
  readonly #endEpochs = new Map<string, number>();

  /** The latest epoch known to have begun, if any. */
  get currentEpoch(): number | undefined {
    return this.#currentEpoch;
  }

  /** Walrus has reached `epoch` (epochs only move forward, so an older report changes nothing). */
  observeEpoch(epoch: number): void {
    if (Number.isSafeInteger(epoch) && epoch >= 0 && epoch > (this.#currentEpoch ?? -1)) this.#currentEpoch = epoch;
  }

  /** A store confirmed `blobId` until `endEpoch` (exclusive); its result, when received, tells the epoch it happened in. */
  recordStore({ blobId, endEpoch }: { blobId: string; endEpoch: number }, result?: BlobStoreResult): void {
    if (result && 'newlyCreated' in result) {
      // A new Blob object is registered (possibly earlier) and certified (now) in an epoch that has begun.
      const { registeredEpoch, certifiedEpoch } = result.newlyCreated.blobObject;
      this.observeEpoch(Math.max(registeredEpoch, certifiedEpoch ?? 0));
    }
    const end = Math.max(endEpoch, this.#endEpochs.get(blobId) ?? 0);
    this.#endEpochs.delete(blobId);
    this.#endEpochs.set(blobId, end);
    if (this.#endEpochs.size > MAX_TRACKED) this.#endEpochs.delete(this.#endEpochs.keys().next().value as string);
  }

  /** Whether this client has seen `blobId` stored. */
  knows(blobId: string): boolean {
    return this.#endEpochs.has(blobId);
  }

  /** The lifetime that proves `blobId` expired, or undefined when nothing known says so. */
  expiry(blobId: string, endEpoch?: number): { endEpoch: number; currentEpoch: number } | undefined {
    const end = endEpoch ?? this.#endEpochs.get(blobId);
    const now = this.#currentEpoch;
    return end !== undefined && now !== undefined && now >= end ? { endEpoch: end, currentEpoch: now } : undefined;
  }
}

/** Sends an aggregator read of `blobId` (a blob or a quilt); a 404 after its known end epoch becomes a WalrusExpiredError. */
export async function sendRead(ctx: { http: WalrusHttp; lifetimes: BlobLifetimes }, blobId: string, endEpoch: number | undefined, request: WalrusRequest): Promise<WalrusResponse> {
  try {
    return await ctx.http.send(request);
  } catch (error) {
    const expiry = error instanceof WalrusNotFoundError ? ctx.lifetimes.expiry(blobId, endEpoch) : undefined;
    if (!expiry || !(error instanceof WalrusNotFoundError)) throw error;
    const message = `${error.message} (blob ${blobId} expired: its storage ended at epoch ${expiry.endEpoch}, and epoch ${expiry.currentEpoch} has begun)`;
    throw new WalrusExpiredError(message, error.status, error.body, error.text, expiry, {
      host: error.host,
      request: error.request,
      attempts: error.attempts,
      cause: error,
    });
  }
}
