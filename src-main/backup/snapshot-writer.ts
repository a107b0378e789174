// What a backup run and an outbox flush share: which items are stored and live, recording what was stored
// and what it cost, and finishing a snapshot by storing its manifest — or leaving it pending while Walrus
// does not confirm the store.
import type { BackupRunResult, SnapshotCounts } from '../../src-shared/contract/backup.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import { toAppError, WalrusInvalidResponseError, type WalrusClient } from '../walrus/index.ts';
import type { BackupDb, DraftEntry, SnapshotRecord, StoredItem } from './backup-db.ts';
import type { BackupEngineOptions } from './engine-options.ts';
import type { EpochEstimate } from './epoch-estimate.ts';
import type { BackupKeys } from './keys.ts';
import { MANIFEST_FORMAT, MANIFEST_ROOT_FORMAT, sealManifest, type ManifestItem, type ManifestRoot, type SnapshotManifest } from './manifest.ts';
import { backupStoreOptions, splitParts } from './upload.ts';

/** The counts the contract shows for a snapshot, from its history record. */
export function countsOf(s: SnapshotRecord): SnapshotCounts {
  const { documents, items, uploadedItems, uploadedBytes, referencedItems, referencedBytes, cost, endEpoch } = s;
  return { documents, items, uploadedItems, uploadedBytes, referencedItems, referencedBytes, cost, endEpoch };
}

export const snapshotIdOf = (s: Pick<SnapshotRecord, 'manifestBlobId' | 'runId'>): string => s.manifestBlobId ?? s.runId;

/**
 * A store Walrus did not confirm: unreachable, or an answer that is not a valid store result (corrupted or
 * truncated). The items wait in the outbox; if the store did land, the retry is answered with the same
 * blob or a new one — either is fine, and nothing paid is forgotten.
 */
export const isUnconfirmed = (error: unknown) => {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof WalrusInvalidResponseError) return true;
  return toAppError(error).code === 'unavailable';
};

export const sum = <T>(items: readonly T[], of: (item: T) => number) => items.reduce((n, i) => n + of(i), 0);

export type SnapshotWriterSettings = Pick<Required<BackupEngineOptions>, 'epochs' | 'minRemainingEpochs' | 'largeItemBytes' | 'partBytes' | 'keys' | 'snapshotSettings'>;

export class SnapshotWriter {
  readonly #db: BackupDb;
  readonly #epochs: EpochEstimate;
  readonly #settings: SnapshotWriterSettings;

  constructor(db: BackupDb, epochs: EpochEstimate, settings: SnapshotWriterSettings) {
    this.#db = db;
    this.#epochs = epochs;
    this.#settings = settings;
  }

  isLive(hash: string): boolean {
    const item = this.#db.item(hash);
    return item !== undefined && item.endEpoch - this.#epochs.current() > this.#settings.minRemainingEpochs;
  }

  uploadOptions(signal: AbortSignal | undefined, onStored: (stored: StoredItem[], cost: number, epoch: number) => Promise<void>) {
    const { epochs, largeItemBytes, partBytes } = this.#settings;
    return { epochs, sendObjectTo: this.#settings.keys.address() ?? undefined, largeItemBytes, partBytes, signal, onStored };
  }

  recordUploaded(runId: string, stored: StoredItem[], cost: number, epoch: number): void {
    this.#db.recordUploaded(runId, stored, cost);
    this.#epochs.observe(epoch);
  }

  /**
   * Stores the manifest; when Walrus is down the snapshot waits as pending (returns false).
   */
  async finishOrDefer(runId: string, keys: BackupKeys, walrus: WalrusClient, signal: AbortSignal | undefined): Promise<boolean> {
    const manifest = this.manifestOf(runId);
    try {
      const stored = await this.storeManifest(manifest, keys, walrus, signal);
      this.#db.completeSnapshot(runId, manifest.items.map((i) => i.hash), stored);
      return true;
    } catch (error) {
      // Parts stored before Walrus stopped answering are stored again by the retry: same bytes, same blob ids.
      if (signal?.aborted || !isUnconfirmed(error)) throw error;
      this.#db.updateSnapshot(runId, { state: 'pending' });
      return false;
    }
  }

  /**
   * Seals and stores a manifest; `cost` covers all of it. A sealed manifest over the part size (under one
   * request's limit) is cut into parts, like a large item, stored under a small root that names them (two parts
   * or more, so a root never stands for a single blob): the root's blob id is then the snapshot id.
   */
  async storeManifest(manifest: SnapshotManifest, keys: BackupKeys, walrus: WalrusClient, signal: AbortSignal | undefined) {
    const sealed = sealManifest(keys.manifest, manifest);
    const options = backupStoreOptions(this.#settings.epochs, this.#settings.keys.address(), signal);
    const store = (bytes: Uint8Array) => walrus.storeBlob(bytes, options);
    const parts = [];
    if (sealed.byteLength > this.#settings.partBytes) {
      for (const part of splitParts(sealed, this.#settings.partBytes)) parts.push({ ...(await store(part)), size: part.byteLength });
    }
    const root: ManifestRoot | null = parts.length
      ? {
          format: MANIFEST_ROOT_FORMAT,
          runId: manifest.runId,
          ...(manifest.revision ? { revision: manifest.revision } : {}),
          createdAt: manifest.createdAt,
          stats: manifest.stats,
          parts: parts.map((p) => ({ blobId: p.blobId, size: p.size })),
        }
      : null;
    const stored = await store(root ? sealManifest(keys.manifest, root) : sealed);
    this.#epochs.observe(stored.endEpoch - this.#settings.epochs);
    return { ...stored, cost: stored.cost + sum(parts, (p) => p.cost), parts };
  }

  /**
   * A snapshot's manifest from the local history: its items where they are stored now. `revision` > 0 when
   * renewal writes it again after items moved to new quilts (same run id, date and contents).
   */
  manifestOf(runId: string, revision = 0): SnapshotManifest {
    const record = this.#db.snapshot(runId) as SnapshotRecord;
    const { draft, embedder } = this.#db.draft(runId);
    const items = draft.map((entry): ManifestItem => {
      const stored = this.#db.item(entry.hash);
      if (!stored) throw new AppError('internal', `Item ${entry.hash.slice(0, 12)}… of this snapshot has no stored location.`);
      return { ...entry, storedSize: stored.storedSize, endEpoch: stored.endEpoch, location: stored.location };
    });
    const settings = this.#settings.snapshotSettings();
    return {
      format: MANIFEST_FORMAT,
      runId,
      ...(revision ? { revision } : {}),
      parent: record.parent,
      createdAt: new Date(record.createdAt).toISOString(),
      stats: { documents: record.documents, chunks: record.chunks, bytes: record.bytes },
      embedder: embedder as SnapshotManifest['embedder'],
      items,
      ...(settings ? { settings } : {}),
    };
  }

  /**
   * When this run found exactly the newest complete snapshot's items, stored where its manifest says and live,
   * with nothing uploaded: that snapshot's answer (`unchanged`), and no new manifest is bought. Otherwise null.
   */
  unchangedSince(runId: string, draft: readonly DraftEntry[]): BackupRunResult | null {
    const latest = this.#db.latestComplete();
    if (!latest || latest.endEpoch === null || (this.#db.snapshot(runId)?.uploadedItems ?? 0) > 0) return null;
    if (latest.endEpoch - this.#epochs.current() <= this.#settings.minRemainingEpochs) return null;
    const key = (e: DraftEntry) => `${e.kind} ${e.documentId} ${e.hash} ${e.size}`;
    const before = this.#db.draft(latest.runId).draft.map(key).sort();
    const now = draft.map(key).sort();
    if (before.length !== now.length || before.some((k, i) => k !== now[i]) || !this.#db.namesCurrentLocations(latest.runId)) return null;
    return {
      ...countsOf(latest),
      uploadedItems: 0,
      uploadedBytes: 0,
      referencedItems: latest.items,
      referencedBytes: latest.uploadedBytes + latest.referencedBytes,
      cost: 0,
      snapshotId: snapshotIdOf(latest),
      runId: latest.runId,
      manifestBlobId: latest.manifestBlobId,
      state: 'complete',
      unchanged: true,
    };
  }

  result(runId: string): BackupRunResult {
    const s = this.#db.snapshot(runId) as SnapshotRecord;
    return { ...countsOf(s), snapshotId: snapshotIdOf(s), runId, manifestBlobId: s.manifestBlobId, state: s.state === 'complete' ? 'complete' : 'pending', unchanged: false };
  }
}
