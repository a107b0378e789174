// Handler of the app-wide request: the version, the data directory, Walrus reachability, the host's capabilities.
import type { AppInfo } from '../src-shared/contract/index.ts';
import { APP_NAME, APP_VERSION, type HandlerMap } from './kernel/index.ts';
import type { WalrusMonitor } from './status/index.ts';

export function createAppHandlers(deps: {
  mode: AppInfo['mode'];
  dataDir: string;
  uploadsDir: string;
  walrus: WalrusMonitor;
  localWalrus: boolean;
  capabilities: AppInfo['capabilities'];
}): HandlerMap<'app.info'> {
  return {
    'app.info': async () => {
      // First call after start: wait for the initial probe so the answer is not "unknown".
      const walrus = deps.walrus.status.state === 'unknown' ? await deps.walrus.check() : deps.walrus.status;
      return { name: APP_NAME, version: APP_VERSION, mode: deps.mode, dataDir: deps.dataDir, uploadsDir: deps.uploadsDir, walrus, localWalrus: deps.localWalrus, capabilities: deps.capabilities };
    },
  };
}
