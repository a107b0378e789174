// Sends sealed items to Walrus: small ones packed into quilts (the client splits them by the patch and
// request limits), large ones as single blobs, and those over one request's limit as several blobs (parts,
// in order). Each stored quilt or item is reported as it lands, so the caller records locations before the
// rest finish and a crash never forgets a paid upload.
import type { WalrusClient } from '../walrus/index.ts';
import type { ItemKind } from './manifest.ts';
import type { StoredItem } from './backup-db.ts';

export interface SealedItem {
  hash: string;
  kind: ItemKind;
  identifier: string;
  sealed: Uint8Array;
}

export interface UploadOptions {
  epochs: number;
  sendObjectTo: string | undefined;
  /** Sealed items above this go as single blobs. */
  largeItemBytes: number;
  /** Sealed items above this are cut into parts of at most this size (under the publisher's request limit). */
  partBytes: number;
  signal?: AbortSignal | undefined;
  onStored(items: StoredItem[], cost: number, epoch: number): void | Promise<void>;
}

/** How the backup stores on Walrus: deletable blobs for `epochs`, owned by the wallet's address when there is one. */
export function backupStoreOptions(epochs: number, sendObjectTo: string | null | undefined, signal?: AbortSignal) {
  return { epochs, deletable: true, ...(sendObjectTo ? { sendObjectTo } : {}), ...(signal ? { signal } : {}) };
}

export async function uploadSealed(walrus: WalrusClient, items: SealedItem[], options: UploadOptions): Promise<void> {
  const store = backupStoreOptions(options.epochs, options.sendObjectTo, options.signal);
  const small = items.filter((i) => i.sealed.byteLength <= options.largeItemBytes);
  for (const item of items) {
    if (item.sealed.byteLength <= options.largeItemBytes) continue;
    options.signal?.throwIfAborted();
    const blobs = [];
    for (const part of splitParts(item.sealed, options.partBytes)) blobs.push({ ...(await walrus.storeBlob(part, store)), size: part.byteLength });
    const location: StoredItem['location'] =
      blobs.length === 1 ? { type: 'blob', blobId: (blobs[0] as (typeof blobs)[number]).blobId } : { type: 'parts', parts: blobs.map((b) => ({ blobId: b.blobId, size: b.size })) };
    const endEpoch = Math.min(...blobs.map((b) => b.endEpoch));
    const stored: StoredItem = { hash: item.hash, kind: item.kind, location, storedSize: item.sealed.byteLength, endEpoch };
    await options.onStored([stored], blobs.reduce((sum, b) => sum + b.cost, 0), endEpoch - options.epochs);
  }
  if (!small.length) return;
  const byIdentifier = new Map(small.map((i) => [i.identifier, i]));
  await walrus.storeQuilts(
    small.map((i) => ({ identifier: i.identifier, data: i.sealed })),
    {
      ...store,
      onQuiltStored: async (quilt) => {
        const stored = quilt.patches.map((p): StoredItem => {
          const item = byIdentifier.get(p.identifier) as SealedItem;
          return {
            hash: item.hash,
            kind: item.kind,
            location: { type: 'patch', patchId: p.patchId },
            storedSize: item.sealed.byteLength,
            endEpoch: quilt.endEpoch,
          };
        });
        await options.onStored(stored, quilt.cost, quilt.endEpoch - options.epochs);
      },
    },
  );
}

/** Consecutive slices of at most `partBytes` (views, no copies); one slice when it fits. */
export function splitParts(sealed: Uint8Array, partBytes: number): Uint8Array[] {
  if (!(partBytes > 0)) throw new RangeError(`partBytes must be positive, got ${partBytes}`);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < sealed.byteLength; at += partBytes) parts.push(sealed.subarray(at, Math.min(at + partBytes, sealed.byteLength)));
  return parts.length ? parts : [sealed];
}
