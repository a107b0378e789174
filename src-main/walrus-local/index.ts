// A local, Walrus-compatible publisher + aggregator on one origin, for tests, benchmarks and offline use.
// Same paths, parameters, replies and errors as the official services; ids are the real ones.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { DEFAULT_PRICES, maxUnencodedSize, type WalrusPrices } from '../walrus/cost.ts';
import { EpochClock } from './clock.ts';
import type { ServerContext } from './context.ts';
import { FaultController, type FaultRule } from './faults.ts';
import { BlobIdPool } from './id-pool.ts';
import { PayloadStore } from './payloads.ts';
import { PublisherAuth, type PublisherAuthOptions } from './publisher-auth.ts';
import { suiObjectId } from './publisher.ts';
import { readQuiltPatch } from '../walrus/quilt-layout.ts';
import { RequestLog, type RequestLogEntry } from './request-log.ts';
import { createWalrusServer } from './server.ts';
import { WalrusStore, type BlobObjectRecord } from './store.ts';

export type { FaultRule, FaultRoute, FaultState } from './faults.ts';
export type { FaultController } from './faults.ts';
export type { RequestLogEntry } from './request-log.ts';
export type { BlobObjectRecord } from './store.ts';
export { jwtOptionsFromFlags, type JwtAlgorithm, type PublisherAuthOptions } from './publisher-auth.ts';

export interface WalrusLocalOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Omitted: a fresh temp dir, removed on close. */
  dataDir?: string;
  /** Committee size for ids and costs; 100 keeps ids fast, 1000 is mainnet/testnet. */
  shards?: number;
  epochSeconds?: number;
  /** Largest PUT /v1/blobs body (default 10 MiB, like public publishers). */
  maxBlobSize?: number;
  /** Largest PUT /v1/quilts body (default 100 MiB). */
  maxQuiltSize?: number;
  maxEpochsAhead?: number;
  prices?: WalrusPrices;
  /** Replaces the persisted fault rules at start-up. */
  faults?: FaultRule[];
  /** Which patch tags become response headers: the aggregator's allow-list (default) or all. */
  tagHeaders?: 'allowed' | 'all';
  /**
   * Default true: payloads and the catalog are fsynced before a store is answered. false keeps
   * everything across a process restart (the OS still holds the writes) but not across a power cut.
   */
  fsync?: boolean;
  /**
   * Worker threads computing blob ids off the event loop. Default 0 (in-thread): each worker costs
   * ~100 ms to start, which short-lived test servers do not earn back. Long-lived servers (the CLI, an
   * app hosting the server in-process) should use 1–2.
   */
  idWorkers?: number;
  /** An authenticated publisher: every store needs a JWT signed with this secret (the official `--jwt-*` options). */
  jwt?: PublisherAuthOptions;
}

export interface WalrusLocal {
  /** Publisher and aggregator share this origin. */
  url: string;
  port: number;
  dataDir: string;
  shards: number;
  /** The publisher wallet: owner of blob objects not sent elsewhere. */
  publisherAddress: string;
  faults: FaultController;
  clock: { readonly epochSeconds: number; currentEpoch(): number; advanceEpochs(n: number): void };
  objects: { listByOwner(owner: string): BlobObjectRecord[]; get(objectId: string): BlobObjectRecord | undefined };
  /** Blocked blobs answer 451 on store and read. */
  blocklist: { block(blobId: string): void; unblock(blobId: string): void };
  requestLog(): RequestLogEntry[];
  clearRequestLog(): void;
  /** Every stored payload, plus each quilt patch decoded: what a test scans to prove nothing is plaintext. */
  storedBytes(): AsyncIterable<Uint8Array>;
  close(): Promise<void>;
}

const MiB = 1024 * 1024;
const Identity = z.object({ publisherAddress: z.string() });

export async function startWalrusLocal(options: WalrusLocalOptions = {}): Promise<WalrusLocal> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'walrus-local-')));
  await mkdir(dataDir, { recursive: true });
  const shards = options.shards ?? 100;
  const fsync = options.fsync ?? true;
  const payloads = new PayloadStore(dataDir, { fsync });
  await payloads.init();
  const store = new WalrusStore(dataDir, { fsync });
  const clock = await EpochClock.open(dataDir, options.epochSeconds ?? 3600);
  const faults = await FaultController.open(dataDir, options.faults);
  const ctx: ServerContext = {
    store,
    payloads,
    clock,
    faults,
    ids: new BlobIdPool(shards, options.idWorkers ?? 0),
    shards,
    prices: options.prices ?? DEFAULT_PRICES,
    maxBlobSize: Math.min(options.maxBlobSize ?? 10 * MiB, maxUnencodedSize(shards)),
    maxQuiltSize: options.maxQuiltSize ?? 100 * MiB,
    maxEpochsAhead: options.maxEpochsAhead ?? 53,
    publisherAddress: await loadIdentity(dataDir),
    tagHeaders: options.tagHeaders ?? 'allowed',
    auth: options.jwt ? new PublisherAuth(options.jwt) : undefined,
  };
  const log = new RequestLog();
  const http = createWalrusServer(ctx, log);
  const server = http.server;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    dataDir,
    shards,
    publisherAddress: ctx.publisherAddress,
    faults,
    clock: { epochSeconds: clock.epochSeconds, currentEpoch: () => clock.currentEpoch(), advanceEpochs: (n) => clock.advanceEpochs(n) },
    objects: { listByOwner: (owner) => store.listObjectsByOwner(owner), get: (id) => store.getObject(id) },
    blocklist: { block: (id) => store.setBlocked(id, true), unblock: (id) => store.setBlocked(id, false) },
    requestLog: () => log.entries(),
    clearRequestLog: () => log.clear(),
    storedBytes: () => storedBytes(ctx),
    async close() {
      await http.close(); // before the store closes: a request still being handled may yet write to it
      await Promise.all([clock.flush(), faults.flush(), ctx.ids.close()]);
      store.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function* storedBytes(ctx: ServerContext): AsyncIterable<Uint8Array> {
  for (const { blobId, isQuilt } of ctx.store.allBlobs()) {
    const bytes = await ctx.payloads.read(blobId);
    yield bytes;
    if (!isQuilt) continue;
    // Quilt bytes interleave each patch column by column; a scan must see every patch whole too.
    for (const patch of ctx.store.listPatches(blobId)) yield readQuiltPatch(bytes, ctx.shards, patch.start, patch.end).contents;
  }
}

async function loadIdentity(dataDir: string): Promise<string> {
  const path = join(dataDir, 'identity.json');
  try {
    return Identity.parse(JSON.parse(await readFile(path, 'utf8'))).publisherAddress;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const publisherAddress = suiObjectId();
    await writeFileAtomic(path, JSON.stringify({ publisherAddress }));
    return publisherAddress;
  }
}
