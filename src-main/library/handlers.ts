// Contract handlers for the library and search requests: validate-free glue (the dispatcher has already
// parsed inputs) between the contract's shapes and the Library service, with long work run as jobs.
import type { z } from 'zod';
import { AppError } from '../../src-shared/contract/define.ts';
import type { IngestSummary, LibraryDocument, libraryRequests } from '../../src-shared/contract/library.ts';
import { JobCancelled, type JobRunner, type CallContext } from '../kernel/index.ts';
import type { DocumentRecord } from './catalog.ts';
import { documentFile, documentFileUrl, type DocumentOpener } from './document-file.ts';
import { embedderFromChoice, writeEmbedderChoice } from './embedder-choice.ts';
import type { LibraryFilter } from './filter.ts';
import type { JobOptions } from './ingest.ts';
import type { Library } from './library.ts';
import { checkSearchQuality } from './search-quality.ts';
import { planUploads } from './uploads.ts';

type Requests = typeof libraryRequests;
export type LibraryHandlers = {
  [K in keyof Requests]: (input: z.output<Requests[K]['input']>, ctx: CallContext) => Promise<z.output<Requests[K]['output']>>;
};

const EMPTY_CANCELLED: IngestSummary = { outcomes: [], counts: { ingested: 0, updated: 0, unchanged: 0, failed: 0 }, cancelled: true };

export function createLibraryHandlers(deps: { library: Library; jobs: JobRunner; opener?: DocumentOpener | undefined }): LibraryHandlers {
  const { library, jobs, opener } = deps;

  // A cancelled ingest keeps the files it finished: they are its outcome (`job.result`), reported as cancelled.
  const startIngest = (run: (options: JobOptions) => Promise<IngestSummary>): { jobId: string } => {
    const job = jobs.start('ingest', async (ctx) => {
      let summary: IngestSummary;
      try {
        summary = await run({ signal: ctx.signal, onProgress: (p) => ctx.progress(p) });
      } catch (error) {
        throw ctx.signal.aborted ? new JobCancelled(EMPTY_CANCELLED) : error;
      }
      if (summary.cancelled) throw new JobCancelled(summary, 'Ingest cancelled.');
      return summary;
    });
    return { jobId: job.jobId };
  };

  return {
    'library.ingest': async (input) => startIngest((options) => library.ingest(input.paths, options)),

    'library.ingestUpload': async (input) => {
      // Names are checked here, before the job starts: a bad one refuses the request and nothing is written.
      const files = planUploads(input.files.map((f) => ({ name: f.name, content: Buffer.from(f.contentBase64, 'base64'), lastModified: f.lastModified })));
      return startIngest((options) => library.ingestUploads(files, options));
    },

    'library.documents': async (input) => {
      const page = library.documents({ ...input, filter: toFilter(input.filter) });
      return { documents: page.documents.map(toContractDocument), total: page.total };
    },

    'library.document': async ({ id }) => {
      const { document, chunks } = library.document(id);
      return { document: toContractDocument(document), chunks: chunks.map(({ id: chunkId, seq, start, end, text }) => ({ id: chunkId, seq, start, end, text })) };
    },

    'library.openDocument': async ({ documentId }) => {
      const file = await documentFile(library, documentId);
      if (!opener) throw new AppError('unsupported', `This host cannot open files; the document is at ${file.path}.`);
      if (opener.via === 'download') return { via: 'download', url: documentFileUrl(documentId), fileName: file.fileName };
      if (!file.openable) {
        await opener.reveal(file.path);
        return { via: 'shell', shown: 'folder' };
      }
      await opener.open(file.path);
      return { via: 'shell', shown: 'file' };
    },

    'library.remove': async ({ ids }) => ({ removed: await library.remove(ids) }),

    'library.removeMissing': async () => ({ removed: await library.removeMissing() }),

    'library.folders': async () => library.folders(),

    'library.stats': async () => library.stats(),

    'library.reembed': async ({ embedder: choice }) => {
      const job = jobs.start(
        'reembed',
        async (ctx) => {
          const built = choice ? await embedderFromChoice(choice, library.paths.cache, library.embeddingApiKey) : { embedder: library.embedder, stored: null };
          const result = await library.reembed(built.embedder, { signal: ctx.signal, onProgress: (p) => ctx.progress(p) });
          if (built.stored) await writeEmbedderChoice(library.paths.embedderChoice, built.stored);
          return result;
        },
        { exclusive: true },
      );
      return { jobId: job.jobId };
    },

    'search.quality': async ({ documents }) => {
      const job = jobs.start('searchQuality', (ctx) => checkSearchQuality(library, { documents, signal: ctx.signal, onProgress: (p) => ctx.progress(p) }), { exclusive: true });
      return { jobId: job.jobId };
    },

    'search.query': async (input) => {
      const started = performance.now();
      const filter = toFilter(input.filter);
      const loadingBefore = library.vectorsLoading;
      const results = await library.search(input.query, { k: input.k, mode: input.mode, ...(filter ? { filter } : {}) });
      // Still loading after the answer: it was keyword-only. A graph that came in meanwhile is announced by
      // library.vectorsReady, which asks again anyway.
      const vectorsLoading = input.mode === 'hybrid' && loadingBefore && library.vectorsLoading;
      return { results, tookMs: performance.now() - started, vectorsLoading };
    },
  };
}

export function toFilter(filter: z.output<Requests['search.query']['input']>['filter']): LibraryFilter | undefined {
  if (!filter) return undefined;
  const out: LibraryFilter = {};
  if (filter.folder) out.folder = filter.folder;
  if (filter.types) out.types = filter.types;
  if (filter.modifiedAfter) out.modifiedAfter = Date.parse(filter.modifiedAfter);
  if (filter.modifiedBefore) out.modifiedBefore = Date.parse(filter.modifiedBefore);
  return out;
}

export function toContractDocument(d: DocumentRecord): LibraryDocument {
  return {
    id: d.id,
    path: d.path,
    folder: d.folder,
    title: d.title,
    type: d.type,
    size: d.size,
    hash: d.hash,
    modifiedAt: new Date(d.mtime).toISOString(),
    ingestedAt: new Date(d.ingestedAt).toISOString(),
    chunkCount: d.chunkCount,
  };
}
