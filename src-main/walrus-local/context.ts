// Everything a route handler may use, built once per server.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { WalrusPrices } from '../walrus/cost.ts';
import type { EpochClock } from './clock.ts';
import type { FaultController } from './faults.ts';
import type { BlobIdPool } from './id-pool.ts';
import type { PayloadStore } from './payloads.ts';
import type { PublisherAuth } from './publisher-auth.ts';
import type { WalrusStore } from './store.ts';

export interface ServerContext {
  store: WalrusStore;
  payloads: PayloadStore;
  clock: EpochClock;
  faults: FaultController;
  ids: BlobIdPool;
  shards: number;
  prices: WalrusPrices;
  maxBlobSize: number;
  maxQuiltSize: number;
  maxEpochsAhead: number;
  publisherAddress: string;
  /** 'allowed': only well-known header names become patch headers (the aggregator default). */
  tagHeaders: 'allowed' | 'all';
  /** Set: an authenticated publisher (every store needs a JWT). */
  auth: PublisherAuth | undefined;
}

export interface RequestInfo {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  /** The request body, counted for the request log. */
  body: Readable;
  params: Record<string, string>;
}
