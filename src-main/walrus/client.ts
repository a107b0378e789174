// The Walrus client: configuration, lifecycle, and the operations (seed parity, TypeScript names).
// Each operation lives in its own module; this class only binds them to one configured context.
import type { Readable } from 'node:stream';
import { retrieveBlob, retrieveBlobStream, retrieveBlobToFile, storeBlob, type ReadOptions, type StoreBlobResult } from './blob-ops.ts';
import type { BlobInput } from './body-source.ts';
import type { ClientContext } from './context.ts';
import { DEFAULT_PRICES, type WalrusPrices } from './cost.ts';
import { CostTracker } from './cost-tracker.ts';
import {
  retrieveEmbeddingsFromQuilt,
  storeEmbeddingsQuilt,
  type EmbeddingInput,
  type StoreEmbeddingsResult,
  type StoredEmbedding,
} from './embeddings-quilt.ts';
import { WalrusInputError } from './errors.ts';
import { healthCheck, ping, type HealthCheckOptions, type HealthReport, type PingResult } from './health.ts';
import { retrieveHnswIndexFromQuilt, storeHnswIndexQuilt, type IndexFileInput, type RetrievedIndex, type StoreIndexResult } from './hnsw-index-quilt.ts';
import { WalrusHttp } from './http.ts';
import { BlobLifetimes } from './lifetimes.ts';
import { PublisherTokens, type PublisherJwtOptions } from './publisher-auth.ts';
import { TokenUrl } from './token-url.ts';
import { DEFAULT_MAX_REQUEST_BYTES } from './quilt-packing.ts';
import {
  listQuiltPatches,
  retrieveFromQuiltById,
  retrieveFromQuiltByPatchId,
  type PatchReadOptions,
  type QuiltPatchData,
  type QuiltPatchInfo,
} from './quilt-read.ts';
import { storeQuilt, storeQuilts, type QuiltPatchInput, type StoreQuiltResult, type StoreQuiltsOptions, type StoreQuiltsResult } from './quilt-store.ts';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy.ts';
import { learnShards } from './shard-learning.ts';
import { ASSUMED_SHARDS, InMemoryShardMemory, type ShardMemory, type ShardSource } from './shard-memory.ts';
import type { StoreOptions } from './store-request.ts';

export interface WalrusClientOptions {
  publisherUrl: string;
  aggregatorUrl: string;
  /** Per attempt: time to the response headers and between body chunks. Default 60 s. */
  timeoutMs?: number;
  /** Default 3 retries at 1 s / 2 s / 4 s (±20 % jitter), capped at 8 s. */
  retry?: Partial<RetryOptions>;
  /** Largest blob the client uploads; default 10 MiB (the publisher's default body limit). */
  maxBlobSize?: number;
  /** Largest body an in-memory read accepts; default 256 MiB. Streaming reads have no limit. */
  maxReadBytes?: number;
  /** Largest quilt request; default 10 MiB (public publishers' cap). */
  maxQuiltRequestBytes?: number;
  /** Epochs ahead when a store does not say; default 1. */
  defaultEpochs?: number;
  /** Sui address that receives stored Blob objects by default. */
  sendObjectTo?: string;
  /**
   * Committee size to assume until the publisher says otherwise; default 1000 (mainnet, testnet). A
   * count in `shardMemory` for this publisher wins; refusals and stores teach the client the real one.
   */
  shards?: number;
  /** Where learned shard counts are kept per publisher (e.g. a ShardFile in the data directory). */
  shardMemory?: ShardMemory;
  /**
   * Keep each quilt blob of several patches at most this many bytes (e.g. 10 MiB, a publisher's blob
   * limit, so a quilt can be stored again byte for byte). Default: no cap, the cheapest packing.
   */
  maxQuiltBytes?: number;
  prices?: WalrusPrices;
  costTracker?: CostTracker;
  /** Recompute blob ids of stored and read bytes; default false (~2 s per blob at 1000 shards). */
  verifyBlobIds?: boolean;
  /** Where streamed uploads are spooled; default the OS temp directory. */
  tempDir?: string;
  /** Parallel requests within one multi-request operation; default 4. */
  concurrency?: number;
  /** Keep-alive connections per host; default 8. */
  connections?: number;
  /** An authenticated publisher: each store attempt carries a fresh JWT signed with its secret. */
  publisherJwt?: PublisherJwtOptions;
  /** An authenticated publisher whose operator hands out tokens: one is asked for per store attempt (ignored with `publisherJwt`). */
  publisherTokenUrl?: string;
  /** The network this publisher and aggregator serve (e.g. `testnet`): part of the deployment's identity. */
  network?: string;
}

export class WalrusClient {
  readonly costTracker: CostTracker;
  /** What it was made with: another thread makes its own client from these (without the cost tracker). */
  readonly options: Readonly<WalrusClientOptions>;
  readonly #ctx: ClientContext;
  #closed = false;

  constructor(options: WalrusClientOptions) {
    for (const key of ['publisherUrl', 'aggregatorUrl', 'publisherTokenUrl'] as const) {
      const url = options[key];
      if (url === undefined && key === 'publisherTokenUrl') continue;
      if (url === undefined || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw new WalrusInputError(`${key} must be an http(s) URL, got ${JSON.stringify(url)}`, [{ path: key, message: 'not an http(s) URL' }]);
      }
    }
    this.options = { ...options };
    const shardMemory = options.shardMemory ?? new InMemoryShardMemory();
    const shards = shardMemory.knownShards(options.publisherUrl)?.shards ?? options.shards ?? ASSUMED_SHARDS;
    this.costTracker = options.costTracker ?? new CostTracker({ shards, prices: options.prices ?? DEFAULT_PRICES });
    this.#ctx = {
      http: new WalrusHttp({
        publisherUrl: options.publisherUrl,
        aggregatorUrl: options.aggregatorUrl,
        timeoutMs: options.timeoutMs ?? 60_000,
        connections: options.connections,
      }),
      retry: { ...DEFAULT_RETRY, ...options.retry },
      maxBlobSize: options.maxBlobSize ?? 10 * 1024 * 1024,
      maxReadBytes: options.maxReadBytes ?? 256 * 1024 * 1024,
      maxQuiltRequestBytes: options.maxQuiltRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      shards,
      shardMemory,
      maxQuiltBytes: options.maxQuiltBytes,
      defaults: { defaultEpochs: options.defaultEpochs ?? 1, sendObjectTo: options.sendObjectTo },
      tracker: this.costTracker,
      verifyBlobIds: options.verifyBlobIds ?? false,
      tempDir: options.tempDir,
      concurrency: options.concurrency ?? 4,
      patchLists: new Map(),
      lifetimes: new BlobLifetimes(),
      publisherTokens: options.publisherJwt
        ? new PublisherTokens(options.publisherJwt)
        : options.publisherTokenUrl
          ? new TokenUrl(options.publisherTokenUrl, options.timeoutMs ?? 60_000)
          : undefined,
    };
  }

  /**
   * Which Walrus deployment this client writes to and reads from: network, publisher and aggregator. What is
   * stored on one is not on another, so whatever remembers stored objects keys them by this.
   */
  get deployment(): string {
    return deploymentKey(this.options.network, this.publisherUrl, this.aggregatorUrl);
  }

  get publisherUrl(): string {
    return this.#ctx.http.url('publisher');
  }

  get aggregatorUrl(): string {
    return this.#ctx.http.url('aggregator');
  }

  /** The largest blob one store request may carry (the publisher's body limit). */
  get maxBlobSize(): number {
    return this.#ctx.maxBlobSize;
  }

  storeBlob(data: BlobInput, options?: StoreOptions): Promise<StoreBlobResult> {
    return storeBlob(this.#live(), data, options);
  }

  retrieveBlob(blobId: string, options?: ReadOptions): Promise<Uint8Array> {
    return retrieveBlob(this.#live(), blobId, options);
  }

  retrieveBlobStream(blobId: string, options?: ReadOptions): Promise<Readable> {
    return retrieveBlobStream(this.#live(), blobId, options);
  }

  retrieveBlobToFile(blobId: string, path: string, options?: ReadOptions): Promise<{ size: number }> {
    return retrieveBlobToFile(this.#live(), blobId, path, options);
  }

  storeQuilt(patches: QuiltPatchInput[], options?: StoreOptions): Promise<StoreQuiltResult> {
    return storeQuilt(this.#live(), patches, options);
  }

  storeQuilts(patches: QuiltPatchInput[], options?: StoreQuiltsOptions): Promise<StoreQuiltsResult> {
    return storeQuilts(this.#live(), patches, options);
  }

  retrieveFromQuiltByPatchId(patchId: string, options?: PatchReadOptions): Promise<QuiltPatchData> {
    return retrieveFromQuiltByPatchId(this.#live(), patchId, options);
  }

  retrieveFromQuiltById(quiltId: string, identifier: string, options?: PatchReadOptions): Promise<QuiltPatchData> {
    return retrieveFromQuiltById(this.#live(), quiltId, identifier, options);
  }

  listQuiltPatches(quiltId: string, options?: ReadOptions): Promise<QuiltPatchInfo[]> {
    return listQuiltPatches(this.#live(), quiltId, options);
  }

  storeEmbeddingsQuilt(embeddings: readonly EmbeddingInput[], options?: StoreQuiltsOptions): Promise<StoreEmbeddingsResult> {
    return storeEmbeddingsQuilt(this.#live(), embeddings, options);
  }

  retrieveEmbeddingsFromQuilt(quiltIds: string | readonly string[], options?: { signal?: AbortSignal }): Promise<StoredEmbedding[]> {
    return retrieveEmbeddingsFromQuilt(this.#live(), quiltIds, options);
  }

  storeHnswIndexQuilt(files: readonly IndexFileInput[], metadata?: Record<string, string>, options?: StoreOptions): Promise<StoreIndexResult> {
    return storeHnswIndexQuilt(this.#live(), files, metadata, options);
  }

  retrieveHnswIndexFromQuilt(quiltId: string, options?: { signal?: AbortSignal }): Promise<RetrievedIndex> {
    return retrieveHnswIndexFromQuilt(this.#live(), quiltId, options);
  }

  /**
   * Tells the client that Walrus has reached `epoch` (e.g. read from the chain), so a read of a blob whose
   * end epoch has come fails with WalrusExpiredError instead of WalrusNotFoundError. Stores teach it too.
   */
  observeEpoch(epoch: number): void {
    this.#ctx.lifetimes.observeEpoch(epoch);
  }

  /** The committee size the client works with now: assumed at first, then learned from the publisher. */
  get shards(): number {
    return this.#ctx.shards;
  }

  /**
   * Tells the client the deployment's shard count learned elsewhere (e.g. the Sui system state): it applies
   * at once and is kept in the shard memory for this publisher, like what refusals and stores teach.
   */
  learnShards(shards: number, source: ShardSource = 'system-state'): Promise<void> {
    return learnShards(this.#live(), shards, source);
  }

  /** The latest Walrus epoch the client knows has begun (from stores and `observeEpoch`), if any. */
  get currentEpoch(): number | undefined {
    return this.#ctx.lifetimes.currentEpoch;
  }

  /** GET /status on both hosts: cheap, spends nothing, no retries. */
  ping(signal?: AbortSignal): Promise<PingResult> {
    return ping(this.#live(), signal);
  }

  /** Stores a tiny blob and reads it back. On mainnet the first call per epoch buys storage. */
  healthCheck(options?: HealthCheckOptions): Promise<HealthReport> {
    return healthCheck(this.#live(), options);
  }

  /** Closes the keep-alive pools after in-flight requests finish; later calls fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ctx.http.close();
  }

  #live(): ClientContext {
    if (this.#closed) throw new WalrusInputError('the Walrus client is closed');
    return this.#ctx;
  }
}

export function deploymentKey(network: string | undefined, publisherUrl: string, aggregatorUrl: string): string {
  return `${network ?? 'unknown'} ${publisherUrl} ${aggregatorUrl}`;
}

export function createWalrusClient(options: WalrusClientOptions): WalrusClient {
  return new WalrusClient(options);
}
