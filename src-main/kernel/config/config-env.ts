// Every environment variable PDW reads, in one table: what it does, its default and whether it is a secret.
// Variables are read once, when the app is built (a change applies at the next start): config.ts hands
// process.env (or the variables given to createApp) to `readEnvironment`, which parses them into typed
// slices; services get a slice, never the variables. The README's
// configuration table is written from this one (tools/docs/configuration-tables.ts, checked by a unit test).
import { z } from 'zod';
import { AppError } from '../../../src-shared/contract/index.ts';

/** Raw variables as a host reads them; only this module interprets them. */
export type EnvVars = Readonly<Record<string, string | undefined>>;

export interface EnvVariable {
  name: string;
  /** What it does, for the README. */
  description: string;
  /** The default, in words. */
  default: string;
  /** Never logged or shown; `redactEnvironment` masks it. */
  secret: boolean;
  /** Checks a non-empty value; the message says what a valid one looks like. */
  schema: z.ZodType<string>;
  /** Read only by the `pdw` command (not the desktop app or the web host). */
  cliOnly?: boolean;
  /** Taken exactly as given (a passphrase's spaces are part of it); other values are trimmed. */
  verbatim?: boolean;
  /** A hook for development and tests: the packaged desktop app drops it (`withoutDevVariables`). */
  devOnly?: boolean;
}

const text = z.string();
const httpUrl = z.string().refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL');
const objectId = z.string().regex(/^0x[0-9a-fA-F]{1,64}$/, 'must be a Sui object id (0x followed by hex digits)');
const jwtAlgorithms = ['HS256', 'HS384', 'HS512'] as const;

/** The one table. Settings a variable fixes for a run are validated by the settings schema (config.ts). */
export const ENV_VARIABLES = [
  { name: 'PDW_DATA_DIR', description: 'Where PDW keeps its data (shared by the desktop app, `pdw` and the web host)', default: 'the platform data directory above', secret: false, schema: text },
  { name: 'PDW_CACHE_DIR', description: 'Where the converted word vectors of the bundled embedder are cached', default: '`<data dir>/cache`', secret: false, schema: text },
  { name: 'WALRUS_PUBLISHER_URL', description: 'Fixes the setting `walrusPublisherUrl` for the run', default: '`https://publisher.walrus-testnet.walrus.space`', secret: false, schema: text },
  { name: 'WALRUS_AGGREGATOR_URL', description: 'Fixes the setting `walrusAggregatorUrl` for the run', default: '`https://aggregator.walrus-testnet.walrus.space`', secret: false, schema: text },
  { name: 'SUI_NETWORK', description: 'Fixes the setting `suiNetwork` (`mainnet`, `testnet`, `devnet`, `localnet`)', default: '`testnet`', secret: false, schema: text },
  { name: 'SUI_RPC_URL', description: 'Fixes the setting `suiRpcUrl`', default: 'the public full node of `SUI_NETWORK`', secret: false, schema: text },
  {
    name: 'WALRUS_PUBLISHER_JWT_SECRET',
    description: "An authenticated publisher's `--jwt-decode-secret` (mainnet); kept in memory only, also settable on the Settings page for a session",
    default: 'none: stores carry no token',
    secret: true,
    schema: text,
  },
  {
    name: 'WALRUS_PUBLISHER_JWT_EXPIRING_SEC',
    description: "Token lifetime; must equal the publisher's `--jwt-expiring-sec` when it sets one",
    default: '`300`',
    secret: false,
    schema: z.string().regex(/^\d+$/, "must be a whole number of seconds ≥ 1 (the publisher's --jwt-expiring-sec when it sets one)").refine((v) => Number(v) >= 1, 'must be a whole number of seconds ≥ 1'),
  },
  {
    name: 'WALRUS_PUBLISHER_JWT_ALGORITHM',
    description: "As the publisher's `--jwt-algorithm`",
    default: '`HS256` (also `HS384`, `HS512`)',
    secret: false,
    schema: z.string().refine((v) => (jwtAlgorithms as readonly string[]).includes(v), `must be one of ${jwtAlgorithms.join(', ')} (the publisher's --jwt-algorithm)`),
  },
  {
    name: 'WALRUS_PUBLISHER_TOKEN_URL',
    description: 'Without a secret: a URL the publisher\'s operator runs that hands out tokens (`POST` of `{epochs, send_object_to, size}`, answer `{"token": "…"}` or the JWT as text), asked once per store attempt',
    default: 'none',
    secret: false,
    schema: httpUrl,
  },
  {
    name: 'PDW_WALRUS_STAKING_ID',
    description: "The Walrus staking object, where the network's current epoch, epoch length and shard count are read (e.g. after a testnet reset)",
    default: 'the staking object of `SUI_NETWORK` (testnet and mainnet built in)',
    secret: false,
    schema: objectId,
  },
  { name: 'PDW_WALRUS_PACKAGE_ID', description: 'The Walrus package whose `blob::Blob` objects the wallet owns', default: 'the package of `SUI_NETWORK`', secret: false, schema: objectId },
  { name: 'PDW_WAL_COIN_TYPE', description: 'The Move type of the WAL coin', default: 'the WAL coin of `SUI_NETWORK`', secret: false, schema: z.string().regex(/^0x[0-9a-fA-F]+::\w+::\w+$/, 'must be a Move type like 0x…::wal::WAL') },
  { name: 'PDW_EMBEDDING_API_KEY', description: 'The API key of an OpenAI-compatible embedding service (never written to disk)', default: 'none', secret: true, schema: text, verbatim: true },
  {
    name: 'PDW_PASSPHRASE',
    description: 'The wallet passphrase for `pdw` commands and unattended backups that take it from the service environment',
    default: 'none: `pdw` asks on the terminal',
    secret: true,
    schema: text,
    verbatim: true,
  },
  { name: 'PDW_NEW_PASSPHRASE', description: 'The new passphrase for `pdw wallet change-passphrase`', default: 'none: asked on the terminal', secret: true, schema: text, cliOnly: true, verbatim: true },
  {
    name: 'PDW_TIMER_DIR',
    description: 'Where `pdw schedule install` writes the OS timer; set, nothing is activated',
    default: "the platform's folder (`~/.config/systemd/user`, `~/Library/LaunchAgents`, or `<data dir>/backup` on Windows), enabled with systemd on Linux",
    secret: false,
    schema: text,
    cliOnly: true,
  },
  {
    name: 'PDW_DEV_GRAPH_DELAY_MS',
    description: 'Holds back the background read of the saved search graph after opening by this many ms, to see (and test) searches answered by keywords meanwhile',
    default: 'none',
    secret: false,
    schema: z.string().regex(/^\d{1,6}$/, 'must be a whole number of milliseconds below 1000000'),
    devOnly: true,
  },
  { name: 'XDG_DATA_HOME', description: 'Linux: the base of the default data directory', default: '`~/.local/share`', secret: false, schema: text },
  { name: 'APPDATA', description: 'Windows: the base of the default data directory', default: '`%USERPROFILE%\\AppData\\Roaming`', secret: false, schema: text },
  { name: 'HOME', description: "The user's home, where `pdw schedule install` finds the platform's timer folder", default: "the OS account's home", secret: false, schema: text, cliOnly: true },
] as const satisfies readonly EnvVariable[];

export type EnvName = (typeof ENV_VARIABLES)[number]['name'];

/** The variables, parsed: absent or empty is undefined; present values are trimmed and valid. */
export type ParsedEnv = Partial<Record<EnvName, string>>;

/** What each service gets. */
export interface EnvironmentConfig {
  dataDir: string | undefined;
  /** The OS's base folders, under their variable names (paths.ts `defaultDataDir` takes them as they are). */
  platformDirs: Pick<ParsedEnv, 'XDG_DATA_HOME' | 'APPDATA' | 'HOME'>;
  library: { cacheDir: string | undefined; embeddingApiKey: string | undefined; graphReadDelayMs?: number };
  /** The authenticated publisher: a JWT secret (with its algorithm and lifetime) or a token URL. */
  publisherAuth: { secret: string | undefined; algorithm: string | undefined; expiringSec: string | undefined; tokenUrl: string | undefined };
  /** Walrus object ids overriding the network's built-in ones. */
  chain: { walrusPackageId?: string; walCoinType?: string; stakingObjectId?: string };
  /** The wallet passphrase the environment supplies (CLI runs, unattended backups). */
  passphrase: string | undefined;
  cli: { newPassphrase: string | undefined; timerDir: string | undefined };
  /** The setting-fixing variables, raw (validated with the settings in config.ts). */
  settings: ParsedEnv;
}

/** Parses every variable of the table once; the first invalid one is an error naming it and the fix. */
export function parseEnvironment(vars: EnvVars): ParsedEnv {
  const parsed: ParsedEnv = {};
  for (const variable of ENV_VARIABLES as readonly EnvVariable[]) {
    const raw = variable.verbatim ? vars[variable.name] : vars[variable.name]?.trim();
    if (!raw) continue;
    const result = variable.schema.safeParse(raw);
    if (!result.success) {
      const shown = variable.secret ? '(hidden)' : JSON.stringify(raw);
      const message = result.error.issues[0]?.message ?? 'is invalid';
      throw new AppError('invalid_input', `${variable.name} ${message}, got ${shown}. Fix or unset ${variable.name}.`, { issues: [{ path: variable.name, message }] });
    }
    parsed[variable.name as EnvName] = result.data;
  }
  return parsed;
}

export function readEnvironment(vars: EnvVars): EnvironmentConfig {
  const env = parseEnvironment(vars);
  const chain: EnvironmentConfig['chain'] = {};
  if (env.PDW_WALRUS_PACKAGE_ID) chain.walrusPackageId = env.PDW_WALRUS_PACKAGE_ID;
  if (env.PDW_WAL_COIN_TYPE) chain.walCoinType = env.PDW_WAL_COIN_TYPE;
  if (env.PDW_WALRUS_STAKING_ID) chain.stakingObjectId = env.PDW_WALRUS_STAKING_ID;
  return {
    dataDir: env.PDW_DATA_DIR,
    platformDirs: pick(env, ['XDG_DATA_HOME', 'APPDATA', 'HOME']),
    library: {
      cacheDir: env.PDW_CACHE_DIR,
      embeddingApiKey: env.PDW_EMBEDDING_API_KEY,
      ...(env.PDW_DEV_GRAPH_DELAY_MS ? { graphReadDelayMs: Number(env.PDW_DEV_GRAPH_DELAY_MS) } : {}),
    },
    publisherAuth: {
      secret: env.WALRUS_PUBLISHER_JWT_SECRET,
      algorithm: env.WALRUS_PUBLISHER_JWT_ALGORITHM,
      expiringSec: env.WALRUS_PUBLISHER_JWT_EXPIRING_SEC,
      tokenUrl: env.WALRUS_PUBLISHER_TOKEN_URL,
    },
    chain,
    passphrase: env.PDW_PASSPHRASE,
    cli: { newPassphrase: env.PDW_NEW_PASSPHRASE, timerDir: env.PDW_TIMER_DIR },
    settings: pick(env, ['WALRUS_PUBLISHER_URL', 'WALRUS_AGGREGATOR_URL', 'SUI_NETWORK', 'SUI_RPC_URL']),
  };
}

/** `vars` without the development hooks: what a packaged app reads, so no setting of its user can reach them. */
export function withoutDevVariables(vars: EnvVars): EnvVars {
  const kept = { ...vars };
  for (const variable of ENV_VARIABLES as readonly EnvVariable[]) if (variable.devOnly) delete kept[variable.name];
  return kept;
}

/** The variables PDW reads that are set, for logs and diagnostics: secrets show as "(set)". */
export function redactEnvironment(vars: EnvVars): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const variable of ENV_VARIABLES) {
    const raw = vars[variable.name]?.trim();
    if (raw) shown[variable.name] = variable.secret ? '(set)' : raw;
  }
  return shown;
}

function pick(env: ParsedEnv, names: EnvName[]): ParsedEnv {
  const picked: ParsedEnv = {};
  for (const name of names) if (env[name] !== undefined) picked[name] = env[name];
  return picked;
}
