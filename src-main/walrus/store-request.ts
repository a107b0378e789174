// The two halves of a store shared by blobs and quilts: the query parameters (checked before
// sending, since a bad one still costs a round trip) and the reading of a BlobStoreResult.
import { WalrusInputError, WalrusInvalidResponseError, WalrusStoreError, type WalrusErrorContext } from './errors.ts';
import type { QueryValue } from './http.ts';
import { isSuiAddress } from './ids.ts';
import type { BlobStoreResult } from './schemas.ts';

/** Storage can be bought at most 53 epochs ahead; more is an error at the publisher. */
export const MAX_EPOCHS_AHEAD = 53;

export interface StoreOptions {
  /** Epochs ahead of the current one; the client's `defaultEpochs` when omitted. */
  epochs?: number;
  /** Deletable is the publisher's default since v1.33; saying so explicitly also covers older publishers. */
  deletable?: boolean;
  permanent?: boolean;
  /** Sui address that receives the Blob object (the client's `sendObjectTo` when omitted). */
  sendObjectTo?: string;
  /** Create a new Blob object even if the content is already certified long enough. */
  force?: boolean;
  /**
   * These bytes may be stored already (a renewal storing the same content again). A store whose answer is
   * lost is then repeated, since the aggregator serving the blob proves nothing; otherwise it is looked up first.
   */
  mayExist?: boolean;
  signal?: AbortSignal;
}

export interface StoreDefaults {
  defaultEpochs: number;
  sendObjectTo?: string | undefined;
}

export function storeQuery(options: StoreOptions, defaults: StoreDefaults): { query: Record<string, QueryValue>; epochs: number } {
  const epochs = options.epochs ?? defaults.defaultEpochs;
  const sendObjectTo = options.sendObjectTo ?? defaults.sendObjectTo;
  const issues: { path: string; message: string }[] = [];
  if (!Number.isInteger(epochs) || epochs < 1 || epochs > MAX_EPOCHS_AHEAD) {
    issues.push({ path: 'epochs', message: `must be a whole number from 1 to ${MAX_EPOCHS_AHEAD}, got ${epochs}` });
  }
  if (options.deletable && options.permanent) issues.push({ path: 'permanent', message: 'a blob cannot be both deletable and permanent' });
  if (sendObjectTo !== undefined && !isSuiAddress(sendObjectTo)) issues.push({ path: 'sendObjectTo', message: 'must be a Sui address (0x + 64 hex digits)' });
  if (issues.length) throw new WalrusInputError(`invalid store options: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  const query: Record<string, QueryValue> = { epochs };
  if (options.permanent) query.permanent = true;
  else if (options.deletable) query.deletable = true;
  if (options.force) query.force = true;
  if (sendObjectTo !== undefined) query.send_object_to = sendObjectTo;
  return { query, epochs };
}

export interface StoredBlobInfo {
  blobId: string;
  /** The Sui Blob object; absent when the publisher only reports an existing certification event. */
  objectId: string | undefined;
  /** First epoch in which the blob is no longer stored. */
  endEpoch: number;
  /** Storage cost in FROST reported by the publisher (0 when the content was already certified). */
  cost: number;
  /** Unencoded size in bytes. */
  size: number;
  alreadyCertified: boolean;
  /** How the publisher obtained storage, e.g. `registerFromScratch`; absent when already certified. */
  resourceOperation: string | undefined;
  /** Encoded size the storage was bought for, when reported. */
  encodedLength: number | undefined;
  /**
   * The publisher's answer was lost but the aggregator serves the blob: stored by this request. `endEpoch`
   * then counts from the latest epoch the client knows, and `cost` is the formula's.
   */
  recovered?: boolean;
}

/** What is known of a store whose answer was lost, once the aggregator showed the blob is stored. */
export function recoveredStore(blobId: string, size: number, epochs: number, currentEpoch: number | undefined, cost: number): StoredBlobInfo {
  // An unknown current epoch counts from 0: the blob then looks short-lived, and is stored again sooner rather than lost.
  return { blobId, objectId: undefined, endEpoch: (currentEpoch ?? 0) + epochs, cost, size, alreadyCertified: false, resourceOperation: undefined, encodedLength: undefined, recovered: true };
}

/**
 * Reads a BlobStoreResult; failures reported inside a 200 become WalrusStoreErrors. `sentSize` is
 * checked against the stored size for blobs; quilts pass undefined (the publisher reports the size
 * of the encoded quilt layout, not of the files).
 */
export function interpretStoreResult(result: BlobStoreResult, sentSize: number | undefined, fallbackSize: number, context: WalrusErrorContext): StoredBlobInfo {
  if ('newlyCreated' in result) {
    const { blobObject, cost, resourceOperation } = result.newlyCreated;
    if (sentSize !== undefined && blobObject.size !== sentSize) {
      throw new WalrusInvalidResponseError(`publisher reports ${blobObject.size} bytes stored, ${sentSize} were sent`, [], context);
    }
    const [operation, details] = Object.entries(resourceOperation)[0] ?? [];
    return {
      blobId: blobObject.blobId,
      objectId: blobObject.id,
      endEpoch: blobObject.storage.endEpoch,
      cost,
      size: blobObject.size,
      alreadyCertified: false,
      resourceOperation: operation,
      encodedLength: details?.encodedLength,
    };
  }
  if ('alreadyCertified' in result) {
    const { blobId, endEpoch, object } = result.alreadyCertified;
    return { blobId, objectId: object, endEpoch, cost: 0, size: fallbackSize, alreadyCertified: true, resourceOperation: undefined, encodedLength: undefined };
  }
  if ('markedInvalid' in result) {
    throw new WalrusStoreError(`blob ${result.markedInvalid.blobId} is marked invalid on Walrus`, result.markedInvalid.blobId, context);
  }
  throw new WalrusStoreError(`publisher could not store the blob: ${result.error.errorMsg}`, result.error.blobId ?? undefined, context);
}
