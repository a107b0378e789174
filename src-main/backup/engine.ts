// The backup engine: incremental, deduplicated, encrypted snapshots of the library on Walrus. Items
// already stored in a live earlier snapshot are referenced; new ones are sealed and uploaded in quilts.
// When Walrus is unreachable the sealed items wait in the local fallback store and the outbox, and the
// snapshot stays pending until `flushOutbox` finishes it.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupRunResult, SnapshotCounts } from '../../src-shared/contract/backup.ts';
import { Catalog } from '../library/catalog.ts';
import { libraryPaths } from '../library/library.ts';
import { openSnapshotExport, type ExportedDocument } from '../library/snapshot-export.ts';
import { toAppError, WalrusError, type WalrusClient } from '../walrus/index.ts';
import { BackupDb, type DraftEntry, type OutboxEntry, type SnapshotRecord, type StoredItem } from './backup-db.ts';
import { itemAad, opaqueIdentifier, seal, sha256Hex } from './crypto.ts';
import { EpochEstimate } from './epoch-estimate.ts';
import { FallbackStore } from './fallback-store.ts';
import { acquireLock } from './lock.ts';
import { requireKeys, type BackupKeys, type BackupKeysProvider } from './keys.ts';
import { sealManifest, type ManifestItem, type SnapshotManifest } from './manifest.ts';
import { uploadSealed, type SealedItem } from './upload.ts';

export interface BackupEngineOptions {
  dataDir: string;
  /** The client for the current settings (asked on every run, so URL changes apply). */
  walrus: () => WalrusClient;
  keys: BackupKeysProvider;
  /** Epochs of storage bought per upload; default 5. */
  epochs?: number;
  /** Length of one Walrus epoch, for expiry estimates; default 1 day (testnet; mainnet is 14 days). */
  epochMs?: number;
  /** An item is reused only while it has more than this many epochs left; default 1. */
  minRemainingEpochs?: number;
  /** Sealed items above this size are stored as single blobs; default 4 MiB. */
  largeItemBytes?: number;
  /** Sealed bytes held in memory before a batch is sent; default 32 MiB. */
  batchBytes?: number;
  now?: () => number;
}

export interface Progress {
  done: number;
  total: number | null;
  unit: 'items' | 'bytes';
  current?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export type { BackupRunResult } from '../../src-shared/contract/backup.ts';

/** The counts the contract shows for a snapshot, from its history record. */
export function countsOf(s: SnapshotRecord): SnapshotCounts {
  const { documents, items, uploadedItems, uploadedBytes, referencedItems, referencedBytes, cost, endEpoch } = s;
  return { documents, items, uploadedItems, uploadedBytes, referencedItems, referencedBytes, cost, endEpoch };
}

export const snapshotIdOf = (s: Pick<SnapshotRecord, 'manifestBlobId' | 'runId'>): string => s.manifestBlobId ?? s.runId;

const isUnavailable = (error: unknown) => toAppError(error).code === 'unavailable';

export class BackupEngine {
  readonly db: BackupDb;
  readonly fallback: FallbackStore;
  readonly epochs: EpochEstimate;
  readonly options: Required<Omit<BackupEngineOptions, 'now'>> & { now: () => number };
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: BackupEngineOptions) {
    this.options = {
      epochs: 5,
      epochMs: 86_400_000,
      minRemainingEpochs: 1,
      largeItemBytes: 4 * 1024 * 1024,
      batchBytes: 32 * 1024 * 1024,
      now: Date.now,
      ...options,
    };
    const dir = join(options.dataDir, 'backup');
    this.db = BackupDb.open(join(dir, 'backup.sqlite'));
    this.fallback = new FallbackStore(join(dir, 'fallback'));
    this.epochs = new EpochEstimate(this.db, this.options.epochMs, this.options.now);
  }

  static open(options: BackupEngineOptions): BackupEngine {
    const engine = new BackupEngine(options);
    engine.db.failInterrupted();
    return engine;
  }

  close(): void {
    this.db.close();
  }

  /** Runs one backup; backups and outbox flushes never overlap. */
  backup(options: RunOptions = {}): Promise<BackupRunResult> {
    return this.#exclusive(() => this.#backup(options));
  }

  /** Uploads what waits in the outbox, oldest snapshot first, and completes those snapshots. */
  flushOutbox(options: RunOptions = {}): Promise<{ completed: string[]; pending: number }> {
    return this.#exclusive(() => this.#flush(options));
  }

  outbox(): { snapshots: number; items: number; bytes: number } {
    const entries = this.db.outbox();
    return { snapshots: this.db.pendingSnapshots().length, items: entries.length, bytes: entries.reduce((s, e) => s + e.storedSize, 0) };
  }

  /**
   * Whether a run has work: the catalog changed since the last run that was not lost, or the newest snapshot
   * is about to expire — a run then stores its expiring items again (renewal) under a new manifest.
   */
  hasChanges(): boolean {
    const latest = this.db.latestComplete();
    if (latest?.endEpoch != null && latest.endEpoch - this.epochs.current() <= this.options.minRemainingEpochs) return true;
    const catalog = Catalog.open(libraryPaths(this.options.dataDir).catalog);
    try {
      return String(catalog.generation()) !== this.db.getMeta('generation');
    } finally {
      catalog.close();
    }
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    // One run at a time in this process (the queue) and across processes (the lock file, shared with the CLI).
    // Callers see contract errors: Walrus failures become 'unavailable' / 'remote_error' with a readable message.
    const guarded = async () => {
      const release = await acquireLock(join(this.options.dataDir, 'backup', 'backup.lock'));
      try {
        return await work();
      } catch (error) {
        throw error instanceof WalrusError ? toAppError(error) : error;
      } finally {
        await release();
      }
    };
    const run = this.#queue.then(guarded, guarded);
    this.#queue = run.catch(() => {});
    return run;
  }

  #isLive(hash: string): boolean {
    const item = this.db.item(hash);
    return item !== undefined && item.endEpoch - this.epochs.current() > this.options.minRemainingEpochs;
  }

  async #backup({ signal, onProgress }: RunOptions): Promise<BackupRunResult> {
    const keys = await requireKeys(this.options.keys);
    const walrus = this.options.walrus();
    const exported = await openSnapshotExport(this.options.dataDir);
    const runId = randomUUID();
    const parent = this.db.latestComplete()?.manifestBlobId ?? null;
    this.db.insertSnapshot({ runId, parent, createdAt: this.options.now(), ...exported.stats, items: 0 }, [], exported.embedder);
    const draft: DraftEntry[] = [];
    const planned = new Set<string>();
    const queued: Omit<OutboxEntry, 'seq' | 'runId'>[] = [];
    let batch: SealedItem[] = [];
    let batchBytes = 0;
    let walrusUp = true;
    let referenced = { items: 0, bytes: 0 };
    const total = exported.stats.documents * 2;

    const send = async () => {
      const items = batch;
      batch = [];
      batchBytes = 0;
      if (walrusUp) {
        const done = new Set<string>();
        try {
          await uploadSealed(walrus, items, this.#uploadOptions(signal, async (stored, cost, epoch) => {
            this.#recordUploaded(runId, stored, cost, epoch);
            for (const s of stored) done.add(s.hash);
          }));
          return;
        } catch (error) {
          if (signal?.aborted || !isUnavailable(error)) throw error;
          walrusUp = false;
          items.splice(0, items.length, ...items.filter((i) => !done.has(i.hash)));
        }
      }
      for (const item of items) {
        const sealedHash = await this.fallback.put(item.sealed);
        queued.push({ hash: item.hash, kind: item.kind, sealedHash, storedSize: item.sealed.byteLength });
      }
    };

    const add = async (kind: DraftEntry['kind'], doc: ExportedDocument, hash: string, bytes: () => Promise<Uint8Array | null>) => {
      // Already stored and live, planned in this run, or waiting in the outbox for an earlier pending run.
      if (planned.has(hash) || this.#isLive(hash) || this.db.queued(hash)) {
        if (!planned.has(hash)) referenced = { items: referenced.items + 1, bytes: referenced.bytes + (this.db.item(hash)?.storedSize ?? 0) };
        draft.push({ kind, documentId: doc.document.id, hash, size: kind === 'content' ? doc.document.size : doc.record.byteLength });
        return;
      }
      const plain = await bytes();
      if (!plain) return; // the original file is gone or changed since ingest: the record alone is kept
      planned.add(hash);
      draft.push({ kind, documentId: doc.document.id, hash, size: plain.byteLength });
      const sealed = seal(keys.content, plain, itemAad(hash));
      batch.push({ hash, kind, identifier: opaqueIdentifier(keys.identifiers, hash), sealed });
      batchBytes += sealed.byteLength;
      if (batchBytes >= this.options.batchBytes) await send();
    };

    try {
      let done = 0;
      for (const doc of exported.documents()) {
        signal?.throwIfAborted();
        await add('document', doc, sha256Hex(doc.record), async () => doc.record);
        await add('content', doc, doc.document.hash, () => doc.content());
        done += 2;
        onProgress?.({ done, total, unit: 'items' });
      }
      await send();
    } catch (error) {
      this.db.updateSnapshot(runId, { state: 'failed', error: signal?.aborted ? 'cancelled' : toAppError(error).message });
      throw signal?.aborted ? new AppError('cancelled', 'The backup was cancelled; what was uploaded is reused by the next one.') : error;
    } finally {
      exported.close();
    }
    this.db.db.prepare('UPDATE snapshots SET draft = ?, items = ? WHERE run_id = ?').run(JSON.stringify(draft), draft.length, runId);
    this.db.setMeta('generation', String(exported.generation));
    this.db.updateSnapshot(runId, { referencedItems: referenced.items, referencedBytes: referenced.bytes });
    // Items waiting for an earlier pending run have no location yet: this manifest waits for them too.
    if (queued.length || draft.some((e) => !this.db.item(e.hash))) {
      this.db.enqueue(runId, queued);
    } else {
      await this.#finishOrDefer(runId, keys, walrus, signal);
    }
    return this.#result(runId);
  }

  async #flush({ signal, onProgress }: RunOptions): Promise<{ completed: string[]; pending: number }> {
    const pending = this.db.pendingSnapshots();
    const completed: string[] = [];
    if (!pending.length) return { completed, pending: 0 };
    const keys = await requireKeys(this.options.keys);
    const walrus = this.options.walrus();
    const total = this.db.outbox().length;
    let done = 0;
    for (const snapshot of pending) {
      const entries = this.db.outbox(snapshot.runId);
      for (let i = 0; i < entries.length; ) {
        const group: typeof entries = [];
        let bytes = 0;
        while (i < entries.length && (group.length === 0 || bytes < this.options.batchBytes)) {
          const entry = entries[i++] as (typeof entries)[number];
          group.push(entry);
          bytes += entry.storedSize;
        }
        const items = await Promise.all(
          group.map(async (e) => ({ hash: e.hash, kind: e.kind, identifier: opaqueIdentifier(keys.identifiers, e.hash), sealed: await this.fallback.get(e.sealedHash) })),
        );
        await uploadSealed(walrus, items, this.#uploadOptions(signal, async (stored, cost, epoch) => {
          const hashes = new Set(stored.map((s) => s.hash));
          const seqs = group.filter((e) => hashes.has(e.hash)).map((e) => e.seq);
          this.db.completeOutbox(seqs, stored);
          this.db.addCost(snapshot.runId, stored.length, stored.reduce((s, x) => s + x.storedSize, 0), cost);
          this.epochs.observe(epoch);
          done += seqs.length;
          onProgress?.({ done, total, unit: 'items' });
        }));
        for (const e of group) if (!this.db.sealedInUse(e.sealedHash)) await this.fallback.remove(e.sealedHash);
      }
      if (!(await this.#finishOrDefer(snapshot.runId, keys, walrus, signal))) break;
      completed.push(snapshotIdOf(this.db.snapshot(snapshot.runId) as SnapshotRecord));
    }
    return { completed, pending: this.db.pendingSnapshots().length };
  }

  #uploadOptions(signal: AbortSignal | undefined, onStored: (stored: StoredItem[], cost: number, epoch: number) => Promise<void>) {
    return { epochs: this.options.epochs, sendObjectTo: this.options.keys.address() ?? undefined, largeItemBytes: this.options.largeItemBytes, signal, onStored };
  }

  #recordUploaded(runId: string, stored: StoredItem[], cost: number, epoch: number): void {
    this.db.db.transaction(() => {
      this.db.recordItems(stored);
      this.db.addCost(runId, stored.length, stored.reduce((s, x) => s + x.storedSize, 0), cost);
    })();
    this.epochs.observe(epoch);
  }

  /** Stores the manifest; when Walrus is down the snapshot waits as pending (returns false). */
  async #finishOrDefer(runId: string, keys: BackupKeys, walrus: WalrusClient, signal: AbortSignal | undefined): Promise<boolean> {
    const manifest = this.#manifest(runId);
    const sealed = sealManifest(keys.manifest, manifest);
    try {
      const address = this.options.keys.address();
      const stored = await walrus.storeBlob(sealed, { epochs: this.options.epochs, deletable: true, ...(address ? { sendObjectTo: address } : {}), ...(signal ? { signal } : {}) });
      this.epochs.observe(stored.endEpoch - this.options.epochs);
      const endEpoch = Math.min(stored.endEpoch, ...manifest.items.map((i) => i.endEpoch));
      this.db.db.prepare('UPDATE snapshots SET cost = cost + ? WHERE run_id = ?').run(stored.cost, runId);
      this.db.updateSnapshot(runId, { manifestBlobId: stored.blobId, state: 'complete', endEpoch });
      return true;
    } catch (error) {
      if (signal?.aborted || !isUnavailable(error)) throw error;
      this.db.updateSnapshot(runId, { state: 'pending' });
      return false;
    }
  }

  #manifest(runId: string): SnapshotManifest {
    const record = this.db.snapshot(runId) as SnapshotRecord;
    const { draft, embedder } = this.db.draft(runId);
    const items = draft.map((entry): ManifestItem => {
      const stored = this.db.item(entry.hash);
      if (!stored) throw new AppError('internal', `Item ${entry.hash.slice(0, 12)}… of this snapshot has no stored location.`);
      return { ...entry, storedSize: stored.storedSize, endEpoch: stored.endEpoch, location: stored.location };
    });
    return {
      format: 'pdw-snapshot/v1',
      runId,
      parent: record.parent,
      createdAt: new Date(record.createdAt).toISOString(),
      stats: { documents: record.documents, chunks: record.chunks, bytes: record.bytes },
      embedder: embedder as SnapshotManifest['embedder'],
      items,
    };
  }

  #result(runId: string): BackupRunResult {
    const s = this.db.snapshot(runId) as SnapshotRecord;
    return { ...countsOf(s), snapshotId: snapshotIdOf(s), runId, manifestBlobId: s.manifestBlobId, state: s.state === 'complete' ? 'complete' : 'pending' };
  }

}
