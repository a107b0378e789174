// The library's part of the composition root: the library opened on first use and closed on stop, the
// watched folders, and their handlers, guarded so the GUI never ingests or watches a raw path sent by the
// renderer (it uses uploads or main's own dialog instead).
import { AppError } from '../../src-shared/contract/index.ts';
import { libraryRequests } from '../../src-shared/contract/library.ts';
import type { pickerRequests } from '../../src-shared/contract/picker.ts';
import { lazyHandlers, type EnvironmentConfig, type HandlerMap, type Kernel, type LazyService, type PathPicker, type Wired } from '../kernel/index.ts';
import type { DocumentFile, DocumentOpener } from './document-file.ts';
import type { LibraryHandlers } from './handlers.ts';
import type { Library } from './library.ts';
import { libraryPaths } from './library-options.ts';
import { createWatchServices, type WatchHandlers } from './watch-wiring.ts';

type LibraryRequestName = keyof typeof libraryRequests | keyof typeof pickerRequests;

export type LibrarySlice = EnvironmentConfig['library'] & {
  /** Keep watched folders in sync while running (the desktop app and the web host); false in the CLI. */
  watch: boolean;
  /** Answer searches by keywords while the graph loads after opening (LibraryOptions); false in the CLI. */
  answerBeforeGraph: boolean;
};

export interface LibraryDeps {
  /** The desktop app's native file dialog; absent in the CLI and the web host. */
  pickPaths: PathPicker | undefined;
  /** How a document's file is opened: the desktop shell, a download (web host), or not at all (CLI). */
  opener: DocumentOpener | undefined;
}

export interface LibraryFacade {
  /** The open library (opened on first use; a restore closes it and the next use opens the new one). */
  library: LazyService<Library>;
  /** A document's original file, by catalog id (not_found when unknown or gone). */
  documentFile(documentId: number): Promise<DocumentFile>;
  /** Where files uploaded from the browser are kept (each at the path the user chose under it). */
  uploadsDir: string;
}

export function wireLibrary(kernel: Kernel, slice: LibrarySlice, deps: LibraryDeps): Wired<HandlerMap<LibraryRequestName> & WatchHandlers, LibraryFacade> {
  const { dataDir } = kernel.config;
  const { log, jobs } = kernel;
  // A restore killed while swapping library folders is finished before anything reads the library folder
  // (at start, before the backup services, and again before each open: another process may have restored).
  const recoverSwap = async () => {
    const swap = await (await import('./library-swap.ts')).recoverLibrarySwap(dataDir);
    if (swap !== 'none') log.warn(`An interrupted library replacement was ${swap}.`);
  };
  // The library's modules (SQLite, HNSW, extractors, embeddings) load on first use, not at start-up.
  const library = kernel.lazy<Library>(
    async () => {
      await recoverSwap();
      return (await import('./library.ts')).openLibrary({ dataDir, log, embeddingApiKey: slice.embeddingApiKey, answerBeforeGraph: slice.answerBeforeGraph,
        ...(slice.graphReadDelayMs ? { graphReadDelayMs: slice.graphReadDelayMs } : {}),
        onVectorsReady: (vectors) => kernel.events.emit('library.vectorsReady', { vectors }), ...(slice.cacheDir ? { cacheDir: slice.cacheDir } : {}) });
    },
    (l) => l.close(),
  );
  // Handlers are bound to one open Library; a restore closes it and the next call opens the new one.
  let real: { library: Library; handlers: LibraryHandlers } | undefined;
  const load = async () => {
    const { createLibraryHandlers } = await import('./handlers.ts');
    const current = await library.get();
    if (real?.library !== current) real = { library: current, handlers: createLibraryHandlers({ library: current, jobs, opener: deps.opener }) };
    return real.handlers;
  };
  const handlers = lazyHandlers<LibraryHandlers>(Object.keys(libraryRequests) as (keyof LibraryHandlers)[], load);
  const pickFolder = deps.pickPaths ? async () => (await deps.pickPaths?.('folder'))?.[0] ?? null : undefined;
  const watched = createWatchServices({
    dataDir,
    library: () => library.get(),
    jobs,
    log,
    watch: slice.watch,
    pickFolder,
    onChange: (status) => kernel.events.emit('watch.changed', status),
  });
  return {
    services: [{ name: 'library', start: recoverSwap, stop: () => library.close() }, watched.service],
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
      ...watched.handlers,
    },
    facade: {
      library,
      documentFile: async (documentId) => (await import('./document-file.ts')).documentFile(await library.get(), documentId),
      uploadsDir: libraryPaths(dataDir).uploads,
    },
  };
}
