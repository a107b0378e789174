// Reading a snapshot back: the manifest by its blob id, and each item by its location, decrypted and
// checked against the content hash the manifest records. Bad bytes are an error, never data.
import { AppError } from '../../src-shared/contract/define.ts';
import { isBlobId } from '../walrus/ids.ts';
import { toAppError, type WalrusClient } from '../walrus/index.ts';
import type { BackupDb } from './backup-db.ts';
import { itemAad, open, sha256Hex } from './crypto.ts';
import type { BackupKeys } from './keys.ts';
import { openManifest, type ManifestItem, type SnapshotManifest } from './manifest.ts';

/** A snapshot id from local history (run id or manifest blob id), or any manifest blob id. */
export function resolveManifestBlobId(db: BackupDb | undefined, id: string): string {
  const local = db?.snapshot(id);
  if (local) {
    if (local.manifestBlobId) return local.manifestBlobId;
    throw new AppError('conflict', `Snapshot ${id} is ${local.state === 'pending' ? 'still waiting to be uploaded' : local.state}; it cannot be read from Walrus.`);
  }
  if (isBlobId(id)) return id;
  throw new AppError('not_found', `No snapshot ${id}: give a snapshot id from the history or a manifest blob id.`);
}

export async function fetchManifest(walrus: WalrusClient, keys: BackupKeys, blobId: string, signal?: AbortSignal): Promise<SnapshotManifest> {
  const sealed = await walrus.retrieveBlob(blobId, signal ? { signal } : {}).catch((error: unknown) => {
    throw toAppError(error);
  });
  return openManifest(keys.manifest, sealed);
}

export async function fetchItem(walrus: WalrusClient, keys: BackupKeys, item: ManifestItem, signal?: AbortSignal): Promise<Uint8Array> {
  const read = signal ? { signal } : {};
  let sealed: Uint8Array;
  try {
    sealed = item.location.type === 'patch' ? (await walrus.retrieveFromQuiltByPatchId(item.location.patchId, { ...read, tags: false })).data : await walrus.retrieveBlob(item.location.blobId, read);
  } catch (error) {
    throw toAppError(error);
  }
  const what = `The ${item.kind} item of document ${item.documentId}`;
  const plain = open(keys.content, sealed, itemAad(item.hash), what);
  if (sha256Hex(plain) !== item.hash) throw new AppError('remote_error', `${what} does not match its recorded hash.`);
  return plain;
}

/**
 * Runs `work` over `items` with at most `limit` at once; after a failure no new item starts, and the
 * first error is thrown only once every started item has settled (so callers can clean up safely).
 */
export async function eachLimit<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
