// Registering a stored blob as Sui objects and answering with a BlobStoreResult, shared by blob and
// quilt stores: newlyCreated vs alreadyCertified, force, deletable/permanent, owner, cost.
import { randomBytes } from 'node:crypto';
import { blobCost, type WalrusPrices } from '../walrus/cost.ts';
import type { StoreParams } from './store-params.ts';
import type { BlobObjectRecord, QuiltPatchRecord, WalrusStore } from './store.ts';

export interface PublisherContext {
  store: WalrusStore;
  shards: number;
  prices: WalrusPrices;
  clock: { currentEpoch(): number };
  /** The publisher's own wallet: owner of the objects it is not asked to send elsewhere. */
  publisherAddress: string;
}

export type BlobStoreResult =
  | { alreadyCertified: { blobId: string; event: { txDigest: string; eventSeq: string }; endEpoch: number } }
  | { newlyCreated: NewlyCreated };

interface NewlyCreated {
  blobObject: ReturnType<typeof blobObjectJson>;
  resourceOperation: Record<string, Record<string, number>>;
  cost: number;
  sharedBlobObject?: string;
}

export function registerBlob(
  ctx: PublisherContext,
  blob: { blobId: string; size: number },
  params: StoreParams,
  patches?: QuiltPatchRecord[],
): BlobStoreResult {
  const epoch = ctx.clock.currentEpoch();
  const wantedEnd = epoch + params.epochs;
  // Only permanent requests may reuse what is certified; deletable stores always create an object.
  const existing = params.permanent && !params.force ? ctx.store.livePermanentObject(blob.blobId, epoch) : undefined;
  if (existing && existing.endEpoch >= wantedEnd) {
    return { alreadyCertified: { blobId: blob.blobId, event: { txDigest: existing.txDigest, eventSeq: '0' }, endEpoch: existing.endEpoch } };
  }
  const price = blobCost(blob.size, { shards: ctx.shards, epochs: params.epochs, prices: ctx.prices });
  if (existing) {
    const extended = wantedEnd - existing.endEpoch;
    const cost = price.storageUnits * ctx.prices.storagePricePerUnitPerEpoch * extended;
    ctx.store.extendObject(existing.objectId, wantedEnd);
    return {
      newlyCreated: {
        blobObject: blobObjectJson({ ...existing, endEpoch: wantedEnd }),
        resourceOperation: { reuseAndExtend: { encodedLength: existing.encodedLength, epochsExtended: extended } },
        cost,
      },
    };
  }
  const object: BlobObjectRecord = {
    objectId: suiObjectId(),
    blobId: blob.blobId,
    owner: params.share ? null : (params.sendObjectTo ?? ctx.publisherAddress),
    sharedObjectId: params.share ? suiObjectId() : null,
    size: blob.size,
    encodedLength: price.encodedLength,
    registeredEpoch: epoch,
    certifiedEpoch: epoch,
    storageId: suiObjectId(),
    startEpoch: epoch,
    endEpoch: wantedEnd,
    deletable: !params.permanent,
    cost: price.cost,
    txDigest: base58(randomBytes(32)),
  };
  ctx.store.recordStore(blob, object, patches);
  const created: NewlyCreated = {
    blobObject: blobObjectJson(object),
    resourceOperation: { registerFromScratch: { encodedLength: price.encodedLength, epochsAhead: params.epochs } },
    cost: price.cost,
  };
  if (object.sharedObjectId) created.sharedBlobObject = object.sharedObjectId;
  return { newlyCreated: created };
}

/** The camelCase JSON the services send (the YAML's snake_case is a generator artefact). */
function blobObjectJson(o: BlobObjectRecord) {
  return {
    id: o.objectId,
    registeredEpoch: o.registeredEpoch,
    blobId: o.blobId,
    size: o.size,
    encodingType: 'RS2',
    certifiedEpoch: o.certifiedEpoch,
    storage: { id: o.storageId, startEpoch: o.startEpoch, endEpoch: o.endEpoch, storageSize: o.encodedLength },
    deletable: o.deletable,
  };
}

export function suiObjectId(): string {
  return '0x' + randomBytes(32).toString('hex');
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** Sui transaction digests are base58. */
function base58(bytes: Uint8Array): string {
  let n = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  let out = '';
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out;
    n /= 58n;
  }
  for (const b of bytes) {
    if (b !== 0) break;
    out = '1' + out;
  }
  return out;
}
