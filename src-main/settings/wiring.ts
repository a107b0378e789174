// The settings' part of the composition root: the store (saved settings, environment overrides, this
// run's fixed values such as an in-process local Walrus's URLs), the publisher JWT secret, their handlers.
import type { Settings } from '../../src-shared/contract/index.ts';
import type { EnvironmentConfig, HandlerMap, Kernel, Wired } from '../kernel/index.ts';
import { createSettingsHandlers, type SettingsRequestName } from './handlers.ts';
import { PublisherJwtSecret } from './publisher-jwt.ts';
import { SettingsStore } from './settings-store.ts';

export interface SettingsSlice {
  /** Settings fixed for this run only (shown as locked). */
  overrides: Partial<Settings>;
  /** The publisher JWT secret and token URL the environment gives. */
  publisherAuth: EnvironmentConfig['publisherAuth'];
}

export interface SettingsFacade {
  store: SettingsStore;
  publisherJwt: PublisherJwtSecret;
}

export function wireSettings(kernel: Kernel, slice: SettingsSlice): Wired<HandlerMap<SettingsRequestName>, SettingsFacade> {
  const store = new SettingsStore(kernel.config, kernel.events, slice.overrides);
  const publisherJwt = new PublisherJwtSecret(slice.publisherAuth);
  return { services: [], handlers: createSettingsHandlers({ settings: store, publisherJwt }), facade: { store, publisherJwt } };
}
