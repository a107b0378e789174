// The backups' part of the composition root. The backup services (engine, history database, scheduler,
// restore: SQLite and the library's snapshot source) load on first use — a request, the schedule starting,
// Walrus answering again — so a run that never touches backups (`pdw info`) never loads them.
import { backupRequests } from '../../src-shared/contract/backup.ts';
import { snapshotFileRequests } from '../../src-shared/contract/snapshot-files.ts';
import { lazyHandlers, type Kernel, type Wired } from '../kernel/index.ts';
import type { WalletFacade } from '../wallet/index.ts';
import type { BackupHandlers } from './handlers.ts';
import type { BackupServices, BackupWiringOptions } from './services.ts';

export type BackupSlice = Pick<BackupWiringOptions, 'passphrase' | 'schedule' | 'scheduleTiming' | 'walrusShards' | 'walrusEpochMs'>;

export interface BackupDeps extends Pick<BackupWiringOptions, 'settings' | 'publisherJwt' | 'keychain' | 'releaseLibrary' | 'pickFolder'> {
  wallet: WalletFacade;
}

export interface BackupFacade {
  /** Uploads what waits in the outbox (called when Walrus answers again). */
  flushOutbox(): Promise<void>;
  /** Checks the notices now. */
  checkNotices(): Promise<void>;
}

export function wireBackup(kernel: Kernel, slice: BackupSlice, deps: BackupDeps): Wired<BackupHandlers, BackupFacade> {
  const backup = kernel.lazy<BackupServices>(
    () =>
      import('./services.ts').then(({ createBackupServices }) =>
        createBackupServices({
          ...slice,
          ...deps,
          dataDir: kernel.config.dataDir,
          jobs: kernel.jobs,
          wallet: deps.wallet.wallet,
          listOwnedBlobObjects: () => deps.wallet.listOwnedBlobObjects(),
          readNetworkState: () => deps.wallet.networkState(),
          onChanged: (reason) => {
            kernel.events.emit('backup.changed', { reason });
            void facade.checkNotices();
          },
          onNotice: (notice) => kernel.events.emit('backup.notice', notice),
        }),
      ),
    async (services) => services.service.stop(),
  );
  const facade: BackupFacade = {
    flushOutbox: async () => (await backup.get()).flushOutbox(),
    checkNotices: async () => (await backup.get()).checkNotices(),
  };
  // What waited in the outbox uploads as soon as Walrus answers again.
  kernel.events.subscribe((event) => {
    if (event.name === 'walrus.status' && event.payload.state !== 'unreachable') void facade.flushOutbox().catch(() => {});
  });
  const names = Object.keys({ ...backupRequests, ...snapshotFileRequests }) as (keyof BackupHandlers)[];
  return {
    services: [
      {
        name: 'backup',
        // The CLI runs no schedule: nothing to start, nothing to load.
        start: async () => (slice.schedule ? (await backup.get()).service.start() : undefined),
        stop: () => backup.close(),
      },
    ],
    handlers: lazyHandlers<BackupHandlers>(names, async () => (await backup.get()).handlers),
    facade,
  };
}
