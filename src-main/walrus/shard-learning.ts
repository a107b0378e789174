// How the client learns a deployment's shard count from what its publisher says: a quilt refused for
// too many patches names the patch limit; a fresh store reports the encoded length bought, which only
// one count produces for that size. What is learned applies at once (patch limit, cost estimates) and
// is remembered per publisher for later runs.
import type { ClientContext } from './context.ts';
import { WalrusHttpError } from './errors.ts';
import { shardsFromEncodedLength, shardsFromPatchLimit, type ShardSource } from './shard-memory.ts';
import type { StoredBlobInfo } from './store-request.ts';

// The official publisher answers 400 MALFORMED_REQUEST "the request is malformed: failed to construct
// quilt: ClientError { kind: QuiltError(TooManyBlobs(667, 666)) }" (routes.rs put_quilt, the encoder's
// error in Rust debug form); its display form reads "too many blobs to fit in the quilt: 667 > max
// number of blobs: 666". Either names the limit.
const TOO_MANY_DEBUG = /TooManyBlobs\(\s*(\d+)\s*,\s*(\d+)\s*\)/;
const TOO_MANY_DISPLAY = /too many blobs to fit in the quilt: (\d+) > max number of blobs: (\d+)/i;

/** The patch limit a publisher's refusal names, or undefined when the error is anything else. */
export function refusedPatchLimit(error: unknown): number | undefined {
  if (!(error instanceof WalrusHttpError) || error.status !== 400) return undefined;
  const message = `${error.body?.error.message ?? ''} ${error.text}`;
  const match = TOO_MANY_DEBUG.exec(message) ?? TOO_MANY_DISPLAY.exec(message);
  const limit = Number(match?.[2]);
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/** Teaches the memory, then follows what it holds (an exact count is not replaced by a refusal's estimate). */
export async function learnShards(ctx: ClientContext, shards: number, source: ShardSource): Promise<void> {
  const publisher = ctx.http.url('publisher');
  await ctx.shardMemory.learnShards(publisher, shards, source);
  ctx.shards = ctx.shardMemory.knownShards(publisher)?.shards ?? shards;
  ctx.tracker.shards = ctx.shards;
}

/** After a refusal: the count whose patch limit the publisher named (confirmed by the next fresh store). */
export async function learnFromRefusal(ctx: ClientContext, limit: number): Promise<void> {
  const shards = shardsFromPatchLimit(limit);
  if (shards !== undefined) await learnShards(ctx, shards, 'refusal');
}

/** After a fresh store: the one count that encodes `size` bytes to the length the publisher bought. */
export async function learnFromStore(ctx: ClientContext, stored: StoredBlobInfo): Promise<void> {
  // Only a registration from scratch reports the length of this blob's own encoding.
  if (stored.resourceOperation !== 'registerFromScratch' || stored.encodedLength === undefined) return;
  const shards = shardsFromEncodedLength(stored.size, stored.encodedLength);
  if (shards !== undefined) await learnShards(ctx, shards, 'stored-blob');
}

/** Follows what another client of the same memory (another thread, an earlier run) has learned since. */
export function recallShards(ctx: ClientContext): void {
  const known = ctx.shardMemory.knownShards(ctx.http.url('publisher'));
  if (known && known.shards !== ctx.shards) {
    ctx.shards = known.shards;
    ctx.tracker.shards = known.shards;
  }
}
