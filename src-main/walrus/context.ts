// What every operation needs from the client: the transport, the limits and policies it was
// configured with, and the cost tracker. Operations are plain functions over this context.
import type { CostTracker } from './cost-tracker.ts';
import type { WalrusHttp } from './http.ts';
import type { BlobLifetimes } from './lifetimes.ts';
import type { TokenSource } from './publisher-auth.ts';
import type { QuiltPatchInfo } from './quilt-packing.ts';
import type { RetryOptions } from './retry-policy.ts';
import type { ShardMemory } from './shard-memory.ts';
import type { StoreDefaults } from './store-request.ts';

export interface ClientContext {
  http: WalrusHttp;
  retry: RetryOptions;
  /** Largest blob body the client will upload. */
  maxBlobSize: number;
  /** Largest body an in-memory read accepts. */
  maxReadBytes: number;
  /** Largest multipart quilt request. */
  maxQuiltRequestBytes: number;
  /**
   * Committee size as far as the client knows: sets the patch limit per quilt, the packing, the cost
   * estimate and blob id verification. Learned from the publisher as it answers (shard-learning.ts).
   */
  shards: number;
  /** Counts learned per publisher, consulted at start and taught by refusals and stores. */
  shardMemory: ShardMemory;
  /** Largest quilt blob of several patches (see QuiltPlanLimits.maxQuiltBytes); undefined: no cap. */
  maxQuiltBytes: number | undefined;
  defaults: StoreDefaults;
  tracker: CostTracker;
  /** Recompute blob ids of what is read and stored (slow at 1000 shards: ~2 s per blob). */
  verifyBlobIds: boolean;
  tempDir: string | undefined;
  /** Parallel requests for multi-request operations (several quilts, many patch reads). */
  concurrency: number;
  /** Patch lists by quilt id: immutable for a given id, so safe to keep. */
  patchLists: Map<string, QuiltPatchInfo[]>;
  /** End epochs of stored blobs and the latest epoch seen: tells an expired blob from a missing one. */
  lifetimes: BlobLifetimes;
  /** Set for an authenticated publisher: the source of the token each store attempt carries. */
  publisherTokens: TokenSource | undefined;
}
