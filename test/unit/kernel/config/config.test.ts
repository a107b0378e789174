import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, loadConfig } from '../../../../src-main/kernel/config/config.ts';
import { EventBus } from '../../../../src-main/kernel/events.ts';
import { silentLogger } from '../../../../src-main/kernel/log.ts';
import { defaultDataDir } from '../../../../src-main/kernel/paths.ts';
import { SettingsStore } from '../../../../src-main/settings/settings-store.ts';
import { withTempDir } from '../../../helpers/temp-dir.ts';

describe('config', () => {
  it('defaults to Walrus and Sui testnet', async () => {
    await withTempDir(async (dir) => {
      const config = await loadConfig({ env: {}, dataDir: dir });
      expect(config.settings.walrusPublisherUrl).toBe('https://publisher.walrus-testnet.walrus.space');
      expect(config.settings.walrusAggregatorUrl).toBe('https://aggregator.walrus-testnet.walrus.space');
      expect(config.settings.suiRpcUrl).toBe('https://fullnode.testnet.sui.io:443');
      expect(config.lockedByEnv).toEqual([]);
    });
  });

  it('takes the data dir from PDW_DATA_DIR, else the platform default', async () => {
    await withTempDir(async (dir) => {
      expect((await loadConfig({ env: { PDW_DATA_DIR: dir } })).dataDir).toBe(dir);
    });
    expect(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/personal-data-wallet');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Personal Data Wallet');
  });

  it('lets environment variables win over the settings file and marks them locked', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'settings.json'), JSON.stringify({ walrusPublisherUrl: 'http://saved.example', theme: 'dark' }));
      const config = await loadConfig({ env: { WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9999', SUI_NETWORK: 'devnet' }, dataDir: dir });
      expect(config.settings.walrusPublisherUrl).toBe('http://127.0.0.1:9999');
      expect(config.settings.theme).toBe('dark');
      expect(config.settings.suiRpcUrl).toBe('https://fullnode.devnet.sui.io:443');
      expect(config.lockedByEnv.sort()).toEqual(['suiNetwork', 'walrusPublisherUrl']);
    });
  });

  it('names the environment variable that holds a bad value', async () => {
    await expect(loadConfig({ env: { WALRUS_AGGREGATOR_URL: 'not a url', PDW_DATA_DIR: '/tmp/pdw-never' } })).rejects.toThrow(/WALRUS_AGGREGATOR_URL/);
  });

  it('explains a broken settings file and leaves it untouched', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'settings.json');
      await writeFile(path, '{ "theme": "neon" ');
      await expect(loadConfig({ env: {}, dataDir: dir })).rejects.toThrow(/not valid JSON.*Fix or remove it/);
      await writeFile(path, JSON.stringify({ theme: 'neon' }));
      await expect(loadConfig({ env: {}, dataDir: dir })).rejects.toThrow(/theme/);
      expect(await readFile(path, 'utf8')).toBe(JSON.stringify({ theme: 'neon' }));
    });
  });

  it('saves changes atomically, emits them, and refuses to change env-fixed settings', async () => {
    await withTempDir(async (dir) => {
      await mkdir(dir, { recursive: true });
      const env = { WALRUS_PUBLISHER_URL: 'http://127.0.0.1:1' };
      const events = new EventBus(silentLogger);
      const seen: string[] = [];
      events.subscribe((e) => seen.push(e.name));
      const store = new SettingsStore(await loadConfig({ env, dataDir: dir }), events);
      await store.update({ storageEpochs: 12, theme: 'light' });
      expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({ storageEpochs: 12, theme: 'light' });
      expect(store.current.storageEpochs).toBe(12);
      expect(seen).toEqual(['settings.changed']);
      await expect(store.update({ walrusPublisherUrl: 'http://other.example' })).rejects.toThrow(/environment/);
      await expect(store.update({ storageEpochs: 99 })).rejects.toThrow(/storageEpochs/);
      expect(store.current.storageEpochs).toBe(12);
      expect((await loadConfig({ env: {}, dataDir: dir })).settings.walrusPublisherUrl).toBe(DEFAULT_SETTINGS.walrusPublisherUrl);
    });
  });
});
