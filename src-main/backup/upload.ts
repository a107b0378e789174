// Sends sealed items to Walrus: small ones packed into quilts (the client splits them by the patch and
// request limits), large ones as single blobs. Each stored quilt or blob is reported as it lands, so
// the caller records locations before the rest finish and a crash never forgets a paid upload.
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
  signal?: AbortSignal | undefined;
  onStored(items: StoredItem[], cost: number, epoch: number): void | Promise<void>;
}

export async function uploadSealed(walrus: WalrusClient, items: SealedItem[], options: UploadOptions): Promise<void> {
  const store = { epochs: options.epochs, deletable: true, ...(options.sendObjectTo ? { sendObjectTo: options.sendObjectTo } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const small = items.filter((i) => i.sealed.byteLength <= options.largeItemBytes);
  for (const item of items) {
    if (item.sealed.byteLength <= options.largeItemBytes) continue;
    options.signal?.throwIfAborted();
    const blob = await walrus.storeBlob(item.sealed, store);
    const stored: StoredItem = { hash: item.hash, kind: item.kind, location: { type: 'blob', blobId: blob.blobId }, storedSize: item.sealed.byteLength, endEpoch: blob.endEpoch };
    await options.onStored([stored], blob.cost, blob.endEpoch - options.epochs);
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
