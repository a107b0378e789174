// "Restore anywhere": find PDW snapshots among the Walrus blobs the wallet owns. A blob is a snapshot
// when it decrypts and parses as a manifest under the phrase-derived manifest key; everything else
// (quilts of items, other apps' blobs) fails authentication and is skipped.
import type { OwnedBlobObject } from '../wallet/owned-blobs.ts';
import type { WalrusClient } from '../walrus/index.ts';
import type { BackupKeys } from './keys.ts';
import { openManifestBlob } from './manifest.ts';
import { newestPerRun } from './snapshot-identity.ts';

export interface DiscoveredSnapshot {
  snapshotId: string;
  createdAt: string;
  documents: number;
  bytes: number;
  endEpoch: number;
  /** The snapshot's lasting identity: renewal may have written its manifest again (a higher revision). */
  runId: string;
  revision: number;
}

/** Manifests are small; larger blobs are item quilts and not worth reading to find out. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

export async function discoverSnapshots(
  deps: { walrus: WalrusClient; keys: BackupKeys },
  owned: OwnedBlobObject[],
  options: { signal?: AbortSignal } = {},
): Promise<DiscoveredSnapshot[]> {
  const byBlob = new Map<string, OwnedBlobObject>();
  for (const object of owned) {
    const known = byBlob.get(object.blobId);
    if (object.size <= MAX_MANIFEST_BYTES && (!known || object.endEpoch > known.endEpoch)) byBlob.set(object.blobId, object);
  }
  const found: DiscoveredSnapshot[] = [];
  for (const object of byBlob.values()) {
    options.signal?.throwIfAborted();
    try {
      const sealed = await deps.walrus.retrieveBlob(object.blobId, options.signal ? { signal: options.signal } : {});
      // A large manifest's root carries what the list shows; its parts are fragments and fail to open.
      const opened = openManifestBlob(deps.keys.manifest, sealed);
      const { createdAt, stats, runId, revision = 0 } = 'manifest' in opened ? opened.manifest : opened.root;
      found.push({ snapshotId: object.blobId, createdAt, documents: stats.documents, bytes: stats.bytes, endEpoch: object.endEpoch, runId, revision });
    } catch {
      // not a manifest of this wallet's, expired, or unreadable: not a snapshot we can restore
    }
  }
  return newestPerRun(found).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
