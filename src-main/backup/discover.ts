// "Restore anywhere": find PDW snapshots among the Walrus blobs the wallet owns, reading only blobs that
// can be manifests. The owned Blob objects (Sui) give each blob's size and end epoch without touching
// Walrus: a blob whose size is a full QuiltV1 symbol matrix at the network's shard count is a quilt of
// items (manifests are sealed to an odd length, and quilts are always even), an expired one cannot be read,
// and one over the manifest size limit is an item. Each candidate left is read once, smallest first (a
// manifest's root before its parts, which are then skipped); it is a snapshot when it decrypts and parses
// as a manifest under the phrase-derived manifest key, and anything else fails authentication.
import type { OwnedBlobObject } from '../wallet/index.ts';
import { type WalrusClient, networkStateIfKnown, type NetworkStateReader } from '../walrus/index.ts';
import { isQuiltSized } from '../walrus/quilt-layout.ts';
import { eachLimit } from './fetch.ts';
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

/** A manifest over the part size is stored in parts under a small root: no manifest blob is larger. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const PARALLEL_READS = 4;

export async function discoverSnapshots(
  deps: { walrus: WalrusClient; keys: BackupKeys; network?: NetworkStateReader },
  owned: OwnedBlobObject[],
  options: { signal?: AbortSignal } = {},
): Promise<DiscoveredSnapshot[]> {
  const network = await networkStateIfKnown(deps.network);
  if (network) deps.walrus.observeEpoch(network.currentEpoch);
  const shards = network?.nShards ?? deps.walrus.options.shards ?? 1000;
  const candidates = manifestCandidates(owned, { shards, currentEpoch: network?.currentEpoch });
  const parts = new Set<string>();
  const found: DiscoveredSnapshot[] = [];
  await eachLimit(candidates, PARALLEL_READS, async (object) => {
    options.signal?.throwIfAborted();
    if (parts.has(object.blobId)) return;
    try {
      const sealed = await deps.walrus.retrieveBlob(object.blobId, { ...(options.signal ? { signal: options.signal } : {}), endEpoch: object.endEpoch, maxBytes: object.size });
      // A large manifest's root carries what the list shows; its parts are fragments, not read once the root is known.
      const opened = openManifestBlob(deps.keys.manifest, sealed);
      if ('root' in opened) for (const part of opened.root.parts) parts.add(part.blobId);
      const { createdAt, stats, runId, revision = 0 } = 'manifest' in opened ? opened.manifest : opened.root;
      found.push({ snapshotId: object.blobId, runId, revision, createdAt, documents: stats.documents, bytes: stats.bytes, endEpoch: object.endEpoch });
    } catch {
      // not a manifest of this wallet's, expired, or unreadable: not a snapshot we can restore
    }
  });
  options.signal?.throwIfAborted();
  return listed(found);
}

/**
 * The owned blobs worth reading to find manifests, smallest first: one per blob id (its longest-lived
 * object), not expired, not quilt-shaped at `shards`, not over the manifest size limit.
 */
export function manifestCandidates(owned: readonly OwnedBlobObject[], network: { shards: number; currentEpoch: number | undefined }): OwnedBlobObject[] {
  const byBlob = new Map<string, OwnedBlobObject>();
  for (const object of owned) {
    const known = byBlob.get(object.blobId);
    if (!known || object.endEpoch > known.endEpoch) byBlob.set(object.blobId, object);
  }
  return [...byBlob.values()]
    .filter((o) => o.size <= MAX_MANIFEST_BYTES && !isQuiltSized(o.size, network.shards))
    .filter((o) => network.currentEpoch === undefined || o.endEpoch > network.currentEpoch)
    .sort((a, b) => a.size - b.size);
}

/** What the list shows: each snapshot once, under its newest manifest (renewal may have written it again), newest first. */
function listed(found: DiscoveredSnapshot[]): DiscoveredSnapshot[] {
  return newestPerRun(found).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
