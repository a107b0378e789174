// The run log's table in the backup history: one row per backup, flush, renewal, retention pass and verify,
// the newest RUN_LOG_LIMIT kept. Its SQL lives here; BackupDb hands it its statements (the same connection).
import type Database from 'better-sqlite3';
import type { RunPatch, RunRecord } from './backup-records.ts';

/** Run log entries kept; older ones are dropped as new ones come. */
export const RUN_LOG_LIMIT = 200;

const RUN_COLUMNS = `id, kind, started_at AS startedAt, ended_at AS endedAt, outcome, snapshot_id AS snapshotId, uploaded_items AS uploadedItems,
  referenced_items AS referencedItems, bytes, cost, message`;

const PATCH_COLUMNS: Record<keyof RunPatch, string> = {
  endedAt: 'ended_at', outcome: 'outcome', snapshotId: 'snapshot_id', uploadedItems: 'uploaded_items',
  referencedItems: 'referenced_items', bytes: 'bytes', cost: 'cost', message: 'message',
};

export class RunTable {
  readonly #sql: (sql: string) => Database.Statement;

  constructor(sql: (sql: string) => Database.Statement) {
    this.#sql = sql;
  }

  /** Runs left `running` by a process that is gone (killed, crashed) failed; those of live processes go on. */
  failOrphaned(alive: (pid: number) => boolean): void {
    const running = this.#sql(`SELECT id, pid FROM runs WHERE outcome = 'running'`).all() as { id: number; pid: number | null }[];
    for (const r of running) if (r.pid === null || !alive(r.pid)) this.finish(r.id, { outcome: 'failed', message: 'interrupted' });
  }

  start(kind: RunRecord['kind'], startedAt: number): number {
    const id = Number(this.#sql(`INSERT INTO runs (kind, started_at, outcome, pid) VALUES (?, ?, 'running', ?)`).run(kind, startedAt, process.pid).lastInsertRowid);
    this.#sql('DELETE FROM runs WHERE id <= ?').run(id - RUN_LOG_LIMIT);
    return id;
  }

  finish(id: number, patch: RunPatch): void {
    const entries = Object.entries(patch).filter(([k, v]) => PATCH_COLUMNS[k as keyof RunPatch] && v !== undefined);
    if (!entries.length) return;
    this.#sql(`UPDATE runs SET ${entries.map(([k]) => `${PATCH_COLUMNS[k as keyof RunPatch]} = ?`).join(', ')} WHERE id = ?`).run(...entries.map(([, v]) => v as never), id);
  }

  /** Newest first. */
  list(offset = 0, limit = 50): { runs: RunRecord[]; total: number } {
    const runs = this.#sql(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY id DESC LIMIT ? OFFSET ?`).all(limit, offset) as RunRecord[];
    return { runs, total: (this.#sql('SELECT COUNT(*) AS n FROM runs').get() as { n: number }).n };
  }
}
