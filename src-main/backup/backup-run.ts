// One backup run and one outbox flush, as the engine runs them under its lock. A run drafts a snapshot from
// the library's export, references the items already stored and live, seals and packs the rest in batches
// and uploads them; while Walrus does not confirm a store, the rest of the run's sealed items go to the
// fallback store and the outbox, and the snapshot stays pending until a flush uploads them and finishes it.
import { randomUUID } from 'node:crypto';
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupRunResult } from '../../src-shared/contract/backup.ts';
import { toAppError, type WalrusClient } from '../walrus/index.ts';
import type { BackupDb, DraftEntry, OutboxEntry, SnapshotRecord } from './backup-db.ts';
import { itemAad, opaqueIdentifier, seal, sha256Hex } from './crypto.ts';
import type { BackupEngineOptions } from './engine-options.ts';
import type { EpochEstimate } from './epoch-estimate.ts';
import type { FallbackStore } from './fallback-store.ts';
import { requireKeys } from './keys.ts';
import type { RunOptions } from './run-options.ts';
import { openSnapshotSource, type ExportedDocument } from './snapshot-source.ts';
import { isUnconfirmed, snapshotIdOf, type SnapshotWriter, sum } from './snapshot-writer.ts';
import { uploadSealed, type SealedItem } from './upload.ts';

export type BackupRunSettings = Pick<Required<BackupEngineOptions>, 'dataDir' | 'walrus' | 'keys' | 'batchBytes'> & { now: () => number };

/** The engine's backup and flush work; the engine holds the lock, the queue and the run log around it. */
export class BackupRun {
  readonly db: BackupDb;
  readonly fallback: FallbackStore;
  readonly epochs: EpochEstimate;
  readonly options: BackupRunSettings;
  readonly #snapshots: SnapshotWriter;

  constructor(db: BackupDb, fallback: FallbackStore, epochs: EpochEstimate, snapshots: SnapshotWriter, options: BackupRunSettings) {
    this.db = db;
    this.fallback = fallback;
    this.epochs = epochs;
    this.#snapshots = snapshots;
    this.options = options;
  }

  /** The client, told the last epoch seen here: a store whose answer is lost then counts its end from there, not from 0. */
  #walrusAtLastSeenEpoch(): WalrusClient {
    const walrus = this.options.walrus();
    const seen = this.epochs.lastSeen();
    if (seen !== undefined) walrus.observeEpoch(seen);
    return walrus;
  }

  async backup({ signal, onProgress }: RunOptions): Promise<BackupRunResult> {
    const keys = await requireKeys(this.options.keys);
    const walrus = this.#walrusAtLastSeenEpoch();
    const exported = await openSnapshotSource(this.options.dataDir).openExport();
    const runId = randomUUID();
    const freshChain = this.db.freshDeployment();
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
    let done = 0;

    const send = async () => {
      // Items are counted as they are sealed; a batch's upload (32 MiB by default: often the whole run) moves no count.
      if (batch.length) onProgress?.({ done, total, unit: 'items', phase: 'uploadingItems' });
      const items = batch;
      batch = [];
      batchBytes = 0;
      if (walrusUp) {
        const done = new Set<string>();
        try {
          await uploadSealed(walrus, items, this.#snapshots.uploadOptions(signal, async (stored, cost, epoch) => {
            this.#snapshots.recordUploaded(runId, stored, cost, epoch);
            for (const s of stored) done.add(s.hash);
          }));
          return;
        } catch (error) {
          if (signal?.aborted || !isUnconfirmed(error)) throw error;
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
      if (planned.has(hash) || this.#snapshots.isLive(hash) || this.db.queued(hash)) {
        if (!planned.has(hash)) referenced = { items: referenced.items + 1, bytes: referenced.bytes + (this.db.item(hash)?.storedSize ?? 0) };
        draft.push({ kind, documentId: doc.document.id, hash, size: kind === 'content' ? doc.document.size : doc.record.byteLength, ...fileOf(kind, doc) });
        return;
      }
      const plain = await bytes();
      if (!plain) return; // the original file is gone or changed since ingest: the record alone is kept
      planned.add(hash);
      draft.push({ kind, documentId: doc.document.id, hash, size: plain.byteLength, ...fileOf(kind, doc) });
      const sealed = seal(keys.content, plain, itemAad(hash));
      batch.push({ hash, kind, identifier: opaqueIdentifier(keys.identifiers, hash), sealed });
      batchBytes += sealed.byteLength;
      if (batchBytes >= this.options.batchBytes) await send();
    };

    try {
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
    this.db.setMeta('generation', String(exported.generation));
    // Nothing changed since the newest snapshot: it still holds the library, and a new manifest would buy nothing.
    const unchanged = queued.length ? null : this.#snapshots.unchangedSince(runId, draft);
    if (unchanged) {
      this.db.deleteRunningSnapshot(runId);
      return unchanged;
    }
    this.db.setDraft(runId, draft);
    this.db.updateSnapshot(runId, { referencedItems: referenced.items, referencedBytes: referenced.bytes });
    // Items waiting for an earlier pending run have no location yet: this manifest waits for them too.
    if (queued.length || draft.some((e) => !this.db.item(e.hash))) {
      this.db.enqueue(runId, queued);
    } else {
      onProgress?.({ done: total, total, unit: 'items', phase: 'uploadingIndex' });
      await this.#snapshots.finishOrDefer(runId, keys, walrus, signal);
    }
    const result = this.#snapshots.result(runId);
    return freshChain ? { ...result, newDeployment: walrus.deployment } : result;
  }

  async flush({ signal, onProgress }: RunOptions, sent: { items: number; bytes: number; cost: number }): Promise<{ completed: string[]; pending: number }> {
    const pending = this.db.pendingSnapshots();
    const completed: string[] = [];
    if (!pending.length) return { completed, pending: 0 };
    const keys = await requireKeys(this.options.keys);
    const walrus = this.#walrusAtLastSeenEpoch();
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
        await uploadSealed(walrus, items, this.#snapshots.uploadOptions(signal, async (stored, cost, epoch) => {
          const hashes = new Set(stored.map((s) => s.hash));
          const seqs = group.filter((e) => hashes.has(e.hash)).map((e) => e.seq);
          this.db.completeOutbox(seqs, stored);
          const bytes = sum(stored, (x) => x.storedSize);
          this.db.addCost(snapshot.runId, stored.length, bytes, cost);
          sent.items += stored.length;
          sent.bytes += bytes;
          sent.cost += cost;
          this.epochs.observe(epoch);
          done += seqs.length;
          onProgress?.({ done, total, unit: 'items' });
        }));
        for (const e of group) if (!this.db.sealedInUse(e.sealedHash)) await this.fallback.remove(e.sealedHash);
      }
      if (!(await this.#snapshots.finishOrDefer(snapshot.runId, keys, walrus, signal))) break;
      completed.push(snapshotIdOf(this.db.snapshot(snapshot.runId) as SnapshotRecord));
    }
    return { completed, pending: this.db.pendingSnapshots().length };
  }
}

/** The original file a document's record item names in the manifest. */
function fileOf(kind: DraftEntry['kind'], doc: ExportedDocument): Pick<DraftEntry, 'file'> {
  return kind === 'document' ? { file: { path: doc.document.path, size: doc.document.size, mtime: doc.document.mtime } } : {};
}
