// The settings' facade: the wiring and the types other domains hold.
export { wireSettings, type SettingsFacade, type SettingsSlice } from './wiring.ts';
export type { SettingsStore } from './settings-store.ts';
export type { PublisherJwtSecret } from './publisher-jwt.ts';
