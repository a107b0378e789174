import { describe, expect, it } from 'vitest';
import { ENV_VARIABLES, parseEnvironment, readEnvironment, redactEnvironment, withoutDevVariables } from '../../../../src-main/kernel/config/config-env.ts';
import { DEFAULT_SETTINGS, loadConfig, SETTING_APPLIES } from '../../../../src-main/kernel/config/config.ts';
import { AppError, settingsSchema } from '../../../../src-shared/contract/index.ts';
import { withTempDir } from '../../../helpers/temp-dir.ts';

const STAKING = '0x' + 'be'.repeat(32);

describe('the environment table', () => {
  it('lists each variable once, with a description and a default', () => {
    const names = ENV_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of ENV_VARIABLES) expect(v.description.length * v.default.length).toBeGreaterThan(0);
  });

  it('says for every setting when a change applies', () => {
    expect(Object.keys(SETTING_APPLIES).sort()).toEqual(settingsSchema.keyof().options.slice().sort());
    expect(SETTING_APPLIES.useLocalWalrus).toBe('next-start');
  });
});

describe('reading the environment', () => {
  it('leaves everything unset without variables, and the settings at their defaults', async () => {
    const environment = readEnvironment({});
    expect(environment).toEqual({
      dataDir: undefined,
      platformDirs: {},
      library: { cacheDir: undefined, embeddingApiKey: undefined },
      publisherAuth: { secret: undefined, algorithm: undefined, expiringSec: undefined, tokenUrl: undefined },
      chain: {},
      passphrase: undefined,
      cli: { newPassphrase: undefined, timerDir: undefined },
      settings: {},
    });
    await withTempDir(async (dir) => {
      const config = await loadConfig({ env: {}, dataDir: dir });
      expect(config.settings).toEqual(DEFAULT_SETTINGS);
      expect(config.environment).toEqual(environment);
    });
  });

  it('hands each service its slice: trimmed values, passphrases exactly as given, empty as unset', () => {
    const environment = readEnvironment({
      PDW_CACHE_DIR: ' /cache ',
      PDW_EMBEDDING_API_KEY: 'sk-1',
      PDW_WALRUS_STAKING_ID: STAKING,
      PDW_PASSPHRASE: ' two words ',
      PDW_TIMER_DIR: '',
      WALRUS_PUBLISHER_JWT_ALGORITHM: 'HS384',
      WALRUS_PUBLISHER_JWT_EXPIRING_SEC: '90',
      SUI_NETWORK: 'devnet',
      UNRELATED: 'x',
    });
    expect(environment.library).toEqual({ cacheDir: '/cache', embeddingApiKey: 'sk-1' });
    expect(environment.chain).toEqual({ stakingObjectId: STAKING });
    expect(environment.passphrase).toBe(' two words ');
    expect(environment.cli.timerDir).toBeUndefined();
    expect(environment.publisherAuth).toMatchObject({ algorithm: 'HS384', expiringSec: '90' });
    expect(environment.settings).toEqual({ SUI_NETWORK: 'devnet' });
  });

  it('reads the graph delay hook for development, and a packaged app drops it', () => {
    expect(readEnvironment({ PDW_DEV_GRAPH_DELAY_MS: '4000' }).library).toEqual({ cacheDir: undefined, embeddingApiKey: undefined, graphReadDelayMs: 4000 });
    const packaged = withoutDevVariables({ PDW_DEV_GRAPH_DELAY_MS: '4000', PDW_CACHE_DIR: '/c' });
    expect(packaged).toEqual({ PDW_CACHE_DIR: '/c' });
    expect(readEnvironment(packaged).library).toEqual({ cacheDir: '/c', embeddingApiKey: undefined });
    expect(() => parseEnvironment({ PDW_DEV_GRAPH_DELAY_MS: 'soon' })).toThrow(/PDW_DEV_GRAPH_DELAY_MS must be a whole number of milliseconds/);
  });

  it.each([
    ['PDW_WALRUS_STAKING_ID', 'staking', /PDW_WALRUS_STAKING_ID must be a Sui object id .*got "staking"\. Fix or unset PDW_WALRUS_STAKING_ID\./],
    ['PDW_WALRUS_PACKAGE_ID', '0xnot-hex', /PDW_WALRUS_PACKAGE_ID must be a Sui object id/],
    ['PDW_WAL_COIN_TYPE', 'WAL', /PDW_WAL_COIN_TYPE must be a Move type like 0x…::wal::WAL, got "WAL"/],
    ['WALRUS_PUBLISHER_TOKEN_URL', 'ftp://tokens', /WALRUS_PUBLISHER_TOKEN_URL must be an http\(s\) URL, got "ftp:\/\/tokens"/],
    ['WALRUS_PUBLISHER_JWT_ALGORITHM', 'none', /WALRUS_PUBLISHER_JWT_ALGORITHM must be one of HS256, HS384, HS512/],
    ['WALRUS_PUBLISHER_JWT_EXPIRING_SEC', 'soon', /WALRUS_PUBLISHER_JWT_EXPIRING_SEC must be a whole number of seconds ≥ 1/],
    ['WALRUS_PUBLISHER_JWT_EXPIRING_SEC', '0', /WALRUS_PUBLISHER_JWT_EXPIRING_SEC must be a whole number of seconds ≥ 1, got "0"/],
  ])('refuses %s=%s with one error naming the variable and the fix', (name, value, message) => {
    const error = captured(() => parseEnvironment({ [name]: value }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(message) });
    expect((error as AppError).toShape().issues).toEqual([{ path: name, message: expect.any(String) }]);
  });

  it('is part of loading the configuration: a bad variable stops it before anything opens', async () => {
    await withTempDir(async (dir) => {
      await expect(loadConfig({ env: { PDW_WAL_COIN_TYPE: 'WAL' }, dataDir: dir })).rejects.toThrow(/Fix or unset PDW_WAL_COIN_TYPE/);
      const config = await loadConfig({ env: { PDW_WALRUS_PACKAGE_ID: STAKING, PDW_CACHE_DIR: '/c' }, dataDir: dir });
      expect(config.environment).toMatchObject({ chain: { walrusPackageId: STAKING }, library: { cacheDir: '/c' } });
    });
  });

  it.each([
    ['WALRUS_PUBLISHER_URL', 'not a url', /walrusPublisherUrl \(WALRUS_PUBLISHER_URL\)/],
    ['WALRUS_AGGREGATOR_URL', 'nope', /walrusAggregatorUrl \(WALRUS_AGGREGATOR_URL\)/],
    ['SUI_NETWORK', 'moonnet', /suiNetwork \(SUI_NETWORK\)/],
    ['SUI_RPC_URL', 'x', /suiRpcUrl \(SUI_RPC_URL\)/],
  ])('refuses the setting variable %s=%s, naming it', async (name, value, message) => {
    await withTempDir(async (dir) => {
      await expect(loadConfig({ env: { [name]: value }, dataDir: dir })).rejects.toThrow(message);
    });
  });
});

describe('secrets', () => {
  const secrets = ENV_VARIABLES.filter((v) => v.secret).map((v) => v.name);

  it('are the JWT secret, the embedding API key and the passphrases', () => {
    expect(secrets.sort()).toEqual(['PDW_EMBEDDING_API_KEY', 'PDW_NEW_PASSPHRASE', 'PDW_PASSPHRASE', 'WALRUS_PUBLISHER_JWT_SECRET']);
  });

  it('are redacted where the variables are shown; other values stay readable', () => {
    const vars = Object.fromEntries(secrets.map((name, i) => [name, `secret-value-${i}`]));
    const shown = redactEnvironment({ ...vars, PDW_CACHE_DIR: '/cache', UNRELATED: 'x', PDW_TIMER_DIR: '' });
    expect(shown).toEqual({ ...Object.fromEntries(secrets.map((name) => [name, '(set)'])), PDW_CACHE_DIR: '/cache' });
    expect(JSON.stringify(shown)).not.toMatch(/secret-value/);
  });
});

function captured(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
