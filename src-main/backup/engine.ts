// The backup engine: incremental, deduplicated, encrypted snapshots of the library on Walrus. Items
// already stored in a live earlier snapshot are referenced; new ones are sealed and uploaded in quilts.
// When Walrus is unreachable the sealed items wait in the local fallback store and the outbox, and the
// snapshot stays pending until `flushOutbox` finishes it. Retention forgets snapshots beyond the newest N;
// renewal stores again, before they expire, the quilts and blobs the kept ones need. Every run is logged.
// The engine owns the lock, the queue of runs and their entry points; a run's own work is in backup-run.ts.
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupRunResult, ExpiringSnapshot, RenewalResult } from '../../src-shared/contract/backup.ts';
import { toAppError, WalrusError } from '../walrus/index.ts';
import { BackupDb, type SnapshotRecord } from './backup-db.ts';
import { BackupRun } from './backup-run.ts';
import { freshChainMessage } from './deployment.ts';
import { EpochEstimate, learnEpochs } from './epoch-estimate.ts';
import { FallbackStore } from './fallback-store.ts';
import { acquireLock, alive, heldElsewhere } from './lock.ts';
import { backupThreadJob } from './backup-thread.ts';
import type { BackupEngineOptions, BackupRunner } from './engine-options.ts';
import { requireKeys } from './keys.ts';
import { planRenewal } from './renewal-plan.ts';
import { renewalPass } from './renewal.ts';
import { renewalForecast } from './renewal-forecast.ts';
import { expiringSnapshots } from './renewal-history.ts';
import { DEFAULT_RETENTION, describePolicy, forgetRefusal, snapshotsToForget } from './retention.ts';
import { RunLog } from './run-log.ts';
import type { RunOptions } from './run-options.ts';
import { openSnapshotSource } from './snapshot-source.ts';
import { snapshotIdOf, SnapshotWriter } from './snapshot-writer.ts';

export type { BackupEngineOptions } from './engine-options.ts';

export type { BackupRunResult } from '../../src-shared/contract/backup.ts';

export class BackupEngine {
  readonly db: BackupDb;
  readonly fallback: FallbackStore;
  readonly epochs: EpochEstimate;
  readonly runs: RunLog;
  readonly options: Required<Omit<BackupEngineOptions, 'now'>> & { now: () => number };
  readonly #snapshots: SnapshotWriter;
  readonly #run: BackupRun;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: BackupEngineOptions) {
    this.options = {
      epochs: 5,
      epochMs: 86_400_000,
      minRemainingEpochs: 1,
      largeItemBytes: 4 * 1024 * 1024,
      batchBytes: 32 * 1024 * 1024,
      partBytes: 8 * 1024 * 1024,
      renewWithinEpochs: 2,
      keepSnapshots: () => 10,
      retention: () => ({ ...DEFAULT_RETENTION, keepLast: this.options.keepSnapshots() }),
      snapshotSettings: () => null,
      network: null,
      expiryWarningDays: () => 7,
      now: Date.now,
      runner: null,
      ...options,
    };
    const dir = join(options.dataDir, 'backup');
    // What is stored is remembered per Walrus deployment (network, publisher, aggregator): the client's.
    this.db = BackupDb.open(join(dir, 'backup.sqlite'), () => this.options.walrus().deployment);
    this.fallback = new FallbackStore(join(dir, 'fallback'));
    this.epochs = new EpochEstimate(this.db, this.options.epochMs, this.options.now);
    this.runs = new RunLog(this.db, this.options.now);
    this.#snapshots = new SnapshotWriter(this.db, this.epochs, this.options);
    this.#run = new BackupRun(this.db, this.fallback, this.epochs, this.#snapshots, this.options);
  }

  static open(options: BackupEngineOptions): BackupEngine {
    const engine = new BackupEngine(options);
    // A run of another live process (the app while cron runs `pdw backup`) is in progress, not interrupted.
    if (!heldElsewhere(engine.#lockPath)) engine.db.failInterrupted();
    engine.db.runLog.failOrphaned(alive);
    return engine;
  }

  get #lockPath(): string {
    return join(this.options.dataDir, 'backup', 'backup.lock');
  }

  close(): void {
    this.db.close();
  }

  /** Runs one backup; backups, outbox flushes, renewals and retention passes never overlap. */
  backup(options: RunOptions = {}): Promise<BackupRunResult> {
    const runner = this.options.runner;
    return this.#exclusive(async () => {
      await learnEpochs(this.epochs, this.options.network ?? undefined);
      return runner ? this.#backupOn(runner, options) : this.backupHere(options);
    });
  }

  /** One backup run on this thread, without taking the lock: also the backup thread's entry (its process holds it). */
  backupHere(options: RunOptions = {}): Promise<BackupRunResult> {
    return this.runs.track('backup', () => this.#run.backup(options), (r) => ({
        outcome: r.unchanged ? 'skipped-no-changes' : r.state === 'complete' ? 'ok' : 'pending',
        snapshotId: r.snapshotId,
        uploadedItems: r.uploadedItems,
        referencedItems: r.referencedItems,
        bytes: r.uploadedBytes,
        cost: r.cost,
        ...(r.newDeployment ? { message: freshChainMessage(r.newDeployment) } : {}),
        ...(r.state === 'pending' ? { message: 'Walrus did not confirm every upload: the rest waits in the outbox.' } : {}),
        ...(r.unchanged ? { message: `Nothing changed since snapshot ${r.snapshotId}: no new snapshot, nothing stored.` } : {}),
      }), options.signal);
  }

  async #backupOn(runner: BackupRunner, options: RunOptions): Promise<BackupRunResult> {
    // A run that cannot start for want of a key is logged too, with the action that fixes it.
    const keys = await requireKeys(this.options.keys).catch((error: unknown) => {
      this.runs.record('backup', { outcome: 'failed', message: toAppError(error).message });
      throw error;
    });
    try {
      return await runner(backupThreadJob(this.options, this.options.walrus().options, keys, this.options.keys.address(), this.options.snapshotSettings()), options);
    } catch (error) {
      this.db.failInterrupted(); // a thread that died mid-run leaves its snapshot 'running'
      throw error;
    }
  }

  /** A scheduled backup found nothing changed: logged, nothing stored. */
  recordSkipped(): void {
    this.runs.record('backup', { outcome: 'skipped-no-changes', snapshotId: this.db.latestComplete()?.manifestBlobId ?? null, message: 'No changes since the last snapshot.' });
  }

  /** Uploads what waits in the outbox, oldest snapshot first, and completes those snapshots. */
  flushOutbox(options: RunOptions = {}): Promise<{ completed: string[]; pending: number }> {
    return this.#exclusive(async () => {
      if (!this.db.pendingSnapshots().length) return { completed: [], pending: 0 };
      await learnEpochs(this.epochs, this.options.network ?? undefined);
      const sent = { items: 0, bytes: 0, cost: 0 };
      return this.runs.track('flush', () => this.#run.flush(options, sent), (r) => ({
        outcome: r.pending ? 'pending' : 'ok',
        snapshotId: r.completed.at(-1) ?? null,
        uploadedItems: sent.items,
        bytes: sent.bytes,
        cost: sent.cost,
        message: `${r.completed.length} snapshot(s) completed, ${r.pending} still pending.`,
      }), options.signal);
    });
  }

  /** Retention: forgets the complete snapshots no rule keeps (pinned ones and the newest are kept). */
  applyRetention(): Promise<{ keep: number; forgotten: string[] }> {
    return this.#exclusive(async () => {
      const policy = this.options.retention();
      const runIds = snapshotsToForget(this.db.snapshots().reverse(), policy);
      if (runIds.length) {
        await this.runs.track('retention', async () => this.db.setForgotten(runIds, this.options.now()), () => ({
          uploadedItems: runIds.length,
          message: `Kept ${describePolicy(policy)}; forgot ${runIds.length} older snapshot(s): they are no longer renewed and expire on Walrus.`,
        }));
      }
      return { keep: policy.keepLast, forgotten: runIds.map((id) => snapshotIdOf(this.db.snapshot(id) as SnapshotRecord)) };
    });
  }

  /** Forgets one snapshot by hand (never the newest complete one, nor one that is not complete). */
  forget(id: string): Promise<SnapshotRecord> {
    return this.#exclusive(async () => {
      const target = this.db.snapshot(id);
      const refusal = forgetRefusal(this.db.snapshots().reverse(), target?.runId ?? id);
      if (!target || refusal) throw new AppError(target ? 'conflict' : 'not_found', `Snapshot ${id} cannot be forgotten: ${refusal}.`);
      this.runs.record('retention', { outcome: 'ok', snapshotId: snapshotIdOf(target), uploadedItems: 1, message: 'Forgotten by hand: no longer renewed, it expires on Walrus.' });
      this.db.setForgotten([target.runId], this.options.now());
      return this.db.snapshot(target.runId) as SnapshotRecord;
    });
  }

  /** Keeps a snapshot by hand: retention leaves it alone, and a forgotten one that has not expired is renewed again. */
  keep(id: string): Promise<SnapshotRecord> {
    return this.#exclusive(async () => {
      const target = this.db.snapshot(id);
      if (!target) throw new AppError('not_found', `No snapshot ${id} in this history.`);
      if (target.state !== 'complete') throw new AppError('conflict', `Snapshot ${id} is ${target.state}; only complete snapshots can be kept.`);
      if (this.isExpired(target)) throw new AppError('conflict', `Snapshot ${id} has expired on Walrus; it can no longer be kept.`);
      this.db.setForgotten([target.runId], null);
      return this.db.snapshot(target.runId) as SnapshotRecord;
    });
  }

  isExpired(s: Pick<SnapshotRecord, 'endEpoch'>): boolean {
    return s.endEpoch !== null && s.endEpoch <= this.epochs.current();
  }

  /**
   * Renewal: every quilt and blob a kept snapshot needs (items, parts, manifests) that has at most
   * `renewWithinEpochs` left is stored again for `epochs` more, each once however many snapshots share it:
   * byte for byte when it fits one request (same blob id), otherwise its live items move to new quilts and the
   * kept snapshots naming it get renewed manifests (see renewal.ts). `expiring` lists the kept snapshots it
   * could not keep alive.
   */
  renew(options: RunOptions = {}): Promise<RenewalResult> {
    return this.#exclusive(async () => {
      await learnEpochs(this.epochs, this.options.network ?? undefined);
      const { epochs, largeItemBytes, partBytes, renewWithinEpochs, now } = this.options;
      const walrus = this.options.walrus();
      const upload = { epochs, sendObjectTo: this.options.keys.address() ?? undefined, largeItemBytes, partBytes };
      const result = await renewalPass({
        walrus, db: this.db, writer: this.#snapshots, keys: this.options.keys, epochs: this.epochs, renewWithinEpochs, now, upload,
        maxRequestBytes: walrus.maxBlobSize,
        plan: () => this.#renewalPlan(),
      }, this.runs, () => this.expiringSnapshots(), options);
      // Said with every answer, so "0 renewed" tells when renewal will act and what it will cost.
      const prices = walrus.options.prices;
      return { ...result, next: renewalForecast(this.db, this.epochs, { renewWithinEpochs, storageEpochs: epochs, shards: walrus.shards, ...(prices ? { prices } : {}) }) };
    });
  }

  #renewalPlan() {
    return planRenewal(this.db.keptObjects(), this.epochs.current(), this.options.renewWithinEpochs);
  }

  /**
   * Kept snapshots renewal could not keep alive: near their end after a renewal pass that failed (or was cut
   * short), or already expired.
   */
  expiringSnapshots(): ExpiringSnapshot[] {
    return expiringSnapshots(this.db, this.epochs.current(), this.options.renewWithinEpochs, (e) => this.epochs.dateOf(e));
  }

  /** Whether retention would forget a snapshot or renewal has an object to store again (cheap: local history only). */
  needsMaintenance(): boolean {
    if (snapshotsToForget(this.db.snapshots().reverse(), this.options.retention()).length) return true;
    return this.#renewalPlan().renew.length > 0;
  }

  /** After a backup, and on the schedule: retention, then renewal of what is kept. */
  async maintain(options: RunOptions = {}): Promise<{ forgotten: string[]; renewal: RenewalResult }> {
    const { forgotten } = await this.applyRetention();
    return { forgotten, renewal: await this.renew(options) };
  }

  outbox(): { snapshots: number; items: number; bytes: number } {
    const entries = this.db.outbox();
    return { snapshots: this.db.pendingSnapshots().length, items: entries.length, bytes: entries.reduce((s, e) => s + e.storedSize, 0) };
  }

  /** Whether a backup has work: the catalog changed since the last run that was not lost (expiry is renewal's job). */
  hasChanges(): boolean {
    const generation = openSnapshotSource(this.options.dataDir).generation();
    // A deployment with no snapshot yet has work too: its first one starts the chain there.
    const nothingHere = !this.db.latestComplete() && !this.db.pendingSnapshots().length;
    return nothingHere || String(generation) !== this.db.getMeta('generation');
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    // One run at a time in this process (the queue) and across processes (the lock file, shared with the CLI).
    // Callers see contract errors: Walrus failures become 'unavailable' / 'remote_error' with a readable message.
    const guarded = async () => {
      const release = await acquireLock(this.#lockPath);
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
}
