// Holds the effective settings, saves user changes atomically and tells listeners what changed.
import { AppError, type Settings } from '../../src-shared/contract/index.ts';
import { resolveConfig, type AppConfig, type EventBus } from '../kernel/index.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

export class SettingsStore {
  #config: AppConfig;
  readonly #events: EventBus;
  readonly #listeners = new Set<(settings: Settings) => void>();

  readonly #overrides: Partial<Settings>;

  /** `overrides` fix settings for this run only (e.g. the URLs of an in-process local Walrus). */
  constructor(config: AppConfig, events: EventBus, overrides: Partial<Settings> = {}) {
    this.#events = events;
    this.#overrides = overrides;
    this.#config = this.#withOverrides(config);
  }

  #withOverrides(config: AppConfig): AppConfig {
    const keys = Object.keys(this.#overrides) as (keyof Settings)[];
    if (keys.length === 0) return config;
    return { ...config, settings: { ...config.settings, ...this.#overrides }, lockedByEnv: [...new Set([...config.lockedByEnv, ...keys])] };
  }

  get current(): Settings {
    return this.#config.settings;
  }

  get lockedByEnv(): (keyof Settings)[] {
    return this.#config.lockedByEnv;
  }

  async update(changes: Partial<Settings>): Promise<Settings> {
    const locked = Object.keys(changes).filter((k) => this.#config.lockedByEnv.includes(k as keyof Settings));
    if (locked.length) {
      throw new AppError('conflict', `These settings are fixed for this run (by environment variables or the local Walrus): ${locked.join(', ')}.`);
    }
    const saved = { ...this.#config.saved, ...changes };
    const next = this.#withOverrides(resolveConfig(this.#config.dataDir, this.#config.settingsPath, saved, this.#config.environment));
    await writeFileAtomic(this.#config.settingsPath, JSON.stringify(saved, null, 2) + '\n');
    this.#config = next;
    this.#events.emit('settings.changed', next.settings);
    for (const listener of this.#listeners) listener(next.settings);
    return next.settings;
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
