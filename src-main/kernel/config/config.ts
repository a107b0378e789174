// The validated configuration every service is built from: environment variables first, then the
// settings file in the data dir, then defaults that point at Walrus and Sui testnet. The only module that
// reads the environment (through config-env.ts); services get typed slices of `AppConfig`.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError, describeIssues, SETTING_APPLIES, settingsSchema, summarizeIssues, type Settings } from '../../../src-shared/contract/index.ts';
import { readEnvironment, type EnvironmentConfig, type EnvVars } from './config-env.ts';
import { defaultDataDir } from '../paths.ts';

export { ENV_VARIABLES, redactEnvironment, withoutDevVariables, type EnvironmentConfig, type EnvVars } from './config-env.ts';
/** When each setting takes effect: 'live' (at once) or 'next-start' (the shared table, also read by the Settings page). */
export { SETTING_APPLIES };

export const SUI_RPC_BY_NETWORK: Record<Settings['suiNetwork'], string> = {
  mainnet: 'https://fullnode.mainnet.sui.io:443',
  testnet: 'https://fullnode.testnet.sui.io:443',
  devnet: 'https://fullnode.devnet.sui.io:443',
  localnet: 'http://127.0.0.1:9000',
};

export const DEFAULT_SETTINGS: Settings = {
  walrusPublisherUrl: 'https://publisher.walrus-testnet.walrus.space',
  walrusAggregatorUrl: 'https://aggregator.walrus-testnet.walrus.space',
  suiNetwork: 'testnet',
  suiRpcUrl: SUI_RPC_BY_NETWORK.testnet,
  theme: 'system',
  storageEpochs: 5,
  keepSnapshots: 10,
  keepDaily: 0,
  keepWeekly: 0,
  keepMonthly: 0,
  // A week: longer than the longest gap between scheduled backups people pick (daily, weekly) and than the
  // renewal window on testnet, so a renewal that keeps failing is noticed with days left to fix it.
  expiryWarningDays: 7,
  useLocalWalrus: false,
  runInBackground: true,
  launchAtLogin: false,
};

/** Environment variables that fix a setting for this run (they win over the settings file). */
const ENV_SETTINGS = {
  WALRUS_PUBLISHER_URL: 'walrusPublisherUrl',
  WALRUS_AGGREGATOR_URL: 'walrusAggregatorUrl',
  SUI_NETWORK: 'suiNetwork',
  SUI_RPC_URL: 'suiRpcUrl',
} as const satisfies Record<string, keyof Settings>;

export interface AppConfig {
  dataDir: string;
  settingsPath: string;
  /** Settings saved in the settings file (what the user chose), before environment overrides. */
  saved: Partial<Settings>;
  /** The effective settings. */
  settings: Settings;
  lockedByEnv: (keyof Settings)[];
  /** Everything else the environment says, parsed once, in slices for the services. */
  environment: EnvironmentConfig;
}

/** `env`: the raw variables a host read (default: this process's); nothing else reads them. */
/** The data directory the environment names (PDW_DATA_DIR, else the platform's), for commands that open no app. */
export function configuredDataDir(env?: EnvVars): string {
  const environment = readEnvironment(env ?? process.env);
  return resolve(environment.dataDir || defaultDataDir(environment.platformDirs));
}

export async function loadConfig(options: { env?: EnvVars; dataDir?: string } = {}): Promise<AppConfig> {
  const environment = readEnvironment(options.env ?? process.env);
  const dataDir = resolve(options.dataDir ?? (environment.dataDir || defaultDataDir(environment.platformDirs)));
  const settingsPath = join(dataDir, 'settings.json');
  const saved = await readSavedSettings(settingsPath);
  return resolveConfig(dataDir, settingsPath, saved, environment);
}

export function resolveConfig(dataDir: string, settingsPath: string, saved: Partial<Settings>, environment: EnvironmentConfig): AppConfig {
  const fromEnv: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENV_SETTINGS)) {
    const value = environment.settings[name as keyof typeof ENV_SETTINGS];
    if (value !== undefined) fromEnv[key] = value;
  }
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS, ...saved, ...fromEnv };
  // A network chosen without an RPC URL implies that network's public full node.
  const network = fromEnv.suiNetwork ?? saved.suiNetwork;
  if (network && !fromEnv.suiRpcUrl && !saved.suiRpcUrl && network in SUI_RPC_BY_NETWORK) {
    merged.suiRpcUrl = SUI_RPC_BY_NETWORK[network as Settings['suiNetwork']];
  }
  const parsed = settingsSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error).map((i) => ({ ...i, path: envNameFor(i.path) ?? i.path }));
    throw new AppError('invalid_input', `Invalid configuration: ${summarizeIssues(issues)}`, { issues });
  }
  return { dataDir, settingsPath, saved, settings: parsed.data, lockedByEnv: Object.keys(fromEnv) as (keyof Settings)[], environment };
}

async function readSavedSettings(path: string): Promise<Partial<Settings>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_input', `The settings file ${path} is not valid JSON (${(error as Error).message}). Fix or remove it.`);
  }
  const parsed = settingsSchema.partial().safeParse(json);
  if (!parsed.success) {
    throw new AppError('invalid_input', `The settings file ${path} is invalid: ${summarizeIssues(describeIssues(parsed.error))}. Fix or remove it.`);
  }
  return parsed.data;
}

function envNameFor(settingKey: string): string | undefined {
  const entry = Object.entries(ENV_SETTINGS).find(([, key]) => key === settingKey);
  return entry ? `${settingKey} (${entry[0]})` : undefined;
}
