// The Walrus blob objects an address owns, read from the Sui RPC (suix_getOwnedObjects filtered by the
// Blob struct type, page by page). This is how a fresh install finds its backups from the phrase alone.
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/index.ts';
import { blobIdFromU256 } from './blob-id-u256.ts';
import type { ChainConfig } from './chain-config.ts';
import { suiRpcCall } from '../walrus/index.ts';

export interface OwnedBlobObject {
  objectId: string;
  /** URL-safe base64 blob id, as the aggregator reads it. */
  blobId: string;
  size: number;
  registeredEpoch: number;
  certifiedEpoch: number | null;
  startEpoch: number;
  /** Exclusive: the blob is readable until this epoch begins. */
  endEpoch: number;
  deletable: boolean;
}

const PAGE_SIZE = 50;
const MAX_PAGES = 2000;

const u64 = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);
const u32 = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const blobFieldsSchema = z.object({
  blob_id: z.string().regex(/^\d+$/),
  size: u64,
  registered_epoch: u32,
  certified_epoch: u32.nullable(),
  deletable: z.boolean(),
  storage: z.object({ fields: z.object({ start_epoch: u32, end_epoch: u32 }) }),
});

const ownedPageSchema = z.object({
  data: z.array(
    z.object({
      data: z
        .object({ objectId: z.string(), type: z.string().optional(), content: z.object({ dataType: z.string(), type: z.string().optional(), fields: z.unknown() }).nullish() })
        .nullish(),
    }),
  ),
  nextCursor: z.string().nullish(),
  hasNextPage: z.boolean(),
});

export async function listOwnedBlobObjects(chain: ChainConfig, owner: string, options: { timeoutMs?: number } = {}): Promise<OwnedBlobObject[]> {
  const rpc = { url: chain.rpcUrl, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) };
  const query = { filter: { StructType: chain.blobType }, options: { showType: true, showContent: true } };
  const found: OwnedBlobObject[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const reply: z.output<typeof ownedPageSchema> = await suiRpcCall(rpc, 'suix_getOwnedObjects', [owner, query, cursor, PAGE_SIZE], ownedPageSchema);
    for (const item of reply.data) {
      const content = item.data?.content;
      // The filter is the node's job; checking the type again keeps a lax node from feeding us other objects.
      if (!item.data || content?.dataType !== 'moveObject' || (content.type ?? item.data.type) !== chain.blobType) continue;
      found.push(toOwnedBlob(item.data.objectId, content.fields));
    }
    if (!reply.hasNextPage || !reply.nextCursor) return found;
    if (reply.nextCursor === cursor) throw new AppError('remote_error', 'The Sui RPC returned the same page cursor twice.');
    cursor = reply.nextCursor;
  }
  throw new AppError('too_large', `More than ${MAX_PAGES * PAGE_SIZE} blob objects: stopped listing.`);
}

function toOwnedBlob(objectId: string, fields: unknown): OwnedBlobObject {
  const parsed = blobFieldsSchema.safeParse(fields);
  if (!parsed.success) throw new AppError('remote_error', `Blob object ${objectId} has unexpected fields.`);
  const f = parsed.data;
  let blobId: string;
  try {
    blobId = blobIdFromU256(f.blob_id);
  } catch {
    throw new AppError('remote_error', `Blob object ${objectId} has a blob id out of range.`);
  }
  return {
    objectId,
    blobId,
    size: f.size,
    registeredEpoch: f.registered_epoch,
    certifiedEpoch: f.certified_epoch,
    startEpoch: f.storage.fields.start_epoch,
    endEpoch: f.storage.fields.end_epoch,
    deletable: f.deletable,
  };
}
