// Holds the effective settings, saves user changes atomically and tells listeners what changed.
import { AppError, type Settings } from '../../src-shared/contract/index.ts';
import { resolveConfig, type AppConfig } from '../config.ts';
import type { EventBus } from '../events.ts';
import { writeFileAtomic } from '../fs/atomic.ts';

export class SettingsStore {
  #config: AppConfig;
  readonly #events: EventBus;
  readonly #env: NodeJS.ProcessEnv;
  readonly #listeners = new Set<(settings: Settings) => void>();

  constructor(config: AppConfig, events: EventBus, env: NodeJS.ProcessEnv) {
    this.#config = config;
    this.#events = events;
    this.#env = env;
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
      throw new AppError('conflict', `These settings are fixed by environment variables for this run: ${locked.join(', ')}.`);
    }
    const saved = { ...this.#config.saved, ...changes };
    const next = resolveConfig(this.#config.dataDir, this.#config.settingsPath, saved, this.#env);
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
