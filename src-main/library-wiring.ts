// How the library plugs into the app: opened on first use, closed on stop, its handlers guarded so the
// GUI never ingests a raw path sent by the renderer (it uses uploads or main's own dialog instead).
import { AppError } from '../src-shared/contract/index.ts';
import { libraryRequests } from '../src-shared/contract/library.ts';
import type { pickerRequests } from '../src-shared/contract/picker.ts';
import { type PathPicker, type Service, type JobRunner, LazyService, lazyHandlers, type Logger, type HandlerMap } from './kernel/index.ts';
import type { DocumentOpener } from './library/document-file.ts';
import type { LibraryHandlers } from './library/handlers.ts';
import type { Library } from './library/library.ts';

type LibraryRequestName = keyof typeof libraryRequests | keyof typeof pickerRequests;

export function createLibraryServices(deps: {
  dataDir: string;
  cacheDir?: string | undefined;
  embeddingApiKey?: string | undefined;
  jobs: JobRunner;
  log: Logger;
  pickPaths: PathPicker | undefined;
  opener: DocumentOpener | undefined;
}): {
  service: Service;
  library: LazyService<Library>;
  handlers: HandlerMap<LibraryRequestName>;
} {
  // A restore killed while swapping library folders is finished before anything reads the library folder
  // (at start, before the backup services, and again before each open: another process may have restored).
  const recoverSwap = async () => {
    const swap = await (await import('./library/library-swap.ts')).recoverLibrarySwap(deps.dataDir);
    if (swap !== 'none') deps.log.warn(`An interrupted library replacement was ${swap}.`);
  };
  // The library's modules (SQLite, HNSW, extractors, embeddings) load on first use, not at start-up.
  const library = new LazyService<Library>(
    async () => {
      await recoverSwap();
      return (await import('./library/library.ts')).openLibrary({ dataDir: deps.dataDir, log: deps.log, embeddingApiKey: deps.embeddingApiKey, ...(deps.cacheDir ? { cacheDir: deps.cacheDir } : {}) });
    },
    (l) => l.close(),
  );
  // Handlers are bound to one open Library; a restore closes it and the next call opens the new one.
  let real: { library: Library; handlers: LibraryHandlers } | undefined;
  const load = async () => {
    const { createLibraryHandlers } = await import('./library/handlers.ts');
    const current = await library.get();
    if (real?.library !== current) real = { library: current, handlers: createLibraryHandlers({ library: current, jobs: deps.jobs, opener: deps.opener }) };
    return real.handlers;
  };
  const handlers = lazyHandlers<LibraryHandlers>(Object.keys(libraryRequests) as (keyof LibraryHandlers)[], load);
  return {
    service: { name: 'library', start: recoverSwap, stop: () => library.close() },
    library,
    handlers: {
      ...handlers,
      'library.ingest': (input, ctx) => {
        if (ctx.transport === 'ipc' || ctx.transport === 'http') {
          throw new AppError('unsupported', 'The app does not ingest typed paths: use Add files… (or `pdw ingest PATH` on the command line).');
        }
        return handlers['library.ingest'](input, ctx);
      },
      'library.pickAndIngest': async ({ kind }, ctx) => {
        if (!deps.pickPaths) throw new AppError('unsupported', 'Native file dialogs exist only in the desktop app; use Add files… instead.');
        const paths = await deps.pickPaths(kind);
        if (paths.length === 0) return { jobId: null };
        return (await load())['library.ingest']({ paths }, ctx);
      },
    },
  };
}
