// Watched folders' part of the composition root: the watcher runs in the desktop app and `pdw serve`
// (the CLI edits the list and can sync on demand), its passes are ingest jobs, it waits while a restore
// replaces the library, and its requests refuse a raw path from the renderer.
import type { z } from 'zod';
import { AppError } from '../../src-shared/contract/define.ts';
import type { WatchStatus, watchRequests } from '../../src-shared/contract/watch.ts';
import type { JobRunner, Logger, CallContext } from '../kernel/index.ts';
import { FolderWatcher, type SyncTarget } from './folder-watcher.ts';
import { WatchList } from './watch-list.ts';
import { clearWatching, markWatching, watchingElsewhere } from './watch-presence.ts';
import { WatchRecords } from './watch-records.ts';

type Requests = typeof watchRequests;
export type WatchHandlers = {
  [K in keyof Requests]: (input: z.output<Requests[K]['input']>, ctx: CallContext) => Promise<z.output<Requests[K]['output']>>;
};

export interface WatchWiringOptions {
  dataDir: string;
  library: () => Promise<SyncTarget>;
  jobs: JobRunner;
  log: Logger;
  /** Keep folders in sync while running (the desktop app and the web host); false in the CLI. */
  watch: boolean;
  pickFolder?: (() => Promise<string | null>) | undefined;
  onChange: (status: WatchStatus) => void;
}

export function createWatchServices(options: WatchWiringOptions): {
  service: { name: string; start(): Promise<void>; stop(): Promise<void> };
  handlers: WatchHandlers;
} {
  const watcher = new FolderWatcher({
    list: new WatchList(options.dataDir),
    records: new WatchRecords(options.dataDir),
    library: options.library,
    runJob: (work) => options.jobs.start('ingest', (ctx) => work({ signal: ctx.signal, onProgress: (p) => ctx.progress(p) })).done,
    busy: () => options.jobs.running().some((j) => j.kind === 'restore'),
    onChange: options.onChange,
    log: options.log,
  });
  // Where this process does not watch (the CLI), a running app may: the status names it.
  const reported = async (status: WatchStatus): Promise<WatchStatus> => {
    const followedBy = options.watch ? null : await watchingElsewhere(options.dataDir);
    return followedBy === null ? status : { ...status, followedBy };
  };
  const refuseRawPath = (ctx: CallContext) => {
    if (ctx.transport === 'ipc' || ctx.transport === 'http') {
      throw new AppError('unsupported', 'The app does not watch typed paths: use Watch a folder… in the desktop app, or `pdw watch add DIR` on the machine that runs the app.');
    }
  };
  return {
    service: {
      name: 'watched-folders',
      start: async () => {
        if (!options.watch) return;
        await watcher.start();
        await markWatching(options.dataDir).catch((error: unknown) => options.log.warn('cannot record that this app watches the folders', { error: String(error) }));
      },
      stop: async () => {
        await watcher.stop();
        if (options.watch) await clearWatching(options.dataDir).catch(() => {});
      },
    },
    handlers: {
      'watch.list': async () => reported(await watcher.current()),
      'watch.add': async ({ path }, ctx) => {
        refuseRawPath(ctx);
        const added = await watcher.add(path);
        const status = await reported(watcher.status());
        // The CLI scans the folder itself only when no running app will (it reloads the list within seconds).
        if (!options.watch && status.followedBy === undefined) await watcher.syncNow(added);
        return status.followedBy === undefined ? watcher.status() : status;
      },
      'watch.pickAndAdd': async () => {
        if (!options.pickFolder) throw new AppError('unsupported', 'Folders are picked with the desktop app\'s dialog; on a server, run `pdw watch add DIR` there.');
        const chosen = await options.pickFolder();
        if (chosen === null) return { added: null, status: watcher.status() };
        return { added: await watcher.add(chosen), status: watcher.status() };
      },
      'watch.remove': async ({ path }) => {
        await watcher.remove(path);
        return reported(watcher.status());
      },
      'watch.setPaused': async ({ paused }) => {
        await watcher.setPaused(paused);
        return reported(watcher.status());
      },
      'watch.sync': async ({ path }) => {
        await watcher.syncNow(path);
        return reported(watcher.status());
      },
    },
  };
}
