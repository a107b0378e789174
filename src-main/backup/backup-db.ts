// Local backup history in SQLite (WAL): snapshots, where every uploaded item lives (the dedupe index),
// and the outbox of sealed items waiting in the fallback store. One transaction per state change, so a
// crash leaves each snapshot in a state the next start understands. The outbox (outbox-table.ts), the
// index of Walrus objects (object-index.ts) and the run log (run-table.ts) keep their SQL apart, on this
// connection; BackupDb answers for them.
import type Database from 'better-sqlite3';
import { openSqlite, StatementCache } from '../kernel/fs/sqlite.ts';
import type { DraftEntry, OutboxEntry, SnapshotRecord, StoredItem } from './backup-records.ts';
import { itemLocationSchema } from './manifest.ts';
import { createBackupSchema, ON_DEPLOYMENT } from './backup-schema.ts';
import { ObjectIndex } from './object-index.ts';
import { OutboxTable } from './outbox-table.ts';
import { RunTable } from './run-table.ts';
import type { KeptObject } from './renewal-plan.ts';

export type { DraftEntry, OutboxEntry, RunPatch, RunRecord, SnapshotRecord, SnapshotState, StoredItem } from './backup-records.ts';

const SNAPSHOT_COLUMNS = `run_id AS runId, manifest_blob_id AS manifestBlobId, parent, created_at AS createdAt, state, documents, chunks, bytes,
  items, uploaded_items AS uploadedItems, uploaded_bytes AS uploadedBytes, referenced_items AS referencedItems,
  referenced_bytes AS referencedBytes, cost, end_epoch AS endEpoch, error, forgotten_at AS forgottenAt, pinned`;

/** Snapshots whose items are kept: complete and not forgotten, or pending (those it lists that are stored already). */
const KEPT = `((s.state = 'complete' AND s.forgotten_at IS NULL) OR s.state = 'pending')`;

type SnapshotRow = Omit<SnapshotRecord, 'pinned'> & { pinned: number };
const toRecord = (row: SnapshotRow): SnapshotRecord => ({ ...row, pinned: row.pinned === 1 });

/**
 * Two connections write this history: the app's and the backup thread's. Its transactions are IMMEDIATE: a
 * deferred one that reads first fails at once (SQLITE_BUSY_SNAPSHOT, "database is locked") when the other
 * connection committed in between, where an immediate one waits for the lock like any write.
 */
export class BackupDb {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;
  readonly #currentDeployment: () => string | null;
  /** The run log's table (run-table.ts). */
  readonly runLog: RunTable;
  readonly #objects: ObjectIndex;
  readonly #outbox: OutboxTable;

  private constructor(db: Database.Database, deployment: () => string | null) {
    this.#db = db;
    this.#statements = new StatementCache(db);
    this.#currentDeployment = deployment;
    this.runLog = new RunTable((sql) => this.#sql(sql));
    this.#objects = new ObjectIndex(db, (sql) => this.#sql(sql), () => this.#deployment());
    this.#outbox = new OutboxTable(db, (sql) => this.#sql(sql), () => this.#deployment(), this);
  }

  #sql(sql: string): Database.Statement {
    return this.#statements.get(sql);
  }

  /**
   * `deployment` names the Walrus deployment in use (asked at each query, so a settings change applies at once):
   * what is stored is remembered per deployment, and a snapshot only references what is on its own.
   */
  static open(file: string, deployment: () => string | null = () => null): BackupDb {
    const db = openSqlite(file, 'FULL'); // an outbox row must survive a power cut once the upload is marked done
    createBackupSchema(db);
    const backup = new BackupDb(db, deployment);
    backup.#indexObjects();
    return backup;
  }

  /**
   * Histories from before object tracking: each item's objects from its location, each complete snapshot's from
   * its item list and manifest (its end epoch stands for the manifest's, which lasts at least as long).
   */
  #indexObjects(): void {
    if (this.getMeta('objects') === '1') return;
    this.#db.transaction(() => {
      const items = this.#db.prepare('SELECT hash, location, end_epoch AS endEpoch FROM items').all() as { hash: string; location: string; endEpoch: number }[];
      for (const i of items) this.#objects.linkItem(i.hash, itemLocationSchema.parse(JSON.parse(i.location)), i.endEpoch);
      for (const s of this.snapshots().filter((x) => x.state === 'complete' && x.manifestBlobId)) {
        this.#objects.linkSnapshot(s.runId, this.draft(s.runId).draft.map((e) => e.hash), [{ blobId: s.manifestBlobId as string, endEpoch: s.endEpoch ?? 0 }]);
      }
      this.setMeta('objects', '1');
    }).immediate();
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** The deployment in use (null when the history is not keyed by deployment). */
  get deployment(): string | null {
    return this.#deployment();
  }

  /** The deployment in use; the first one asked for adopts what the history held before deployments were recorded. */
  #deployment(): string | null {
    const deployment = this.#currentDeployment();
    if (deployment !== null && this.getMeta('deployments') !== '1') {
      this.#db.transaction(() => {
        for (const table of ['snapshots', 'items', 'objects']) this.#sql(`UPDATE ${table} SET deployment = ? WHERE deployment IS NULL`).run(deployment);
        const epoch = this.getMeta('epoch');
        if (epoch) this.setMeta(`epoch ${deployment}`, epoch);
        this.setMeta('deployments', '1');
      }).immediate();
    }
    return deployment;
  }

  /** Whether a backup here starts a fresh chain: nothing complete on this deployment, but some on another. */
  freshDeployment(): boolean {
    const deployment = this.#deployment();
    if (deployment === null || this.latestComplete()) return false;
    return this.#sql(`SELECT 1 FROM snapshots WHERE state = 'complete' AND deployment IS NOT ?`).get(deployment) !== undefined;
  }

  /** A run that was interrupted by a crash cannot be continued (its plan is stale): mark it failed. */
  failInterrupted(): number {
    return this.#sql(`UPDATE snapshots SET state = 'failed', error = 'interrupted' WHERE state = 'running'`).run().changes;
  }

  insertSnapshot(s: Pick<SnapshotRecord, 'runId' | 'parent' | 'createdAt' | 'documents' | 'chunks' | 'bytes' | 'items'>, draft: DraftEntry[], embedder: unknown): void {
    this.#db
      .prepare(
        `INSERT INTO snapshots (run_id, parent, created_at, state, documents, chunks, bytes, items, draft, embedder, deployment) VALUES (?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(s.runId, s.parent, s.createdAt, s.documents, s.chunks, s.bytes, s.items, JSON.stringify(draft), JSON.stringify(embedder), this.#deployment());
  }

  updateSnapshot(runId: string, patch: Partial<Omit<SnapshotRecord, 'runId'>>): void {
    const columns: Record<string, string> = {
      manifestBlobId: 'manifest_blob_id', state: 'state', uploadedItems: 'uploaded_items', uploadedBytes: 'uploaded_bytes',
      referencedItems: 'referenced_items', referencedBytes: 'referenced_bytes', cost: 'cost', endEpoch: 'end_epoch', error: 'error',
    };
    const entries = Object.entries(patch).filter(([k]) => columns[k]);
    if (!entries.length) return;
    this.#sql(`UPDATE snapshots SET ${entries.map(([k]) => `${columns[k]} = ?`).join(', ')} WHERE run_id = ?`).run(...entries.map(([, v]) => v as never), runId);
  }

  addCost(runId: string, uploadedItems: number, uploadedBytes: number, cost: number): void {
    this.#sql('UPDATE snapshots SET uploaded_items = uploaded_items + ?, uploaded_bytes = uploaded_bytes + ?, cost = cost + ? WHERE run_id = ?').run(uploadedItems, uploadedBytes, cost, runId);
  }

  snapshots(): SnapshotRecord[] {
    return (this.#sql(`SELECT ${SNAPSHOT_COLUMNS} FROM snapshots ORDER BY created_at DESC, rowid DESC`).all() as SnapshotRow[]).map(toRecord);
  }

  /** By run id, manifest blob id, or the blob id of a manifest renewal has since replaced. */
  snapshot(id: string): SnapshotRecord | undefined {
    const row = this.#sql(
      `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE run_id = ? OR manifest_blob_id = ? OR run_id = (SELECT run_id FROM manifest_history WHERE blob_id = ?)`,
    ).get(id, id, id) as SnapshotRow | undefined;
    return row && toRecord(row);
  }

  /** A run that found nothing changed leaves no snapshot behind. */
  deleteRunningSnapshot(runId: string): void {
    this.#sql(`DELETE FROM snapshots WHERE run_id = ? AND state = 'running'`).run(runId);
  }

  /** The newest complete snapshot on the deployment in use: the parent of the next one. */
  latestComplete(): SnapshotRecord | undefined {
    const sql = `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE state = 'complete' AND ${ON_DEPLOYMENT('deployment')} ORDER BY created_at DESC, rowid DESC LIMIT 1`;
    const row = this.#sql(sql).get({ deployment: this.#deployment() }) as SnapshotRow | undefined;
    return row && toRecord(row);
  }

  /** Pending snapshots of the deployment in use (those of another wait until it is used again). */
  pendingSnapshots(): SnapshotRecord[] {
    const sql = `SELECT ${SNAPSHOT_COLUMNS} FROM snapshots WHERE state = 'pending' AND ${ON_DEPLOYMENT('deployment')} ORDER BY created_at, rowid`;
    return (this.#sql(sql).all({ deployment: this.#deployment() }) as SnapshotRow[]).map(toRecord);
  }

  /** Forgotten: no longer renewed (it expires on Walrus). Kept: pinned, and no longer forgotten. */
  setForgotten(runIds: readonly string[], at: number | null): void {
    const update = this.#sql(`UPDATE snapshots SET forgotten_at = ?, pinned = CASE WHEN ? IS NULL THEN 1 ELSE 0 END WHERE run_id = ?`);
    this.#db.transaction(() => {
      for (const runId of runIds) update.run(at, at, runId);
    }).immediate();
  }

  draft(runId: string): { draft: DraftEntry[]; embedder: unknown } {
    const row = this.#sql('SELECT draft, embedder FROM snapshots WHERE run_id = ?').get(runId) as { draft: string; embedder: string };
    return { draft: JSON.parse(row.draft) as DraftEntry[], embedder: JSON.parse(row.embedder) as unknown };
  }

  /** Where an item is stored on the deployment in use; undefined when it is only on another. */
  item(hash: string): StoredItem | undefined {
    const sql = `SELECT hash, kind, location, stored_size AS storedSize, end_epoch AS endEpoch FROM items WHERE hash = @hash AND ${ON_DEPLOYMENT('deployment')}`;
    const row = this.#sql(sql).get({ deployment: this.#deployment(), hash }) as
      | (Omit<StoredItem, 'location'> & { location: string })
      | undefined;
    return row && { ...row, location: itemLocationSchema.parse(JSON.parse(row.location)) };
  }

  /** Keeps the copy that lives longest; a copy on the deployment in use replaces one on another. */
  recordItems(items: StoredItem[]): void {
    const upsert = this.#sql(
      `INSERT INTO items (hash, kind, location, stored_size, end_epoch, deployment) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(hash) DO UPDATE SET location = excluded.location, stored_size = excluded.stored_size, end_epoch = excluded.end_epoch,
         deployment = excluded.deployment
       WHERE excluded.end_epoch >= items.end_epoch OR items.deployment IS NOT excluded.deployment`,
    );
    const deployment = this.#deployment();
    this.#db.transaction(() => {
      for (const i of items) {
        if (upsert.run(i.hash, i.kind, JSON.stringify(i.location), i.storedSize, i.endEpoch, deployment).changes) this.#objects.linkItem(i.hash, i.location, i.endEpoch);
      }
    }).immediate();
  }

  /**
   * Marks a snapshot complete with its manifest (the blob its id names, and the parts a root names), and records
   * every object it needs; returns its end epoch. `cost` is what storing the manifest cost.
   */
  completeSnapshot(runId: string, hashes: readonly string[], manifest: { blobId: string; endEpoch: number; cost: number; parts?: readonly { blobId: string; endEpoch: number }[] }): number {
    return this.#db.transaction(() => {
      this.#objects.linkSnapshot(runId, hashes, [manifest, ...(manifest.parts ?? [])]);
      const endEpoch = this.#objects.snapshotEnd(runId) ?? manifest.endEpoch;
      this.#sql(`UPDATE snapshots SET manifest_blob_id = ?, state = 'complete', end_epoch = ?, cost = cost + ? WHERE run_id = ?`).run(manifest.blobId, endEpoch, manifest.cost, runId);
      return endEpoch;
    }).immediate();
  }

  /**
   * A snapshot a restore read (made on another machine, or before this history): recorded complete on the
   * deployment in use with its items where its manifest says, so the next backup references them. One already
   * in the history keeps its record; its items still update the dedupe index (the longest-lived copy wins).
   */
  adoptSnapshot(
    s: Pick<SnapshotRecord, 'runId' | 'parent' | 'createdAt' | 'documents' | 'chunks' | 'bytes'>,
    draft: DraftEntry[], embedder: unknown, items: StoredItem[],
    manifest: { blobId: string; endEpoch: number; parts: readonly { blobId: string; endEpoch: number }[] },
  ): void {
    this.#db.transaction(() => {
      this.recordItems(items);
      if (this.snapshot(s.runId) || this.snapshot(manifest.blobId)) return;
      this.insertSnapshot({ ...s, items: draft.length }, draft, embedder);
      const referencedBytes = items.reduce((n, i) => n + i.storedSize, 0);
      this.updateSnapshot(s.runId, { referencedItems: draft.length, referencedBytes });
      this.completeSnapshot(s.runId, draft.map((e) => e.hash), { ...manifest, cost: 0 });
    })();
  }

  /**
   * A complete snapshot's manifest written again (its items moved to new quilts): the new blob replaces the old
   * one as the snapshot's id, the old id stays findable, and the objects it needs are those the new one names.
   */
  replaceManifest(runId: string, hashes: readonly string[], manifest: { blobId: string; endEpoch: number; parts?: readonly { blobId: string; endEpoch: number }[] }, at: number): void {
    this.#db.transaction(() => {
      const old = this.snapshot(runId)?.manifestBlobId;
      if (old && old !== manifest.blobId) this.#sql('INSERT OR IGNORE INTO manifest_history (blob_id, run_id, replaced_at) VALUES (?, ?, ?)').run(old, runId, at);
      this.#sql('DELETE FROM snapshot_objects WHERE run_id = ?').run(runId);
      this.#objects.linkSnapshot(runId, hashes, [manifest, ...(manifest.parts ?? [])]);
      this.#sql('UPDATE snapshots SET manifest_blob_id = ?, end_epoch = ? WHERE run_id = ?').run(manifest.blobId, this.#objects.snapshotEnd(runId) ?? manifest.endEpoch, runId);
    }).immediate();
  }

  // The Walrus objects each item and snapshot needs (object-index.ts).

  namesCurrentLocations(runId: string): boolean {
    return this.#objects.namesCurrentLocations(runId);
  }

  manifestRevision(runId: string): number {
    return this.#objects.manifestRevision(runId);
  }

  keptObjects(): KeptObject[] {
    return this.#objects.keptObjects();
  }

  renewObject(objectId: string, endEpoch: number): void {
    this.#objects.renewObject(objectId, endEpoch);
  }

  itemsIn(objectId: string): StoredItem[] {
    return this.#objects.itemsIn(objectId);
  }

  keptSnapshotsNaming(objectId: string): string[] {
    return this.#objects.keptSnapshotsNaming(objectId);
  }

  // The outbox (outbox-table.ts).

  enqueue(runId: string, entries: Omit<OutboxEntry, 'seq' | 'runId'>[]): void {
    this.#outbox.enqueue(runId, entries);
  }

  outbox(runId?: string): OutboxEntry[] {
    return this.#outbox.waiting(runId);
  }

  completeOutbox(seqs: number[], stored: StoredItem[]): void {
    this.#outbox.complete(seqs, stored);
  }

  queued(hash: string): boolean {
    return this.#outbox.queued(hash);
  }

  sealedInUse(sealedHash: string): boolean {
    return this.#outbox.sealedInUse(sealedHash);
  }

  /** The run's planned items, once its plan is complete. */
  setDraft(runId: string, draft: readonly DraftEntry[]): void {
    this.#sql('UPDATE snapshots SET draft = ?, items = ? WHERE run_id = ?').run(JSON.stringify(draft), draft.length, runId);
  }

  /** Records items a run stored and what they cost it, atomically. */
  recordUploaded(runId: string, stored: StoredItem[], cost: number): void {
    this.#db.transaction(() => {
      this.recordItems(stored);
      this.addCost(runId, stored.length, stored.reduce((total, item) => total + item.storedSize, 0), cost);
    }).immediate();
  }

  /** Content hashes of every item a kept (complete, not forgotten) or pending snapshot lists. */
  keptHashes(): Set<string> {
    const rows = this.#sql(`SELECT DISTINCT json_extract(e.value, '$.hash') AS hash FROM snapshots s, json_each(s.draft) e WHERE ${KEPT}`).all() as { hash: string }[];
    return new Set(rows.map((r) => r.hash));
  }

  getMeta(key: string): string | undefined {
    return (this.#sql('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  setMeta(key: string, value: string): void {
    this.#sql('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}
