// Handlers of the settings requests: the effective settings (and which the environment fixes), updates,
// and the publisher JWT secret's status (never the secret itself).
import type { appRequests } from '../../src-shared/contract/app.ts';
import type { HandlerMap } from '../kernel/index.ts';
import type { PublisherJwtSecret } from './publisher-jwt.ts';
import type { SettingsStore } from './settings-store.ts';

export type SettingsRequestName = keyof Pick<typeof appRequests, 'settings.get' | 'settings.update' | 'walrus.publisherAuth.get' | 'walrus.publisherAuth.set'>;

export function createSettingsHandlers(deps: { settings: SettingsStore; publisherJwt: PublisherJwtSecret }): HandlerMap<SettingsRequestName> {
  const settingsReply = () => ({ settings: deps.settings.current, lockedByEnv: deps.settings.lockedByEnv });
  return {
    'settings.get': () => settingsReply(),
    'walrus.publisherAuth.get': () => deps.publisherJwt.status,
    'walrus.publisherAuth.set': (input) => deps.publisherJwt.set(input),
    'settings.update': async (changes) => {
      await deps.settings.update(changes);
      return settingsReply();
    },
  };
}
