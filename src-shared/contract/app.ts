// App-wide requests: info, reachability and settings.
import { z } from 'zod';
import { defineRequest } from './define.ts';

export const walrusStatusSchema = z.object({
  publisherUrl: z.string(),
  aggregatorUrl: z.string(),
  state: z.enum(['unknown', 'reachable', 'degraded', 'unreachable']),
  latencyMs: z.number().nonnegative().nullable(),
  checkedAt: z.string().nullable(),
  message: z.string().optional(),
});
export type WalrusStatus = z.infer<typeof walrusStatusSchema>;

export const settingsSchema = z.object({
  walrusPublisherUrl: z.url(),
  walrusAggregatorUrl: z.url(),
  suiNetwork: z.enum(['mainnet', 'testnet', 'devnet', 'localnet']),
  suiRpcUrl: z.url(),
  theme: z.enum(['system', 'light', 'dark']),
  storageEpochs: z.number().int().min(1).max(53),
  /** Backups: how many complete snapshots stay renewed; older ones are forgotten and expire on Walrus. */
  keepSnapshots: z.number().int().min(1).max(1000),
  /** Retention besides the newest keepSnapshots: the newest snapshot of each of the last N UTC days, ISO weeks, months (0: off). */
  keepDaily: z.number().int().min(0).max(1000),
  keepWeekly: z.number().int().min(0).max(1000),
  keepMonthly: z.number().int().min(0).max(1000),
  /** Days before a kept snapshot expires on Walrus that the app starts warning (0: no warning). */
  expiryWarningDays: z.number().int().min(0).max(365),
  /** Run the bundled local Walrus server in-process instead of the network (offline trial); applies at the next start. */
  useLocalWalrus: z.boolean(),
  /** Desktop: closing the window keeps the app, and its scheduled backups, running in the tray. */
  runInBackground: z.boolean(),
  /** Desktop: start when the user logs in, hidden in the tray. */
  launchAtLogin: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

/**
 * When a changed setting takes effect: 'live' at once (read through SettingsStore.onChange or at each use),
 * 'next-start' when the app starts again (read once, while the services are built). One entry per setting.
 */
export const SETTING_APPLIES = {
  walrusPublisherUrl: 'live',
  walrusAggregatorUrl: 'live',
  suiNetwork: 'live',
  suiRpcUrl: 'live',
  theme: 'live',
  storageEpochs: 'live',
  keepSnapshots: 'live',
  keepDaily: 'live',
  keepWeekly: 'live',
  keepMonthly: 'live',
  expiryWarningDays: 'live',
  useLocalWalrus: 'next-start',
  runInBackground: 'live',
  launchAtLogin: 'live',
} as const satisfies Record<keyof Settings, 'live' | 'next-start'>;

/** How stores authenticate to the publisher; the secret itself never leaves the main process. */
export const publisherAuthStatusSchema = z.object({
  /**
   * 'env': WALRUS_PUBLISHER_JWT_SECRET; 'session': set in Settings for this run (kept in memory only); 'token-url':
   * tokens asked for at WALRUS_PUBLISHER_TOKEN_URL; 'none': no token.
   */
  source: z.enum(['env', 'session', 'token-url', 'none']),
  algorithm: z.enum(['HS256', 'HS384', 'HS512']),
  /** Token lifetime (exp − iat); must equal the publisher's --jwt-expiring-sec when it sets one. */
  expiringSec: z.number().int().positive(),
});
export type PublisherAuthStatus = z.infer<typeof publisherAuthStatusSchema>;

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'web', 'cli']),
  dataDir: z.string(),
  /**
   * Where files uploaded from the browser are kept, each at the path the user chose under it: the renderer shows
   * those paths as the user's own names (src-shared/upload-names.ts shownPath), not as server paths.
   */
  uploadsDir: z.string(),
  walrus: walrusStatusSchema,
  /** True when Walrus is the local server running inside this app. */
  localWalrus: z.boolean(),
  /** What this host can do, so the UI offers only that. */
  capabilities: z.object({
    /** How library.openDocument shows a file: the system's default app, a download from the web host, or not at all. */
    openDocument: z.enum(['shell', 'download']).nullable(),
  }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appRequests = {
  'app.info': defineRequest('Version, data directory and Walrus reachability.', z.object({}).strict(), appInfoSchema),
  'walrus.checkNow': defineRequest('Probe the Walrus publisher and aggregator now.', z.object({}).strict(), walrusStatusSchema),
  'settings.get': defineRequest(
    'The effective settings and which of them are fixed by the environment.',
    z.object({}).strict(),
    z.object({ settings: settingsSchema, lockedByEnv: z.array(settingsSchema.keyof()) }),
  ),
  'walrus.publisherAuth.get': defineRequest('Whether stores carry a publisher JWT and where its secret comes from (never the secret).', z.object({}).strict(), publisherAuthStatusSchema),
  'walrus.publisherAuth.set': defineRequest(
    "Sets, or with null clears, the authenticated publisher's JWT secret for this session (kept in memory, never saved).",
    z
      .object({
        secret: z.string().min(1).max(4096).nullable(),
        algorithm: z.enum(['HS256', 'HS384', 'HS512']).optional(),
        expiringSec: z.number().int().min(1).max(31_536_000).optional(),
      })
      .strict(),
    publisherAuthStatusSchema,
  ),
  'settings.update': defineRequest(
    'Change some settings; they are validated, saved atomically and applied.',
    settingsSchema.partial().strict(),
    z.object({ settings: settingsSchema, lockedByEnv: z.array(settingsSchema.keyof()) }),
  ),
};

export const appEvents = {
  /** The desktop shell asks the window to show a page (a notification or the tray menu was clicked). */
  'app.showPage': z.object({ page: z.enum(['backups', 'settings']) }),
  'walrus.status': walrusStatusSchema,
  'settings.changed': settingsSchema,
};
