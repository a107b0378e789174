// Watched folders: sources the running app keeps in sync with the library (new and changed files are
// ingested within seconds, deleted ones removed). A folder is added by a path only from the CLI (or the
// desktop app's own folder dialog): the renderer never sends a raw path, so in web mode only folders
// given on the server's side are watched.
import { z } from 'zod';
import { defineRequest } from './define.ts';

export const watchedFolderSchema = z.object({
  path: z.string(),
  /**
   * watching: changes apply within seconds; polling: the system refused to watch (e.g. its watch limit), so the
   * folder is rescanned every minute; syncing: a pass is running; missing: the folder is gone or unreadable (its
   * documents are kept until it is back or removed); paused: every folder is paused; idle: nothing runs it here
   * (the CLI: the desktop app or `pdw serve` keeps it in sync).
   */
  state: z.enum(['watching', 'polling', 'syncing', 'missing', 'paused', 'idle']),
  addedAt: z.string(),
  /** Documents of the library under this folder. */
  documents: z.number().int().nonnegative().nullable(),
  lastSyncAt: z.string().nullable(),
  /** What the last pass changed. */
  lastChange: z.object({ added: z.number().int(), updated: z.number().int(), removed: z.number().int(), failed: z.number().int() }).nullable(),
  lastError: z.string().nullable(),
});
export type WatchedFolder = z.infer<typeof watchedFolderSchema>;

export const watchStatusSchema = z.object({
  paused: z.boolean(),
  /** Whether this process keeps the folders in sync (the desktop app and `pdw serve`; not the CLI). */
  active: z.boolean(),
  /**
   * The CLI only: the process id of the running app (the desktop app or `pdw serve`) that keeps the folders in
   * sync meanwhile. A folder added then is scanned by that app within seconds, not by the CLI.
   */
  followedBy: z.number().int().positive().optional(),
  folders: z.array(watchedFolderSchema),
});
export type WatchStatus = z.infer<typeof watchStatusSchema>;

const folderPath = z.string().trim().min(1).max(4096);

export const watchRequests = {
  'watch.list': defineRequest('The watched folders and how each is kept in sync.', z.object({}).strict(), watchStatusSchema),
  'watch.add': defineRequest(
    'Watch a folder given by its path (CLI only: the app picks folders with its own dialog); it is scanned at once.',
    z.object({ path: folderPath }).strict(),
    watchStatusSchema,
  ),
  'watch.pickAndAdd': defineRequest(
    "Open the desktop app's folder dialog and watch the folder chosen; `added` is null when the dialog was cancelled.",
    z.object({}).strict(),
    z.object({ added: z.string().nullable(), status: watchStatusSchema }),
  ),
  'watch.remove': defineRequest(
    'Stop watching a folder. Its documents stay in the library (remove them there if wanted).',
    z.object({ path: folderPath }).strict(),
    watchStatusSchema,
  ),
  'watch.setPaused': defineRequest(
    'Pause or resume keeping watched folders in sync; resuming rescans them.',
    z.object({ paused: z.boolean() }).strict(),
    watchStatusSchema,
  ),
  'watch.sync': defineRequest(
    'Bring watched folders in line with the disk now (one folder, or all); resolves when done.',
    z.object({ path: folderPath.optional() }).strict(),
    watchStatusSchema,
  ),
};

export const watchEvents = {
  'watch.changed': watchStatusSchema,
};
