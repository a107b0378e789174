// The Walrus client's public surface. Import from here, not from the modules behind it.
export { createWalrusClient, deploymentKey, WalrusClient, type WalrusClientOptions } from './client.ts';
export type { ReadOptions, StoreBlobResult } from './blob-ops.ts';
export type { BlobInput, BlobStream } from './body-source.ts';
export { CostTracker, type CostRecord, type CostSummary, type CostTrackerOptions } from './cost-tracker.ts';
export type { EmbeddingInput, EmbeddingMetadata, StoreEmbeddingsResult, StoredEmbedding } from './embeddings-quilt.ts';
export {
  toAppError,
  WalrusAuthError,
  WalrusBlobTooLargeError,
  WalrusError,
  WalrusExpiredError,
  WalrusHttpError,
  WalrusInputError,
  WalrusInvalidResponseError,
  WalrusNetworkError,
  WalrusNotFoundError,
  WalrusStoreError,
  WalrusTimeoutError,
  type WalrusErrorKind,
  type WalrusHost,
} from './errors.ts';
export { DEFAULT_JWT_EXPIRING_SEC, PUBLISHER_JWT_ALGORITHMS, type PublisherJwtAlgorithm, type PublisherJwtOptions } from './publisher-auth.ts';
export type { HealthReport, HealthStatus, PingResult } from './health.ts';
export type { IndexFileInput, RetrievedIndex, StoreIndexResult } from './hnsw-index-quilt.ts';
export { identifierProblem, packQuilts, validatePatches, type Tags } from './quilt-packing.ts';
export type { PatchReadOptions, QuiltPatchData, QuiltPatchInfo } from './quilt-read.ts';
export type { PatchLocation, QuiltPatchInput, StoreQuiltResult, StoreQuiltsOptions, StoreQuiltsResult, StoredPatch } from './quilt-store.ts';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy.ts';
export { ASSUMED_SHARDS, InMemoryShardMemory, ShardFile, type ShardFact, type ShardMemory, type ShardSource } from './shard-memory.ts';
export { MAX_EPOCHS_AHEAD, type StoreOptions, type StoredBlobInfo } from './store-request.ts';
export { mapLimit } from './concurrency.ts';
export {
  firstAnswering,
  networkStateIfKnown,
  readLocalServerNetworkState,
  readWalrusNetworkState,
  type NetworkState,
  type NetworkStateReader,
} from './network-state.ts';
export { publisherJwtKey } from './publisher-auth.ts';
export { suiRpcCall, type SuiRpcOptions } from './sui-rpc.ts';
