// The run log: one persisted entry per backup, flush, renewal, retention pass and verify, with its outcome,
// counts and error, so the Backups page and `pdw backup --log` can say what happened while nobody watched.
import type { RunEntry } from '../../src-shared/contract/backup.ts';
import { toAppError } from '../walrus/index.ts';
import type { BackupDb, RunPatch, RunRecord } from './backup-db.ts';

export class RunLog {
  readonly #db: BackupDb;
  readonly #now: () => number;

  constructor(db: BackupDb, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** Logs `work` from start to end: its summary when it succeeds, `failed` / `cancelled` with the message when it throws. */
  async track<T>(kind: RunRecord['kind'], work: () => Promise<T>, summary: (value: T) => RunPatch, signal?: AbortSignal): Promise<T> {
    const id = this.#db.runLog.start(kind, this.#now());
    try {
      const value = await work();
      this.#db.runLog.finish(id, { outcome: 'ok', ...summary(value), endedAt: this.#now() });
      return value;
    } catch (error) {
      const e = toAppError(error);
      this.#db.runLog.finish(id, { outcome: signal?.aborted || e.code === 'cancelled' ? 'cancelled' : 'failed', message: e.message, endedAt: this.#now() });
      throw error;
    }
  }

  /** A run that finished as soon as it started (a skipped backup). */
  record(kind: RunRecord['kind'], patch: RunPatch): void {
    const at = this.#now();
    this.#db.runLog.finish(this.#db.runLog.start(kind, at), { ...patch, endedAt: at });
  }

  list(offset?: number, limit?: number): { runs: RunEntry[]; total: number } {
    const { runs, total } = this.#db.runLog.list(offset, limit);
    const iso = (t: number) => new Date(t).toISOString();
    return { runs: runs.map((r) => ({ ...r, startedAt: iso(r.startedAt), endedAt: r.endedAt === null ? null : iso(r.endedAt) })), total };
  }
}
