// The composition root: builds every service from a validated config, in one place, for the Electron
// main process, the CLI and the web host alike. Services start in order and stop in reverse.
import { preparePrivateDataDir, loadConfig, type AppConfig, type EnvVars, EventBus, JobRunner, createLogger, type Logger, createDispatcher, type Dispatch, type HandlerMap, type PathPicker, type Service } from './kernel/index.ts';
import type { AppInfo } from '../src-shared/contract/index.ts';
import { createAppHandlers } from './app-handlers.ts';
import { createBackupServices } from './backup/wiring.ts';
import { PublisherJwtSecret } from './settings/publisher-jwt.ts';
import type { DocumentFile, DocumentOpener } from './library/document-file.ts';
import { createLibraryServices } from './library-wiring.ts';
import { createWatchServices } from './library/watch-wiring.ts';
import { SettingsStore } from './settings/settings-store.ts';
import { WalrusMonitor } from './status/walrus-monitor.ts';
import type { SecretSealer } from './wallet/sealer.ts';
import type { WalletService } from './wallet/wallet-service.ts';
import { createWalletServices } from './wallet/wiring.ts';

export type { PathPicker, Service } from './kernel/lifecycle/service.ts';

export interface AppOptions {
  mode: AppInfo['mode'];
  dataDir?: string;
  /** The raw environment variables (default: this process's); only the configuration reads them. */
  env?: EnvVars;
  log?: Logger;
  /** How often to probe Walrus; 0 disables the periodic probe (the CLI probes only on demand). */
  walrusProbeIntervalMs?: number;
  /** The desktop app's native file dialog; absent in the CLI and the web host. */
  pickPaths?: PathPicker;
  /** The desktop app's "open with the default app" / "show in folder" (Electron's shell); the web host offers a download instead. */
  fileShell?: { open(path: string): Promise<void>; reveal(path: string): Promise<void> };
  /** Run the local Walrus server in-process (overrides the Walrus URLs for this run). */
  localWalrus?: boolean;
  /** Protects new wallet keystores; the desktop app passes the OS keychain sealer (default: a passphrase). */
  sealer?: SecretSealer;
  /** Idle time after which an unlocked wallet locks itself (default 15 min; 0: never). */
  walletAutoLockMs?: number;
  /** How soon a missed scheduled backup catches up after start, and how often the schedule is checked. */
  backupScheduleTiming?: { catchUpDelayMs?: number; pollMs?: number };
}

export interface PdwApp {
  readonly config: AppConfig;
  readonly events: EventBus;
  readonly jobs: JobRunner;
  readonly settings: SettingsStore;
  readonly walrus: WalrusMonitor;
  readonly wallet: WalletService;
  readonly dispatch: Dispatch;
  readonly log: Logger;
  /** A document's original file, by catalog id (the web host serves it; not_found when unknown or gone). */
  documentFile(documentId: number): Promise<DocumentFile>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<PdwApp> {
  const log = options.log ?? createLogger();
  const config = await loadConfig({ ...(options.env ? { env: options.env } : {}), ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  const environment = config.environment;
  await preparePrivateDataDir(config.dataDir, log);
  // Loaded only when used: the local server is a dev tool most runs never need.
  const localWalrus =
    options.localWalrus || config.settings.useLocalWalrus ? await (await import('./local-walrus.ts')).startEmbeddedWalrus(config.dataDir) : undefined;
  // The local server also answers the Sui RPC methods PDW uses, for the blob objects it created.
  const overrides = localWalrus ? { walrusPublisherUrl: localWalrus.url, walrusAggregatorUrl: localWalrus.url, suiRpcUrl: localWalrus.url } : {};

  const events = new EventBus(log);
  const jobs = new JobRunner(events);
  const settings = new SettingsStore(config, events, overrides);
  const publisherJwt = new PublisherJwtSecret(environment.publisherAuth);
  const walrus = new WalrusMonitor(
    { publisherUrl: settings.current.walrusPublisherUrl, aggregatorUrl: settings.current.walrusAggregatorUrl },
    events,
    options.walrusProbeIntervalMs || 30_000,
  );
  settings.onChange((s) => {
    if (s.walrusPublisherUrl !== walrus.status.publisherUrl || s.walrusAggregatorUrl !== walrus.status.aggregatorUrl) {
      walrus.setUrls({ publisherUrl: s.walrusPublisherUrl, aggregatorUrl: s.walrusAggregatorUrl });
    }
  });

  const services: Service[] = [
    ...(localWalrus ? [{ name: 'local-walrus', start: () => {}, stop: () => localWalrus.close() }] : []),
    {
      name: 'walrus-monitor',
      start: () => (options.walrusProbeIntervalMs === 0 ? undefined : walrus.start()),
      stop: () => walrus.stop(),
    },
    { name: 'jobs', start: () => {}, stop: () => jobs.cancelAll() },
  ];
  const opener: DocumentOpener | undefined = options.fileShell ? { via: 'shell', ...options.fileShell } : options.mode === 'web' ? { via: 'download' } : undefined;
  const library = createLibraryServices({ dataDir: config.dataDir, ...environment.library, jobs, log, pickPaths: options.pickPaths, opener });
  services.push(library.service);
  const watched = createWatchServices({
    dataDir: config.dataDir,
    library: () => library.library.get(),
    jobs,
    log,
    // The desktop app and the web host keep watched folders in sync; the CLI edits the list and syncs on demand.
    watch: options.mode !== 'cli',
    pickFolder: options.pickPaths ? async () => (await options.pickPaths?.('folder'))?.[0] ?? null : undefined,
    onChange: (status) => events.emit('watch.changed', status),
  });
  const wallet = createWalletServices({ dataDir: config.dataDir, chainIds: environment.chain, settings, events, sealer: options.sealer, autoLockMs: options.walletAutoLockMs });
  services.push(wallet.service);
  const backup = createBackupServices({
    dataDir: config.dataDir,
    settings,
    publisherJwt,
    jobs,
    wallet: wallet.wallet,
    passphrase: environment.passphrase,
    // The desktop's keychain also seals the unattended backup keys.
    keychain: options.sealer,
    scheduleTiming: options.backupScheduleTiming,
    // The CLI runs one backup per call (cron); the desktop app and the web host keep the schedule.
    schedule: options.mode !== 'cli',
    releaseLibrary: () => library.library.close(),
    listOwnedBlobObjects: () => wallet.listOwnedBlobObjects(),
    readNetworkState: () => wallet.networkState(),
    pickFolder: options.pickPaths ? async () => (await options.pickPaths?.('folder'))?.[0] ?? null : undefined,
    onChanged: (reason) => {
      events.emit('backup.changed', { reason });
      void backupNotices();
    },
    onNotice: (notice) => events.emit('backup.notice', notice),
    ...(localWalrus ? { walrusShards: localWalrus.shards, walrusEpochMs: localWalrus.clock.epochSeconds * 1000 } : {}),
  });
  services.push(backup.service);
  services.push(watched.service);
  function backupNotices(): Promise<void> {
    return backup.checkNotices();
  }
  // What waited in the outbox uploads as soon as Walrus answers again.
  events.subscribe((event) => {
    if (event.name === 'walrus.status' && event.payload.state !== 'unreachable') void backup.flushOutbox().catch(() => {});
  });

  const handlers: HandlerMap = {
    ...createAppHandlers({
      mode: options.mode,
      dataDir: config.dataDir,
      settings,
      publisherJwt,
      walrus,
      jobs,
      localWalrus: localWalrus !== undefined,
      capabilities: { openDocument: opener?.via ?? null },
    }),
    ...library.handlers,
    ...wallet.handlers,
    ...backup.handlers,
    ...watched.handlers,
  };
  const dispatch = createDispatcher(handlers, log);

  const started: Service[] = [];
  return {
    config,
    events,
    jobs,
    settings,
    walrus,
    wallet: wallet.wallet,
    dispatch,
    log,
    documentFile: async (documentId) => (await import('./library/document-file.ts')).documentFile(await library.library.get(), documentId),
    async start() {
      for (const service of services) {
        await service.start();
        started.push(service);
      }
    },
    async stop() {
      for (const service of started.reverse()) {
        try {
          await service.stop();
        } catch (error) {
          log.error(`stopping ${service.name} failed`, { error: String(error) });
        }
      }
      started.length = 0;
    },
  };
}
