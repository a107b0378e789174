// Keeps watched folders in sync with the library while the app runs: every folder is rescanned at start
// (changes made while the app was closed), then the system's file events mark a folder as changed and a pass
// follows once the folder has been quiet for a moment (debounced, but never later than `maxDelayMs` while
// files keep changing). One pass at a time. Where the system refuses to watch (its watch limit), the folder
// is rescanned every `pollMs` instead. A pass's ingest runs as an ingest job, so it shows progress.
import { watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, resolve, sep } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import type { IngestSummary, WatchedFolder, WatchStatus } from '../../src-shared/contract/index.ts';
import { silentLogger, type Logger } from '../kernel/index.ts';
import type { DocumentStamp } from './catalog.ts';
import { folderChanges, FolderMissingError, type FailedFiles } from './folder-changes.ts';
import type { JobOptions } from './ingest.ts';
import type { WatchList } from './watch-list.ts';
import type { SyncRecord, WatchRecords } from './watch-records.ts';

/** What a pass needs of the library. */
export interface SyncTarget {
  documentStamps(folder: string): DocumentStamp[];
  ingest(paths: readonly string[], options?: JobOptions): Promise<IngestSummary>;
  remove(ids: readonly number[]): Promise<number>;
}

export interface FolderWatcherOptions {
  list: WatchList;
  records: WatchRecords;
  library: () => Promise<SyncTarget>;
  /** Runs a pass's ingest as a job (progress, cancel); default: runs it directly. */
  runJob?: (work: (options: JobOptions) => Promise<IngestSummary>) => Promise<IngestSummary>;
  /** True while the library must not be touched (a restore replacing it): passes wait. */
  busy?: () => boolean;
  onChange?: (status: WatchStatus) => void;
  log?: Logger;
  debounceMs?: number;
  maxDelayMs?: number;
  pollMs?: number;
  /** How often to check the list file for changes made by another process (the CLI). */
  listPollMs?: number;
}

const IGNORE_FILES = new Set(['.gitignore', '.pdwignore']);

interface FolderState {
  path: string;
  addedAt: string;
  watcher: FSWatcher | null;
  polling: NodeJS.Timeout | null;
  missing: boolean;
  syncing: boolean;
  documents: number | null;
  lastSyncAt: string | null;
  lastChange: WatchedFolder['lastChange'];
  lastError: string | null;
  failed: FailedFiles;
}

export class FolderWatcher {
  readonly #options: FolderWatcherOptions;
  readonly #log: Logger;
  readonly #folders = new Map<string, FolderState>();
  readonly #dirty = new Map<string, number>(); // folder → when its first unhandled change came
  #active = false;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | null = null;
  #stopping = false;

  constructor(options: FolderWatcherOptions) {
    this.#options = options;
    this.#log = options.log ?? silentLogger;
  }

  /** Starts watching every listed folder and rescans them all. */
  async start(): Promise<void> {
    this.#active = true;
    this.#stopping = false;
    await this.#reload().catch((error: unknown) => this.#log.error('the watched folders cannot be loaded', { error: String(error) }));
    watchFile(this.#options.list.file, { interval: this.#options.listPollMs ?? 2_000, persistent: false }, () => void this.#reload().catch(() => {}));
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#active = false;
    unwatchFile(this.#options.list.file);
    clearTimeout(this.#timer);
    for (const folder of this.#folders.values()) this.#close(folder);
    await this.#pass;
  }

  status(): WatchStatus {
    const paused = this.#options.list.data.paused;
    const folders = this.#options.list.data.folders.map((f): WatchedFolder => {
      const s = this.#folders.get(f.path);
      const state: WatchedFolder['state'] = s?.syncing
        ? 'syncing'
        : s?.missing
          ? 'missing'
          : paused
            ? 'paused'
            : !this.#active
              ? 'idle'
              : s?.polling
                ? 'polling'
                : 'watching';
      return {
        path: f.path,
        addedAt: f.addedAt,
        state,
        documents: s?.documents ?? null,
        lastSyncAt: s?.lastSyncAt ?? null,
        lastChange: s?.lastChange ?? null,
        lastError: s?.lastError ?? null,
      };
    });
    return { paused, active: this.#active, folders };
  }

  async add(path: string): Promise<string> {
    const added = await this.#options.list.add(path);
    await this.#reload();
    return added;
  }

  async remove(path: string): Promise<void> {
    await this.#options.list.remove(path);
    await this.#reload();
  }

  async setPaused(paused: boolean): Promise<void> {
    await this.#options.list.setPaused(paused);
    await this.#reload();
  }

  /** The status, with the list read again where no watcher keeps it current (the CLI). */
  async current(): Promise<WatchStatus> {
    if (!this.#active) await this.#reload();
    return this.status();
  }

  /** Syncs one folder (or all) now and waits for the pass; works without `start` (the CLI). */
  async syncNow(path?: string): Promise<void> {
    if (!this.#active) await this.#reload();
    const targets = path === undefined ? [...this.#folders.keys()] : [...this.#folders.keys()].filter((p) => p === resolve(path));
    if (path !== undefined && targets.length === 0) throw new AppError('not_found', `${resolve(path)} is not a watched folder (pdw watch list shows them).`);
    for (const target of targets) this.#dirty.set(target, 0);
    await this.#pass;
    await this.#runPass();
  }

  /** Applies the list file: opens watchers for new folders, closes removed ones, rescans what (re)opened. */
  async #reload(): Promise<void> {
    const data = await this.#options.list.load();
    const records = this.#folders.size ? null : await this.#options.records.load();
    const listed = new Set(data.folders.map((f) => f.path));
    if (data.paused) this.#dirty.clear(); // resuming rescans every folder anyway
    for (const [path, folder] of this.#folders) {
      if (!listed.has(path) || data.paused) this.#close(folder);
      if (!listed.has(path)) {
        this.#folders.delete(path);
        this.#dirty.delete(path);
      }
    }
    for (const f of data.folders) {
      let folder = this.#folders.get(f.path);
      if (!folder) {
        const record = records?.get(f.path);
        folder = { path: f.path, addedAt: f.addedAt, watcher: null, polling: null, missing: false, syncing: false, documents: null, lastSyncAt: null, lastChange: null, lastError: null, ...record, failed: new Map() };
        this.#folders.set(f.path, folder);
      }
      if (this.#active && !data.paused && !folder.watcher && !folder.polling) {
        this.#open(folder);
        this.#markDirty(folder.path, 0); // a folder (re)opened is rescanned: it may have changed meanwhile
      }
    }
    this.#changed();
  }

  #open(folder: FolderState): void {
    try {
      folder.watcher = watch(folder.path, { recursive: true, persistent: false }, (_event, name) => {
        if (isRelevant(name)) this.#markDirty(folder.path);
      });
      folder.watcher.on('error', (error) => this.#fallBackToPolling(folder, error));
    } catch (error) {
      this.#fallBackToPolling(folder, error);
    }
  }

  #fallBackToPolling(folder: FolderState, error: unknown): void {
    folder.watcher?.close();
    folder.watcher = null;
    if (this.#stopping) return;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      folder.missing = true;
      folder.lastError = `${folder.path} is gone; its documents stay in the library until it is back or you stop watching it.`;
    } else {
      folder.lastError = `The system would not watch this folder (${code ?? String(error)}${code === 'ENOSPC' ? ': its limit of watched folders is reached' : ''}); it is checked every ${Math.round((this.#options.pollMs ?? 60_000) / 1000)} s instead.`;
    }
    this.#poll(folder);
    this.#changed();
  }

  /** Rescans the folder every `pollMs`: where the system cannot watch it, and to notice a missing folder's return. */
  #poll(folder: FolderState): void {
    if (!this.#active || this.#options.list.data.paused) return;
    folder.polling ??= setInterval(() => this.#markDirty(folder.path, 0), this.#options.pollMs ?? 60_000).unref();
  }

  #close(folder: FolderState): void {
    folder.watcher?.close();
    folder.watcher = null;
    if (folder.polling) clearInterval(folder.polling);
    folder.polling = null;
  }

  /** Schedules a pass once the folder is quiet (`quietMs`), never later than `maxDelayMs` after its first change. */
  #markDirty(path: string, quietMs = this.#options.debounceMs ?? 1_500): void {
    if (this.#stopping || this.#options.list.data.paused) return;
    const now = Date.now();
    const since = this.#dirty.get(path) ?? now;
    this.#dirty.set(path, since);
    const due = Math.min(now + quietMs, since + (this.#options.maxDelayMs ?? 10_000));
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#runPass(), Math.max(0, due - now)).unref();
  }

  /** One pass over the folders marked changed; changes arriving meanwhile schedule the next one. */
  async #runPass(): Promise<void> {
    if (this.#pass) return this.#pass; // the running pass leaves what arrives meanwhile marked, and reschedules
    if (this.#options.busy?.()) {
      this.#timer = setTimeout(() => void this.#runPass(), 5_000).unref();
      return;
    }
    this.#pass = (async () => {
      while (this.#dirty.size && !this.#stopping) {
        const [path] = this.#dirty.keys();
        this.#dirty.delete(path as string);
        const folder = this.#folders.get(path as string);
        if (folder) await this.#sync(folder);
      }
    })();
    try {
      await this.#pass;
    } finally {
      this.#pass = null;
    }
  }

  async #sync(folder: FolderState): Promise<void> {
    folder.syncing = true;
    this.#changed();
    try {
      const library = await this.#options.library();
      const changes = await folderChanges(folder.path, library.documentStamps(folder.path), folder.failed);
      const removed = changes.gone.length ? await library.remove(changes.gone) : 0;
      const run = this.#options.runJob ?? ((work) => work({}));
      const summary = changes.changed.length ? await run((options) => library.ingest(changes.changed, options)) : null;
      for (const o of summary?.outcomes ?? []) {
        if (o.status === 'failed') await rememberFailure(folder.failed, o.path);
        else folder.failed.delete(o.path);
      }
      if (folder.missing) this.#reopen(folder);
      folder.missing = false;
      folder.documents = library.documentStamps(folder.path).length;
      folder.lastSyncAt = new Date().toISOString();
      folder.lastError = summary?.counts.failed ? `${summary.counts.failed} file(s) could not be added; they are tried again when they change.` : folder.polling ? folder.lastError : null;
      const counts = summary?.counts;
      if (counts || removed) folder.lastChange = { added: counts?.ingested ?? 0, updated: counts?.updated ?? 0, removed, failed: counts?.failed ?? 0 };
    } catch (error) {
      if (error instanceof FolderMissingError) {
        folder.missing = true;
        folder.watcher?.close();
        folder.watcher = null;
        this.#poll(folder);
        folder.lastError = `${error.message}. Its documents stay in the library until the folder is back or you stop watching it.`;
      } else {
        folder.lastError = error instanceof Error ? error.message : String(error);
        this.#log.warn('a watched folder could not be synced', { folder: folder.path, error: folder.lastError });
      }
    } finally {
      folder.syncing = false;
      await this.#saveRecords();
      this.#changed();
    }
  }

  async #saveRecords(): Promise<void> {
    const records = new Map<string, SyncRecord>();
    for (const f of this.#folders.values()) records.set(f.path, { documents: f.documents, lastSyncAt: f.lastSyncAt, lastChange: f.lastChange, lastError: f.lastError });
    await this.#options.records.save(records).catch((error: unknown) => this.#log.warn('the watched folders\' report could not be saved', { error: String(error) }));
  }

  /** A folder that came back is watched again (its watcher died with it). */
  #reopen(folder: FolderState): void {
    if (!this.#active || this.#options.list.data.paused) return;
    this.#close(folder);
    this.#open(folder);
  }

  #changed(): void {
    this.#options.onChange?.(this.status());
  }
}

/** Events under hidden entries (.git, editors' swap files) are not the documents' business; ignore files are. */
function isRelevant(name: string | Buffer | null): boolean {
  if (name === null) return true;
  const parts = String(name).split(sep);
  const last = basename(String(name));
  if (IGNORE_FILES.has(last)) return parts.slice(0, -1).every((p) => !p.startsWith('.'));
  return parts.every((p) => !p.startsWith('.'));
}

async function rememberFailure(failed: FailedFiles, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info) failed.set(path, { size: info.size, mtimeMs: info.mtimeMs });
}
