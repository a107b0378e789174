// What a backup engine is configured with, and what a backup thread is handed: types only, kept apart
// from the engine so that the parts it drives (snapshot writer, backup thread) can name them without
// importing the engine itself.
import type { BackupRunResult, RetentionPolicy, SnapshotSettings } from '../../src-shared/contract/backup.ts';
import type { WalrusClient, WalrusClientOptions, NetworkStateReader } from '../walrus/index.ts';
import type { BackupKeys, BackupKeysProvider } from './keys.ts';
import type { RunOptions } from './run-options.ts';

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
  /** Sealed items above this are stored as several blobs (parts) of at most this size; default 8 MiB (publishers cap a request at 10 MiB). */
  partBytes?: number;
  /** Renewal stores an object again once it has at most this many epochs left; default 2. */
  renewWithinEpochs?: number;
  /** How many complete snapshots retention keeps (read at each pass, so a settings change applies at once); default 10. */
  keepSnapshots?: () => number;
  /** The retention rules (keep last, daily, weekly, monthly), read at each pass; when absent, keep the last `keepSnapshots`. */
  retention?: () => RetentionPolicy;
  /** The deployment's epoch and epoch length, asked at the start of each backup, flush and renewal pass; null: estimates only. */
  network?: NetworkStateReader | null;
  /** Days before a kept snapshot's end that it counts as expiring soon (read at each use); default 7. */
  expiryWarningDays?: () => number;
  /** The schedule and retention settings each new manifest carries (a new machine adopts them on restore); default none. */
  snapshotSettings?: () => SnapshotSettings | null;
  now?: () => number;
  /** Where backup runs happen: another thread (the app's, see backup-thread.ts), or null for this one. */
  runner?: BackupRunner | null;
}

/** Everything a backup thread needs, as plain data (functions and open connections stay behind). */
export interface BackupThreadJob {
  dataDir: string;
  engine: Pick<BackupEngineOptions, 'epochs' | 'epochMs' | 'minRemainingEpochs' | 'largeItemBytes' | 'batchBytes' | 'partBytes' | 'renewWithinEpochs'>;
  walrus: Omit<WalrusClientOptions, 'costTracker' | 'shardMemory'>;
  keys: BackupKeys;
  address: string | null;
  /** What the manifest carries for a new machine (read on the main thread, where the settings live). */
  settings: SnapshotSettings | null;
}

export type BackupRunner = (job: BackupThreadJob, options: RunOptions) => Promise<BackupRunResult>;
