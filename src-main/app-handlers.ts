// Handlers of the app-wide requests: info, Walrus reachability, settings, jobs.
import type { AppInfo } from '../src-shared/contract/index.ts';
import type { appRequests } from '../src-shared/contract/app.ts';
import type { jobRequests } from '../src-shared/contract/jobs.ts';
import { type JobRunner, type HandlerMap, APP_NAME, APP_VERSION } from './kernel/index.ts';
import type { PublisherJwtSecret } from './settings/publisher-jwt.ts';
import type { SettingsStore } from './settings/settings-store.ts';
import type { WalrusMonitor } from './status/walrus-monitor.ts';

type AppRequestName = keyof typeof appRequests | keyof typeof jobRequests;

export function createAppHandlers(deps: {
  mode: AppInfo['mode'];
  dataDir: string;
  settings: SettingsStore;
  publisherJwt: PublisherJwtSecret;
  walrus: WalrusMonitor;
  jobs: JobRunner;
  localWalrus: boolean;
  capabilities: AppInfo['capabilities'];
}): HandlerMap<AppRequestName> {
  const settingsReply = () => ({ settings: deps.settings.current, lockedByEnv: deps.settings.lockedByEnv });
  return {
    'app.info': async () => {
      // First call after start: wait for the initial probe so the answer is not "unknown".
      const walrus = deps.walrus.status.state === 'unknown' ? await deps.walrus.check() : deps.walrus.status;
      return { name: APP_NAME, version: APP_VERSION, mode: deps.mode, dataDir: deps.dataDir, walrus, localWalrus: deps.localWalrus, capabilities: deps.capabilities };
    },
    'walrus.checkNow': () => deps.walrus.check(),
    'settings.get': () => settingsReply(),
    'walrus.publisherAuth.get': () => deps.publisherJwt.status,
    'walrus.publisherAuth.set': (input) => deps.publisherJwt.set(input),
    'settings.update': async (changes) => {
      await deps.settings.update(changes);
      return settingsReply();
    },
    'job.cancel': ({ jobId }) => ({ cancelled: deps.jobs.cancel(jobId) }),
    'job.result': ({ jobId }) => deps.jobs.result(jobId),
  };
}
