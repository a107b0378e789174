// "Restore anywhere": find PDW snapshots among the Walrus blobs the wallet owns, reading only blobs that
// can be manifests. The owned Blob objects (Sui) give each blob's size and end epoch without touching
// Walrus: a blob whose size is a full QuiltV1 symbol matrix at the network's shard count is a quilt of
// items (manifests are sealed to an odd length, and quilts are always even), an expired or uncertified one
// cannot be read, and one over the manifest size limit is an item. Each candidate left is read once,
// smallest first (a manifest's root before its parts, which are then skipped); it is a snapshot when it
// decrypts and parses as a manifest under the phrase-derived manifest key, and anything else fails
// authentication. A read that fails for another reason is tried again, then reported: the list is
// incomplete, and the caller must say so rather than show it as all there is.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AppError } from '../../src-shared/contract/define.ts';
import type { OwnedBlobObject } from '../wallet/index.ts';
import { type WalrusClient, networkStateIfKnown, type NetworkStateReader, toAppError, WalrusExpiredError } from '../walrus/index.ts';
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

/** A live blob that may be a manifest but could not be read, even after retries. */
export interface UnreadableBlob {
  blobId: string;
  size: number;
  message: string;
}

export interface Discovery {
  snapshots: DiscoveredSnapshot[];
  /** Non-empty: some snapshots may be missing from `snapshots`. */
  unreadable: UnreadableBlob[];
  /** What to tell the user when `unreadable` is not empty, with the action that helps; null otherwise. */
  warning: string | null;
}

/** A manifest over the part size is stored in parts under a small root: no manifest blob is larger. */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const PARALLEL_READS = 4;
/**
 * Waits before reading a failed candidate again, on top of the client's own retries: a read that fails
 * once (a dropped connection, a 5xx, an aggregator that has not caught up) must not hide a snapshot.
 */
const RETRY_DELAYS_MS = [250, 1000];

export async function discoverSnapshots(
  deps: { walrus: WalrusClient; keys: BackupKeys; network?: NetworkStateReader },
  owned: OwnedBlobObject[],
  options: { signal?: AbortSignal } = {},
): Promise<Discovery> {
  const network = await networkStateIfKnown(deps.network);
  if (network) deps.walrus.observeEpoch(network.currentEpoch);
  const shards = network?.nShards ?? deps.walrus.options.shards ?? 1000;
  const candidates = manifestCandidates(owned, { shards, currentEpoch: network?.currentEpoch });
  const parts = new Set<string>();
  const found: DiscoveredSnapshot[] = [];
  const unreadable: UnreadableBlob[] = [];
  await eachLimit(candidates, PARALLEL_READS, async (object) => {
    options.signal?.throwIfAborted();
    if (parts.has(object.blobId)) return;
    const read = await readCandidate(deps.walrus, object, options.signal);
    if ('error' in read) {
      unreadable.push({ blobId: object.blobId, size: object.size, message: read.error.message });
      return;
    }
    if (!read.bytes) return;
    let opened: ReturnType<typeof openManifestBlob>;
    try {
      opened = openManifestBlob(deps.keys.manifest, read.bytes);
    } catch {
      return; // not a manifest of this wallet's: an item blob, a part, another app's blob
    }
    // A large manifest's root carries what the list shows; its parts are fragments, not read once the root is known.
    if ('root' in opened) for (const part of opened.root.parts) parts.add(part.blobId);
    const { createdAt, stats, runId, revision = 0 } = 'manifest' in opened ? opened.manifest : opened.root;
    found.push({ snapshotId: object.blobId, runId, revision, createdAt, documents: stats.documents, bytes: stats.bytes, endEpoch: object.endEpoch });
  });
  options.signal?.throwIfAborted();
  // A part read (and failed) before its root was opened is no missing snapshot.
  const missing = unreadable.filter((u) => !parts.has(u.blobId));
  return { snapshots: listed(found), unreadable: missing, warning: unreadableWarning(missing) };
}

/**
 * The candidate's bytes; none when its storage has ended (nothing to restore); or, after the retries, the
 * error that kept it from being read. A cancel is thrown.
 */
async function readCandidate(walrus: WalrusClient, object: OwnedBlobObject, signal: AbortSignal | undefined): Promise<{ bytes?: Uint8Array } | { error: AppError }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { bytes: await walrus.retrieveBlob(object.blobId, { ...(signal ? { signal } : {}), endEpoch: object.endEpoch, maxBytes: object.size }) };
    } catch (error) {
      signal?.throwIfAborted();
      if (error instanceof WalrusExpiredError) return {};
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) return { error: toAppError(error) };
      await sleep(delay, undefined, signal ? { signal } : {});
    }
  }
}

/** E.g. "1 blob of your wallet that may be a snapshot could not be read from Walrus (…). Some snapshots may be missing …". */
function unreadableWarning(unreadable: readonly UnreadableBlob[]): string | null {
  const [first] = unreadable;
  if (!first) return null;
  const what = unreadable.length === 1 ? '1 blob of your wallet that may be a snapshot' : `${unreadable.length} blobs of your wallet that may be snapshots`;
  const more = unreadable.length > 1 ? ` (first: ${first.message})` : ` (${first.message})`;
  return `${what} could not be read from Walrus${more}. Some snapshots may be missing from this list: check the connection and search again.`;
}

/**
 * The owned blobs worth reading to find manifests, smallest first: one per blob id (its longest-lived
 * object), certified, not expired, not quilt-shaped at `shards`, not over the manifest size limit.
 */
export function manifestCandidates(owned: readonly OwnedBlobObject[], network: { shards: number; currentEpoch: number | undefined }): OwnedBlobObject[] {
  const byBlob = new Map<string, OwnedBlobObject>();
  for (const object of owned) {
    // Registered but never certified: Walrus does not serve it (an upload that did not finish).
    if (object.certifiedEpoch === null) continue;
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
