// Backups: encrypted, incremental snapshots of the library on Walrus; history, preview, verify, restore,
// and the outbox of items that wait locally while Walrus is unreachable.
import { z } from 'zod';
import { discoveryResultSchema } from './backup-discovery.ts';
import { defineRequest } from './define.ts';

export { discoveredSnapshotSchema, discoveryResultSchema, type DiscoveryResult, unreadableBlobSchema } from './backup-discovery.ts';

const jobStarted = z.object({ jobId: z.string() });

export const snapshotStateSchema = z.enum(['running', 'pending', 'complete', 'failed']);

/** What a snapshot holds and what it cost: shared by a run's result and the history. */
export const snapshotCountsSchema = z.object({
  documents: z.number().int(),
  items: z.number().int(),
  uploadedItems: z.number().int(),
  uploadedBytes: z.number().int(),
  referencedItems: z.number().int(),
  referencedBytes: z.number().int(),
  /** FROST reported by the publisher. */
  cost: z.number(),
  endEpoch: z.number().int().nullable(),
});
export type SnapshotCounts = z.infer<typeof snapshotCountsSchema>;

export const backupRunResultSchema = snapshotCountsSchema.extend({
  /** The manifest's blob id once stored (usable on any machine with the same recovery phrase); the run id while pending. */
  snapshotId: z.string(),
  runId: z.string(),
  manifestBlobId: z.string().nullable(),
  /** 'pending': Walrus was unreachable; the encrypted items wait in the local outbox. */
  state: z.enum(['complete', 'pending']),
  /** Nothing changed since snapshot `snapshotId`: no new snapshot was made and nothing was bought. */
  unchanged: z.boolean(),
  /**
   * Set when this snapshot starts a fresh chain on a Walrus deployment (network, publisher, aggregator) other
   * than the one earlier snapshots are on: nothing stored elsewhere was referenced.
   */
  newDeployment: z.string().optional(),
});
export type BackupRunResult = z.infer<typeof backupRunResultSchema>;

export const snapshotSummarySchema = snapshotCountsSchema.extend({
  id: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  state: snapshotStateSchema,
  /** Estimated from the epochs seen so far. */
  expiresAt: z.string().nullable(),
  parent: z.string().nullable(),
  error: z.string().nullable(),
  /** When retention (or the user) forgot it: no longer renewed, it expires on Walrus at `expiresAt`. */
  forgottenAt: z.string().nullable(),
  /** Kept by hand: retention never forgets it (it does not count towards keepSnapshots). */
  pinned: z.boolean(),
  /** Its end epoch has passed (by the estimate): it can no longer be restored. */
  expired: z.boolean(),
  /** Kept, but renewal could not store again something it needs: it expires at `expiresAt` unless a retry succeeds. */
  atRisk: z.boolean(),
  /**
   * Kept, ends within the warning window (Settings: expiryWarningDays) and renewal, due for an epoch already, has
   * not extended it: it expires at `expiresAt` unless a renewal runs (open the app, or `pdw renew`).
   */
  expiringSoon: z.boolean(),
});
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>;

export const expiryBasisSchema = z.object({
  /** The deployment's epoch now, by the estimate (the network's word at the last pass, plus time since). */
  currentEpoch: z.number().int(),
  epochMs: z.number().int().positive(),
  /** True when the epoch length came from the deployment (Sui staking object, or the local server), not assumed. */
  epochFromNetwork: z.boolean(),
  warningDays: z.number().int(),
  /** Renewal stores an object again once it has at most this many epochs left. */
  renewWithinEpochs: z.number().int(),
});

export const snapshotPreviewSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  documents: z.number().int(),
  chunks: z.number().int(),
  /** Bytes of the original files. */
  bytes: z.number().int(),
  items: z.number().int(),
  parent: z.string().nullable(),
  embedder: z.string(),
});

export const verifyResultSchema = z.object({
  snapshotId: z.string(),
  total: z.number().int(),
  checked: z.number().int(),
  failures: z.array(
    z.object({
      kind: z.string(),
      documentId: z.number().int(),
      message: z.string(),
      /** Why: 'expired' (with the epoch its storage ended at), 'not_found', 'damaged' or 'unreadable'. */
      reason: z.enum(['expired', 'not_found', 'damaged', 'unreadable']).optional(),
      endEpoch: z.number().int().optional(),
    }),
  ),
  /** The failures in one sentence (e.g. "1,998 of 2,400 items expired at epoch 7 …"), or that all are intact. */
  summary: z.string().optional(),
});
export type VerifyResult = z.infer<typeof verifyResultSchema>;

const ruleCount = z.number().int().min(0).max(1000);
/**
 * Retention rules, as restic's `forget --keep-*`: the newest `keepLast`, and the newest snapshot of each of the
 * `keepDaily` / `keepWeekly` / `keepMonthly` most recent UTC days, ISO weeks and months that have one (0: rule off).
 */
export const retentionPolicySchema = z.object({ keepLast: ruleCount.min(1), keepDaily: ruleCount, keepWeekly: ruleCount, keepMonthly: ruleCount }).strict();
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/** Settings a snapshot carries to the machine that restores it (sealed in the manifest; absent in older ones). */
export const snapshotSettingsSchema = z.object({
  /** The backup schedule's interval (0: off). */
  scheduleIntervalMs: z.number().int().nonnegative().optional(),
  retention: retentionPolicySchema.optional(),
});
export type SnapshotSettings = z.infer<typeof snapshotSettingsSchema>;

export const restoreResultSchema = z.object({
  snapshotId: z.string(),
  documents: z.number().int(),
  chunks: z.number().int(),
  bytes: z.number().int(),
  withoutContent: z.number().int(),
  createdAt: z.string(),
  /** The snapshot's settings this data folder took over (a restore into a new data folder only), and what that means. */
  adopted: z.object({ scheduleIntervalMs: z.number().int().nullable(), retention: retentionPolicySchema.nullable(), message: z.string() }).optional(),
});

export const outboxStatusSchema = z.object({ snapshots: z.number().int(), items: z.number().int(), bytes: z.number().int() });

/** A kept snapshot that renewal could not keep alive (so far): when it expires, or that it has. */
export const expiringSnapshotSchema = z.object({
  snapshotId: z.string(),
  runId: z.string(),
  createdAt: z.string(),
  endEpoch: z.number().int(),
  /** Estimated from the epochs seen so far. */
  expiresAt: z.string(),
  expired: z.boolean(),
});
export type ExpiringSnapshot = z.infer<typeof expiringSnapshotSchema>;

/** When renewal next acts and what it will cost: the first epoch an object it keeps comes within the threshold. */
export const renewalForecastSchema = z.object({
  epoch: z.number().int(),
  /** That epoch's date, by the epoch estimate. */
  at: z.string(),
  /** Renewal stores an object again once it has at most this many epochs left. */
  renewWithinEpochs: z.number().int(),
  /** Stored objects (quilts and blobs) due then. */
  objects: z.number().int(),
  /** FROST, from the cost model (storage for the configured epochs plus the write fee). */
  cost: z.number(),
  wal: z.number(),
});
export type RenewalForecast = z.infer<typeof renewalForecastSchema>;

export const renewalResultSchema = z.object({
  /** Stored objects (quilts and blobs: items, parts, manifests) stored again, each once. */
  renewed: z.number().int(),
  /** Quilts too large for one request whose live items were stored again in new quilts instead. */
  repacked: z.number().int(),
  /** Items so moved to new quilts (items only forgotten snapshots needed are left to expire). */
  movedItems: z.number().int(),
  /** Kept snapshots whose manifests were written again because their items moved (each gets a new snapshot id). */
  manifests: z.number().int(),
  /** Planned, but not due once a store reported the real current epoch (the estimate had run ahead). */
  notDue: z.number().int(),
  bytes: z.number().int(),
  cost: z.number(),
  /** Objects of kept snapshots that expired before they could be renewed. */
  expired: z.number().int(),
  failures: z.array(z.object({ objectId: z.string(), message: z.string() })),
  /** Kept snapshots that will expire (or have) because something they need was not renewed. */
  expiring: z.array(expiringSnapshotSchema),
  /** After this pass: when renewal next acts and its cost (null when nothing kept is live). */
  next: renewalForecastSchema.nullable().optional(),
});
export type RenewalResult = z.infer<typeof renewalResultSchema>;

/** What a backup job finishes with: the snapshot, then the renewal that followed it (when it ran). */
export const backupOutcomeSchema = z.object({
  backup: backupRunResultSchema,
  renew: renewalResultSchema.optional(),
  /** Kept snapshots that renewal could not keep alive, with when they expire. */
  expiring: z.array(expiringSnapshotSchema),
  /** Renewal after a complete backup failed; the backup itself stands and the next run retries. */
  renewalError: z.string().optional(),
});
export type BackupOutcome = z.infer<typeof backupOutcomeSchema>;

/** A local wall-clock time, HH:MM (24-hour). */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Write the time as HH:MM, from 00:00 to 23:59');

export const scheduleIntervalSchema = z.enum(['off', 'hourly', 'daily', 'weekly', 'custom']);

/** Backups while the wallet is locked: the derived backup keys (never the signing key) kept apart from the wallet. */
export const unattendedStateSchema = z.object({
  enabled: z.boolean(),
  /** os-keychain (desktop); key-file (0600 in the data folder); environment (PDW_PASSPHRASE in the service). */
  method: z.enum(['os-keychain', 'key-file', 'environment']).nullable(),
  /** Whether this machine has a system keychain to seal the keys with. */
  keychainAvailable: z.boolean(),
});
export type UnattendedState = z.infer<typeof unattendedStateSchema>;

export const scheduleStatusSchema = z.object({
  interval: scheduleIntervalSchema,
  intervalMinutes: z.number().int().nonnegative(),
  nextRunAt: z.string().nullable(),
  lastRunAt: z.string().nullable(),
  lastOutcome: z.enum(['complete', 'pending', 'skipped', 'failed']).nullable(),
  lastError: z.string().nullable(),
  /** Failures in a row; the next attempt backs off exponentially (up to the interval). */
  failures: z.number().int().nonnegative(),
  /** Local HH:MM that runs of a whole-day schedule land at; null: every interval after the last run. */
  timeOfDay: z.string().nullable(),
  /** Paused by the user: no backups run until resumed (renewal still does). */
  paused: z.boolean(),
  /** How long a Walrus epoch lasts on the deployment in use: the network's figure once read, else the assumed one. */
  epoch: z.object({ lengthMs: z.number().int().positive(), fromNetwork: z.boolean() }),
  unattended: unattendedStateSchema,
});
export type ScheduleStatus = z.infer<typeof scheduleStatusSchema>;

export const runKindSchema = z.enum(['backup', 'flush', 'renewal', 'retention', 'verify']);
export const runOutcomeSchema = z.enum(['running', 'ok', 'skipped-no-changes', 'pending', 'failed', 'cancelled']);

/** One entry of the run log: every backup, flush, renewal, retention pass and verify, persisted (the last 200). */
export const runEntrySchema = z.object({
  id: z.number().int(),
  kind: runKindSchema,
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  outcome: runOutcomeSchema,
  /** The snapshot it made, verified or forgot (a run id while pending). */
  snapshotId: z.string().nullable(),
  /** Items (or, for a renewal, stored objects) uploaded; for retention, snapshots forgotten. */
  uploadedItems: z.number().int(),
  referencedItems: z.number().int(),
  bytes: z.number().int(),
  /** FROST. */
  cost: z.number(),
  message: z.string().nullable(),
});
export type RunEntry = z.infer<typeof runEntrySchema>;

export const retentionResultSchema = z.object({ keep: z.number().int(), forgotten: z.array(z.string()) });

export const retentionPreviewSchema = z.object({
  policy: retentionPolicySchema,
  /** Newest first, each with the rules that keep it ('newest': the newest complete one is always kept). */
  keep: z.array(z.object({ id: z.string(), createdAt: z.string(), reasons: z.array(z.enum(['last', 'daily', 'weekly', 'monthly', 'newest', 'pinned'])) })),
  /** What applying the policy would forget now (no longer renewed: it expires on Walrus). */
  forget: z.array(z.object({ id: z.string(), createdAt: z.string() })),
});
export type RetentionPreview = z.infer<typeof retentionPreviewSchema>;

const snapshotId = z.string().min(1).max(200);

/** What fixes a notice: retry the backup, upload the outbox, unlock the wallet, renew, or open the settings. */
export const noticeActionSchema = z.enum(['retry-backup', 'upload-outbox', 'unlock', 'renew', 'open-settings']);

/**
 * Something about backups the user should act on, shown as an OS (or browser) notification once and as a banner
 * on the Backups page while it holds. `id` is stable for one occurrence (a failure streak, the oldest waiting
 * snapshot, an expiry date): a new id is a new notification.
 */
export const backupNoticeSchema = z.object({
  id: z.string(),
  kind: z.enum(['backup-failed', 'outbox-waiting', 'expiring-soon']),
  title: z.string(),
  body: z.string(),
  actions: z.array(z.object({ action: noticeActionSchema, label: z.string() })).min(1),
});
export type BackupNotice = z.infer<typeof backupNoticeSchema>;

export const backupRequests = {
  'backup.run': defineRequest('Back up the library now (incremental); returns the job to follow (`job.result`).', z.object({}).strict(), jobStarted),
  'backup.snapshots': defineRequest(
    'Backup history, newest first, and how expiry dates are reckoned (epoch length: the network\'s or assumed; warning window).',
    z.object({}).strict(),
    z.object({ snapshots: z.array(snapshotSummarySchema), expiry: expiryBasisSchema }),
  ),
  'backup.snapshot': defineRequest(
    'Preview a snapshot (read and decrypted from Walrus): documents, size, date.',
    z.object({ id: snapshotId }).strict(),
    snapshotPreviewSchema,
  ),
  'backup.verify': defineRequest(
    'Read a sample (default 20) or all items of a snapshot back, decrypt them and check their hashes.',
    z.object({ id: snapshotId, sample: z.number().int().min(1).max(100_000).optional(), all: z.boolean().optional() }).strict(),
    jobStarted,
  ),
  'backup.restore': defineRequest(
    'Restore a snapshot into this data folder: an empty library, or replacing the current one (confirm: true).',
    z
      .object({ snapshotId, target: z.enum(['new', 'replace']), confirm: z.boolean() })
      .strict()
      .refine((v) => v.target !== 'replace' || v.confirm, { message: 'Replacing the library needs confirm: true', path: ['confirm'] }),
    jobStarted,
  ),
  'backup.flushOutbox': defineRequest(
    'Upload what waits in the outbox and complete pending snapshots.',
    z.object({}).strict(),
    z.object({ completed: z.array(z.string()), pending: z.number().int() }),
  ),
  'backup.outbox': defineRequest('How much waits in the outbox for Walrus.', z.object({}).strict(), outboxStatusSchema),
  'backup.discover': defineRequest(
    "Find this wallet's snapshots on Walrus (restore anywhere): its owned blobs that decrypt as snapshot manifests, newest first.",
    z.object({}).strict(),
    discoveryResultSchema,
  ),
  'backup.runs': defineRequest(
    'The run log, newest first: backups, flushes, renewals, retention passes and verifies with outcome, counts and error.',
    z.object({ offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(200).optional() }).strict(),
    z.object({ runs: z.array(runEntrySchema), total: z.number().int() }),
  ),
  'backup.forget': defineRequest(
    'Forget a snapshot (confirm: true): it is no longer renewed and expires on Walrus; undone by backup.keep while it has not expired.',
    z
      .object({ id: snapshotId, confirm: z.boolean() })
      .strict()
      .refine((v) => v.confirm, { message: 'Forgetting a snapshot needs confirm: true', path: ['confirm'] }),
    z.object({ snapshot: snapshotSummarySchema }),
  ),
  'backup.keep': defineRequest(
    'Keep a snapshot by hand (pinned): retention never forgets it; un-forgets a forgotten one that has not expired.',
    z.object({ id: snapshotId }).strict(),
    z.object({ snapshot: snapshotSummarySchema }),
  ),
  'backup.applyRetention': defineRequest(
    'Apply the retention rules (keepSnapshots as keep-last, keepDaily/Weekly/Monthly): forget the complete snapshots none keeps (pinned ones are kept).',
    z.object({}).strict(),
    retentionResultSchema,
  ),
  'backup.retentionPreview': defineRequest(
    'What a retention policy (the saved one, with any rule given here instead) would keep and forget now; changes nothing.',
    retentionPolicySchema.partial().strict(),
    retentionPreviewSchema,
  ),
  'backup.renew': defineRequest(
    'Store again, for the configured epochs, every quilt and blob a kept snapshot needs that nears its end; returns the job.',
    z.object({}).strict(),
    jobStarted,
  ),
  'backup.schedule': defineRequest('The backup schedule and how its last run went.', z.object({}).strict(), scheduleStatusSchema),
  'backup.setSchedule': defineRequest(
    'Set the backup interval (custom: every `minutes`, at least 15) and, for whole days, a local time of day (HH:MM).',
    z
      .object({
        interval: scheduleIntervalSchema,
        minutes: z.number().int().min(15, 'Choose an interval of at least 15 minutes').max(525_600).optional(),
        timeOfDay: timeOfDaySchema.nullable().optional(),
      })
      .strict()
      .refine((v) => v.interval !== 'custom' || v.minutes !== undefined, { message: 'A custom interval needs minutes', path: ['minutes'] }),
    scheduleStatusSchema,
  ),
  'backup.setUnattended': defineRequest(
    'Turn unattended backups (while the wallet is locked) on or off; turning on a locked wallet takes its passphrase once.',
    z
      .object({
        enabled: z.boolean(),
        method: unattendedStateSchema.shape.method.unwrap().optional(),
        passphrase: z.string().min(1).max(1024).optional(),
      })
      .strict(),
    scheduleStatusSchema,
  ),
  'backup.notices': defineRequest(
    'What about backups needs the user now (failed scheduled runs, an outbox waiting over a day, kept snapshots near expiry), each with its action.',
    z.object({}).strict(),
    z.object({ notices: z.array(backupNoticeSchema) }),
  ),
  'backup.pauseSchedule': defineRequest(
    'Pause (true) or resume (false) scheduled backups; the schedule itself is kept, and renewal goes on while paused.',
    z.object({ paused: z.boolean() }).strict(),
    scheduleStatusSchema,
  ),
};

export const backupEvents = {
  /** A notice that newly holds: hosts show it as a notification (desktop: Electron; web: the browser's, if allowed). */
  'backup.notice': backupNoticeSchema,
  /** The history, the outbox or the schedule (set, paused, a run's outcome) changed: the Backups page reloads. */
  'backup.changed': z.object({ reason: z.enum(['run', 'flush', 'restore', 'retention', 'renew', 'schedule']) }),
};
