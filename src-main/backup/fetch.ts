// Reading a snapshot back: the manifest by its blob id, and each item by its location, decrypted and
// checked against the content hash the manifest records. Bad bytes are an error, never data.
import { AppError } from '../../src-shared/contract/define.ts';
import { isBlobId } from '../walrus/ids.ts';
import { toAppError, type WalrusClient } from '../walrus/index.ts';
import type { BackupDb } from './backup-db.ts';
import { itemAad, open, sha256Hex } from './crypto.ts';
import type { BackupKeys } from './keys.ts';
import { openManifest, openManifestBlob, type ManifestItem, type SnapshotManifest } from './manifest.ts';

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
  return (await fetchManifestBlobs(walrus, keys, blobId, signal)).manifest;
}

/** The manifest and, when it was too large for one blob, the parts its root names (a restore records them as the snapshot's). */
export async function fetchManifestBlobs(
  walrus: WalrusClient, keys: BackupKeys, blobId: string, signal?: AbortSignal,
): Promise<{ manifest: SnapshotManifest; parts: { blobId: string; size: number }[] }> {
  const opened = await readTwice(() => retrieve(walrus, blobId, signal), (sealed) => openManifestBlob(keys.manifest, sealed));
  if ('manifest' in opened) return { manifest: opened.manifest, parts: [] };
  const { parts } = opened.root;
  const manifest = await readTwice(
    () => joinParts(walrus, parts, 'The snapshot manifest', signal).catch((error: unknown) => {
      throw toAppError(error);
    }),
    (sealed) => openManifest(keys.manifest, sealed),
  );
  return { manifest, parts };
}

/** Opens what `read` returns, reading once more if that fails, as for items: bytes damaged in transit must not fail a restore. */
async function readTwice<T>(read: () => Promise<Uint8Array>, openBytes: (bytes: Uint8Array) => T): Promise<T> {
  const first = await read();
  try {
    return openBytes(first);
  } catch {
    return openBytes(await read());
  }
}

function retrieve(walrus: WalrusClient, blobId: string, signal?: AbortSignal): Promise<Uint8Array> {
  return walrus.retrieveBlob(blobId, signal ? { signal } : {}).catch((error: unknown) => {
    throw toAppError(error);
  });
}

/** An item whose bytes failed authentication or their hash on two reads: damaged where it is stored, not in transit. */
export class ItemIntegrityError extends AppError {
  readonly item: ManifestItem;
  constructor(item: ManifestItem, cause: AppError) {
    super('remote_error', cause.message, { cause });
    this.item = item;
  }
}

/**
 * Reads, decrypts and hash-checks one item. Bytes that fail the check are read once more before giving
 * up: a body damaged in transit (a proxy, a flaky link) must not fail a restore.
 */
export async function fetchItem(walrus: WalrusClient, keys: BackupKeys, item: ManifestItem, signal?: AbortSignal, endEpoch = item.endEpoch): Promise<Uint8Array> {
  const first = openItem(keys, item, await readItem(walrus, item, signal, endEpoch));
  if (first instanceof Uint8Array) return first;
  const second = openItem(keys, item, await readItem(walrus, item, signal, endEpoch));
  if (second instanceof Uint8Array) return second;
  throw new ItemIntegrityError(item, second);
}

/** The item's bytes as stored; `endEpoch` (when it was stored until) lets a 404 after it read as an expiry. */
async function readItem(walrus: WalrusClient, item: ManifestItem, signal: AbortSignal | undefined, endEpoch: number): Promise<Uint8Array> {
  const read = { ...(signal ? { signal } : {}), endEpoch };
  const { location } = item;
  try {
    if (location.type === 'patch') return (await walrus.retrieveFromQuiltByPatchId(location.patchId, { ...read, tags: false })).data;
    if (location.type === 'blob') return await walrus.retrieveBlob(location.blobId, read);
    return await joinParts(walrus, location.parts, `The ${item.kind} item of document ${item.documentId}`, signal, endEpoch);
  } catch (error) {
    throw toAppError(error);
  }
}

/** The plaintext, or the reason the bytes are not this item's. */
export function openItem(keys: BackupKeys, item: ManifestItem, sealed: Uint8Array): Uint8Array | AppError {
  const what = `The ${item.kind} item of document ${item.documentId}`;
  let plain: Uint8Array;
  try {
    plain = open(keys.content, sealed, itemAad(item.hash), what);
  } catch (error) {
    if (error instanceof AppError) return error;
    // Authenticated bytes that do not inflate cannot come from our sealing: treat them as damaged too.
    return new AppError('remote_error', `${what} could not be decompressed.`, { cause: error });
  }
  return sha256Hex(plain) === item.hash ? plain : new AppError('remote_error', `${what} does not match its recorded hash.`);
}

/** Reads the parts in order and joins them; a part of the wrong size is reported as such (the tag would fail anyway). */
async function joinParts(walrus: WalrusClient, parts: { blobId: string; size: number }[], what: string, signal?: AbortSignal, endEpoch?: number): Promise<Uint8Array> {
  const read = { ...(signal ? { signal } : {}), ...(endEpoch === undefined ? {} : { endEpoch }) };
  const bytes = await Promise.all(parts.map((p) => walrus.retrieveBlob(p.blobId, { ...read, maxBytes: p.size })));
  bytes.forEach((b, i) => {
    if (b.byteLength !== (parts[i] as (typeof parts)[number]).size) throw new AppError('remote_error', `${what}: part ${i + 1} of ${parts.length} has ${b.byteLength} bytes, ${parts[i]?.size} were stored.`);
  });
  return Buffer.concat(bytes);
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
