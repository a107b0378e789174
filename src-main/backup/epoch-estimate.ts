// Walrus' current epoch as last seen: every store reports its end epoch, and end − epochs bought is the
// epoch it was made in. Between stores the estimate advances by the configured epoch length, so an
// item is treated as expiring early rather than late. Each deployment has its own epochs (a local server
// counts from 0, testnet is in the hundreds), so the estimate is kept per deployment.
import type { BackupDb } from './backup-db.ts';

export class EpochEstimate {
  readonly #db: BackupDb;
  readonly #epochMs: number;
  readonly #now: () => number;

  constructor(db: BackupDb, epochMs: number, now: () => number) {
    this.#db = db;
    this.#epochMs = epochMs;
    this.#now = now;
  }

  /** Epochs only move forward: an older report (a store whose answer was lost counts from the last seen) changes nothing. */
  observe(epoch: number): void {
    const seen = this.lastSeen();
    if (seen !== undefined && epoch < seen) return;
    this.#db.setMeta(this.#key(), JSON.stringify({ epoch, at: this.#now() }));
  }

  /** The latest epoch a store reported (a lower bound of the current one), if any. */
  lastSeen(): number | undefined {
    const raw = this.#db.getMeta(this.#key());
    return raw ? (JSON.parse(raw) as { epoch: number }).epoch : undefined;
  }

  /** 0 before any store was seen. */
  current(): number {
    const raw = this.#db.getMeta(this.#key());
    if (!raw) return 0;
    const { epoch, at } = JSON.parse(raw) as { epoch: number; at: number };
    return epoch + Math.max(0, Math.floor((this.#now() - at) / this.#epochMs));
  }

  #key(): string {
    const deployment = this.#db.deployment;
    return deployment === null ? 'epoch' : `epoch ${deployment}`;
  }

  /** When `endEpoch` begins, by the same estimate. */
  dateOf(endEpoch: number): string {
    const raw = this.#db.getMeta(this.#key());
    if (!raw) return new Date(this.#now()).toISOString();
    const { epoch, at } = JSON.parse(raw) as { epoch: number; at: number };
    return new Date(at + (endEpoch - epoch) * this.#epochMs).toISOString();
  }
}
