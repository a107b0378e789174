// The composition root: builds the kernel from a validated config, then each domain's wiring in
// dependency order (each returns its services, handlers and facade), one handler map and the dispatcher;
// the same for the Electron main process, the CLI and the web host. Services start in order, stop in reverse.
import type { AppInfo } from '../src-shared/contract/index.ts';
import { createAppHandlers } from './app-handlers.ts';
import { wireBackup } from './backup/index.ts';
import {
  createDispatcher,
  createJobHandlers,
  createKernel,
  createLogger,
  loadConfig,
  preparePrivateDataDir,
  type AppConfig,
  type Dispatch,
  type EnvVars,
  type EventBus,
  type HandlerMap,
  type JobRunner,
  type Logger,
  type PathPicker,
} from './kernel/index.ts';
import { wireLibrary, type DocumentFile, type DocumentOpener } from './library/index.ts';
import { wireSettings, type SettingsStore } from './settings/index.ts';
import { wireStatus, type WalrusMonitor } from './status/index.ts';
import { wireWallet, type SecretSealer, type WalletService } from './wallet/index.ts';

export type { PathPicker, Service } from './kernel/index.ts';

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
  const kernel = createKernel(config, log);
  // Loaded only when used: most runs never need the local server.
  const useLocalWalrus = options.localWalrus || config.settings.useLocalWalrus;
  const localWalrus = useLocalWalrus ? await (await import('./walrus-local/wiring.ts')).wireWalrusLocal(kernel) : undefined;
  // The local server also answers the Sui RPC methods PDW uses, for the blob objects it created.
  const server = localWalrus?.facade;
  const overrides = server ? { walrusPublisherUrl: server.url, walrusAggregatorUrl: server.url, suiRpcUrl: server.url } : {};

  const settings = wireSettings(kernel, { overrides, publisherAuth: environment.publisherAuth });
  const status = wireStatus(kernel, { probeIntervalMs: options.walrusProbeIntervalMs ?? 30_000 }, { settings: settings.facade.store });
  const pickFolder = options.pickPaths ? async () => (await options.pickPaths?.('folder'))?.[0] ?? null : undefined;
  const opener: DocumentOpener | undefined = options.fileShell ? { via: 'shell', ...options.fileShell } : options.mode === 'web' ? { via: 'download' } : undefined;
  // The desktop app and the web host keep watched folders in sync and answer searches while the graph loads;
  // the CLI edits the list and syncs on demand, and waits for the graph before its one search.
  const library = wireLibrary(kernel, { ...environment.library, watch: options.mode !== 'cli', answerBeforeGraph: options.mode !== 'cli' }, { pickPaths: options.pickPaths, opener });
  const wallet = wireWallet(kernel, { chainIds: environment.chain, autoLockMs: options.walletAutoLockMs }, { settings: settings.facade.store, sealer: options.sealer });
  const backup = wireBackup(
    kernel,
    {
      passphrase: environment.passphrase,
      // The CLI runs one backup per call (cron); the desktop app and the web host keep the schedule.
      schedule: options.mode !== 'cli',
      scheduleTiming: options.backupScheduleTiming,
      ...(server ? { walrusShards: server.shards, walrusEpochMs: server.clock.epochSeconds * 1000 } : {}),
    },
    {
      settings: settings.facade.store,
      publisherJwt: settings.facade.publisherJwt,
      wallet: wallet.facade,
      // The desktop's keychain also seals the unattended backup keys.
      keychain: options.sealer,
      releaseLibrary: () => library.facade.library.close(),
      pickFolder,
    },
  );
  kernel.services.add(...(localWalrus?.services ?? []), ...status.services, kernel.jobsService, ...library.services, ...wallet.services, ...backup.services);

  const handlers: HandlerMap = {
    ...createAppHandlers({
      mode: options.mode,
      dataDir: config.dataDir,
      uploadsDir: library.facade.uploadsDir,
      walrus: status.facade,
      localWalrus: server !== undefined,
      capabilities: { openDocument: opener?.via ?? null },
    }),
    ...createJobHandlers(kernel.jobs),
    ...settings.handlers,
    ...status.handlers,
    ...library.handlers,
    ...wallet.handlers,
    ...backup.handlers,
  };
  const dispatch = createDispatcher(handlers, log);

  return {
    config,
    events: kernel.events,
    jobs: kernel.jobs,
    settings: settings.facade.store,
    walrus: status.facade,
    wallet: wallet.facade.wallet,
    dispatch,
    log,
    documentFile: (documentId) => library.facade.documentFile(documentId),
    start: () => kernel.services.start(),
    stop: () => kernel.services.stop(),
  };
}
