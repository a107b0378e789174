// The backup history's outbox: sealed items waiting in the fallback store for Walrus to answer, in order.
// Its SQL lives here; BackupDb hands it the connection, its statements, the deployment in use, and what
// queueing and completing entries change atomically in the other tables (the snapshot's state, the items).
import type Database from 'better-sqlite3';
import type { OutboxEntry, SnapshotRecord, StoredItem } from './backup-records.ts';
import { ON_DEPLOYMENT } from './backup-schema.ts';

/** The history's writes that go with the outbox's, in the same transaction. */
export interface OutboxNeighbours {
  updateSnapshot(runId: string, patch: Pick<SnapshotRecord, 'state'>): void;
  recordItems(items: StoredItem[]): void;
}

export class OutboxTable {
  readonly #db: Database.Database;
  readonly #sql: (sql: string) => Database.Statement;
  readonly #deployment: () => string | null;
  readonly #history: OutboxNeighbours;

  constructor(db: Database.Database, sql: (sql: string) => Database.Statement, deployment: () => string | null, history: OutboxNeighbours) {
    this.#db = db;
    this.#sql = sql;
    this.#deployment = deployment;
    this.#history = history;
  }

  /** Queues sealed items and marks the run pending, atomically. */
  enqueue(runId: string, entries: Omit<OutboxEntry, 'seq' | 'runId'>[]): void {
    const insert = this.#sql('INSERT INTO outbox (run_id, hash, kind, sealed_hash, stored_size) VALUES (?, ?, ?, ?, ?)');
    this.#db.transaction(() => {
      for (const e of entries) insert.run(runId, e.hash, e.kind, e.sealedHash, e.storedSize);
      this.#history.updateSnapshot(runId, { state: 'pending' });
    }).immediate();
  }

  /** The entries still waiting (of one run, or of all), oldest first. */
  waiting(runId?: string): OutboxEntry[] {
    const where = runId ? 'AND run_id = ?' : '';
    return this.#db
      .prepare(`SELECT seq, run_id AS runId, hash, kind, sealed_hash AS sealedHash, stored_size AS storedSize FROM outbox WHERE done = 0 ${where} ORDER BY seq`)
      .all(...(runId ? [runId] : [])) as OutboxEntry[];
  }

  /** An outbox entry is done only together with the location the server confirmed. */
  complete(seqs: number[], stored: StoredItem[]): void {
    const done = this.#sql('UPDATE outbox SET done = 1 WHERE seq = ?');
    this.#db.transaction(() => {
      this.#history.recordItems(stored);
      for (const seq of seqs) done.run(seq);
    }).immediate();
  }

  /** Whether an item already waits in the outbox for this deployment (a later run then references it instead of queueing it twice). */
  queued(hash: string): boolean {
    const sql = `SELECT 1 FROM outbox o JOIN snapshots s ON s.run_id = o.run_id WHERE o.done = 0 AND o.hash = @hash AND ${ON_DEPLOYMENT('s.deployment')}`;
    return this.#sql(sql).get({ deployment: this.#deployment(), hash }) !== undefined;
  }

  /** Sealed files still needed by some waiting entry (the rest may be deleted). */
  sealedInUse(sealedHash: string): boolean {
    return this.#sql('SELECT 1 FROM outbox WHERE done = 0 AND sealed_hash = ?').get(sealedHash) !== undefined;
  }
}
