// The backup services as the wiring (wiring.ts) builds them on first use: the engine (opened on first use,
// with a Walrus client that follows the current settings), the wallet or the unattended keys as key
// provider, the scheduler, the notices and the handlers.
import type { RetentionPolicy, Settings } from '../../src-shared/contract/index.ts';
import type { JobRunner } from '../kernel/index.ts';
import type { WalletService, SecretSealer, OwnedBlobObject } from '../wallet/index.ts';
import { createWalrusClient, ShardFile, type WalrusClient, firstAnswering, readLocalServerNetworkState, type NetworkStateReader } from '../walrus/index.ts';
import { backupThreadRunner } from './backup-thread.ts';
import { BackupEngine, type BackupEngineOptions } from './engine.ts';
import { createBackupJobs, type BackupChange } from './backup-jobs.ts';
import { createBackupHandlers, type BackupHandlers } from './handlers.ts';
import { BackupScheduler } from './scheduler.ts';
import { join } from 'node:path';
import { backupKeysProvider, UnattendedControl } from './unattended-control.ts';
import { UnattendedKeys } from './unattended-keys.ts';
import type { PublisherJwtSecret } from '../settings/index.ts';
import { discoverSnapshots } from './discover.ts';
import { adoptSnapshotSettings, scheduleIntervalIn } from './snapshot-settings.ts';
import { AppError } from '../../src-shared/contract/define.ts';
import type { BackupNotice } from '../../src-shared/contract/backup.ts';
import { currentNotices } from './current-notices.ts';
import { BackupNotifier } from './notifier.ts';

export interface BackupWiringOptions {
  dataDir: string;
  /** The settings; `update` (absent in some tests) lets a restore adopt the snapshot's retention rules. */
  settings: { readonly current: Settings; update?(changes: Partial<Settings>): Promise<Settings> };
  /** The authenticated publisher's JWT secret, when stores need one (read at each use: a change applies at once). */
  publisherJwt?: PublisherJwtSecret;
  jobs: JobRunner;
  wallet: WalletService;
  /** CLI runs start locked: PDW_PASSPHRASE (when set) unlocks the wallet for the backup. */
  passphrase?: string | undefined;
  /** Run the scheduler (the app); false in the CLI, which only sets it (an OS timer calls `pdw backup`). */
  schedule: boolean;
  /** How soon a missed run catches up after start and how often the scheduler looks (defaults: 1 min, 30 s). */
  scheduleTiming?: { catchUpDelayMs?: number; pollMs?: number } | undefined;
  /** The OS keychain sealer (desktop), which seals the unattended backup keys; absent: only explicit opt-ins. */
  keychain?: SecretSealer | undefined;
  releaseLibrary: () => Promise<void>;
  onChanged?: (reason: BackupChange) => void;
  /** A notice newly holds (a failed scheduled run, an outbox waiting over a day, snapshots near expiry). */
  onNotice?: (notice: BackupNotice) => void;
  /**
   * Committee size of the in-process local server, when the app runs one. Otherwise the client assumes
   * 1000 (testnet, mainnet) until a publisher teaches it the deployment's count, which it remembers per
   * publisher in the data directory (walrus/shards.json).
   */
  walrusShards?: number;
  /** Epoch length of the Walrus in use when it is not the network's (the in-process local server). */
  walrusEpochMs?: number;
  engine?: Partial<Omit<BackupEngineOptions, 'dataDir' | 'walrus' | 'keys'>>;
  /** The wallet's Walrus blob objects, from the Sui RPC. */
  listOwnedBlobObjects?: () => Promise<OwnedBlobObject[]>;
  /** The Walrus network's epoch, epoch length and shard count, from the Sui RPC. */
  readNetworkState?: NetworkStateReader;
  /** The desktop app's folder dialog, to ask where restored files go. */
  pickFolder?: (() => Promise<string | null>) | undefined;
}

export interface BackupServices {
  /** Called when Walrus answers again (the Walrus monitor's healthy transition). */
  flushOutbox(): Promise<void>;
  service: { name: string; start(): void; stop(): Promise<void> };
  /** Checks the notices now (the app calls it when the history or schedule changed). */
  checkNotices(): Promise<void>;
  handlers: BackupHandlers;
}

const MAINNET_EPOCH_MS = 14 * 86_400_000;

/** The retention rules the settings hold (keepSnapshots is keep-last). */
function retentionPolicyOf(settings: Settings): RetentionPolicy {
  return { keepLast: settings.keepSnapshots, keepDaily: settings.keepDaily, keepWeekly: settings.keepWeekly, keepMonthly: settings.keepMonthly };
}

export function createBackupServices(options: BackupWiringOptions): BackupServices {
  const unattendedKeys = new UnattendedKeys({ dataDir: options.dataDir, keychain: options.keychain });
  const unattended = new UnattendedControl(options.wallet, unattendedKeys);
  const keys = backupKeysProvider(options.wallet, unattendedKeys, options.passphrase);
  let client: { key: string; walrus: WalrusClient } | undefined;
  const walrus = () => {
    const { walrusPublisherUrl: publisherUrl, walrusAggregatorUrl: aggregatorUrl, suiNetwork: network } = options.settings.current;
    const key = `${network} ${publisherUrl} ${aggregatorUrl} ${options.publisherJwt?.version ?? 0}`;
    if (client?.key !== key) {
      void client?.walrus.close();
      const shards = options.walrusShards ? { shards: options.walrusShards } : {};
      const publisherJwt = options.publisherJwt?.options;
      const publisherTokenUrl = options.publisherJwt?.tokenUrl;
      const auth = publisherJwt ? { publisherJwt } : publisherTokenUrl ? { publisherTokenUrl } : {};
      client = { key, walrus: createWalrusClient({ publisherUrl, aggregatorUrl, shardMemory: ShardFile.inDataDir(options.dataDir), network, ...shards, ...auth }) };
    }
    return client.walrus;
  };
  // A local server's own epochs first (a local deployment is never read as testnet), then the network's (Sui).
  const network = firstAnswering(() => readLocalServerNetworkState(walrus().aggregatorUrl), ...(options.readNetworkState ? [options.readNetworkState] : []));
  let engine: BackupEngine | undefined;
  const scheduleFile = join(options.dataDir, 'backup', 'schedule.json');
  // Storage epochs come from the settings (read when the engine opens: a change applies from the next start).
  const getEngine = async () =>
    (engine ??= BackupEngine.open({
      epochs: options.settings.current.storageEpochs,
      // Expiry estimates between stores: mainnet's epochs last two weeks, testnet's (the default) one day.
      ...(options.settings.current.suiNetwork === 'mainnet' ? { epochMs: MAINNET_EPOCH_MS } : {}),
      ...(options.walrusEpochMs ? { epochMs: options.walrusEpochMs } : {}),
      // Read at each retention pass: a changed setting applies at once.
      retention: () => retentionPolicyOf(options.settings.current),
      network,
      expiryWarningDays: () => options.settings.current.expiryWarningDays,
      // Sealed in each manifest: a new machine restoring it adopts them.
      snapshotSettings: () => ({ scheduleIntervalMs: scheduleIntervalIn(scheduleFile), retention: retentionPolicyOf(options.settings.current) }),
      // Backup runs on their own thread, so searches and requests never wait behind one.
      runner: backupThreadRunner(),
      ...options.engine,
      dataDir: options.dataDir,
      walrus,
      keys,
    }));
  const backupJobs = createBackupJobs({
    engine: getEngine,
    jobs: options.jobs,
    dataDir: options.dataDir,
    releaseLibrary: options.releaseLibrary,
    onChanged: options.onChanged,
    network,
    adoptSettings: (carried) => adoptSnapshotSettings(carried, {
      setScheduleInterval: async (ms) => (await getScheduler()).setInterval(ms),
      setRetention: async ({ keepLast, keepDaily, keepWeekly, keepMonthly }) => {
        await options.settings.update?.({ keepSnapshots: keepLast, keepDaily, keepWeekly, keepMonthly });
      },
      runsSchedule: options.schedule,
      walletLocked: () => options.wallet.status.locked,
    }),
  });
  const scheduler = new BackupScheduler({
    file: scheduleFile,
    now: Date.now,
    ...(options.scheduleTiming?.catchUpDelayMs === undefined ? {} : { catchUpDelayMs: options.scheduleTiming.catchUpDelayMs }),
    onChange: () => options.onChanged?.('schedule'),
    hasChanges: async () => (await getEngine()).hasChanges(),
    // Scheduled runs start as the on-demand ones do, so the Backups page shows their progress and can cancel them.
    backup: async () => (await (await backupJobs.backup({ maintain: false })).done).backup,
    onSkipped: () => void getEngine().then((e) => e.recordSkipped(), () => undefined), // only the log entry is lost
    maintain: async () => {
      if (!(await getEngine()).needsMaintenance()) return;
      const renewal = await (await backupJobs.renew({ withRetention: true })).done;
      // Counted as a failed pass, so the scheduler tries again in minutes, long before they expire.
      if (renewal.failures.length) throw new AppError('remote_error', `Renewal failed for ${renewal.failures.length} object(s); ${renewal.expiring.length} kept snapshot(s) will expire unless a retry succeeds.`);
    },
  });
  let schedulerLoaded: Promise<BackupScheduler> | undefined;
  const getScheduler = () => (schedulerLoaded ??= scheduler.load().then(() => scheduler));
  const notices = async () => currentNotices(await getEngine(), options.schedule ? (await getScheduler()).state : null);
  const notifier = new BackupNotifier({ file: join(options.dataDir, 'backup', 'notified.json'), evaluate: notices, emit: (n) => options.onNotice?.(n) });
  return {
    async flushOutbox() {
      const e = await getEngine();
      if (e.outbox().snapshots === 0) return;
      await e.flushOutbox().then(() => options.onChanged?.('flush'), () => undefined); // still pending: the next healthy probe tries again
    },
    checkNotices: () => (options.schedule ? notifier.check() : Promise.resolve()),
    service: {
      name: 'backup',
      start: () => {
        if (!options.schedule) return;
        void getScheduler().then((s) => s.start(options.scheduleTiming?.pollMs));
        notifier.start();
      },
      async stop() {
        await notifier.stop();
        await scheduler.stop();
        engine?.close();
        engine = undefined;
        await client?.walrus.close();
        client = undefined;
      },
    },
    handlers: createBackupHandlers({
      engine: getEngine,
      jobs: backupJobs,
      scheduler: getScheduler,
      unattended,
      ...(options.onChanged ? { onChanged: options.onChanged } : {}),
      pickFolder: options.pickFolder,
      discover: async () => {
        const address = keys.address();
        if (!address || !options.listOwnedBlobObjects) throw new AppError('not_found', 'Create or import the wallet whose backups you want to find first.');
        const owned = await options.listOwnedBlobObjects();
        return { address, ...(await discoverSnapshots({ walrus: walrus(), keys: await keys.backupKeys(), network }, owned)) };
      },
    }),
  };
}
