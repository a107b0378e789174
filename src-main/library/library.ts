// The library service: one catalog, one vector index and one embedder under <dataDir>/library.
// Plain Node — the desktop app, the CLI and the web host all drive it through the same methods.
import { mkdir, stat } from 'node:fs/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppError } from '../../src-shared/contract/define.ts';
import { MAX_INGEST_FILE_BYTES, type IngestSummary, type LibraryStats, type SearchResult } from '../../src-shared/contract/library.ts';
import type { Embedder } from '../embed/index.ts';
import { silentLogger, type Logger } from '../kernel/index.ts';
import { hybridSearch, type SearchOptions, KeywordHeads } from '../search/index.ts';
import { describeIndex, type DescribeOutcome } from '../vector/index.ts';
import { Catalog, type ChunkRecord, type DocumentRecord, type DocumentStamp } from './catalog.ts';
import { DEFAULT_CHUNKING } from './chunker.ts';
import { embedderFromStored, readEmbedderChoice } from './embedder-choice.ts';
import { libraryPaths, type LibraryOptions, type LibraryPaths } from './library-options.ts';
import { ExtractPool } from './extract-pool.ts';
import { EXTRACT_LIMITS } from './extract.ts';
import type { LibraryFilter } from './filter.ts';
import { ingestPaths, type IngestDeps, type JobOptions } from './ingest.ts';
import { LibraryGraph } from './library-graph.ts';
import { saveUploads, type PlannedUpload } from './uploads.ts';

export { libraryPaths, type LibraryOptions, type LibraryPaths } from './library-options.ts';

export async function openLibrary(options: LibraryOptions): Promise<Library> {
  const paths = libraryPaths(options.dataDir, options.cacheDir);
  await mkdir(paths.dir, { recursive: true });
  // The embedder's table loads while the graph's description is checked; a graph that fits is then read in the
  // background (at a million chunks that is ~0.8 GB), and one that is missing (a restored library) or does not fit
  // is built there from the stored vectors, so the first searches are answered by keywords meanwhile.
  const embedderLoading = options.embedder ? Promise.resolve(options.embedder) : readEmbedderChoice(paths.embedderChoice).then((c) => embedderFromStored(c, paths.cache, options.embeddingApiKey));
  embedderLoading.catch(() => {}); // awaited below; this only keeps an early catalog failure from leaving it unobserved
  const catalog = Catalog.open(paths.catalog);
  try {
    const [embedder, saved] = await Promise.all([embedderLoading, describeIndex(paths.index, { generation: catalog.generation(), catchUp: true })]);
    const library = new Library(paths, catalog, embedder, options);
    await library.loadOrBuildIndex(saved);
    library.refreshKeywordHeads();
    return library;
  } catch (error) {
    catalog.close();
    throw error;
  }
}

export class Library {
  readonly paths: LibraryPaths;
  readonly #catalog: Catalog;
  readonly #options: LibraryOptions;
  readonly #log: Logger;
  readonly #extractor: ExtractPool;
  #embedder: Embedder;
  /** The vector graph, on a worker thread; searches are keyword-only while it is being opened. */
  readonly #graph: LibraryGraph;
  #reembedding = false;
  #ingesting = 0;
  readonly #keywordHeads: KeywordHeads;
  #keywordHeadsWork: Promise<void> | null = null;
  readonly #closing = new AbortController();

  /** The configured API key for remote embedders (never written to disk). */
  get embeddingApiKey(): string | undefined {
    return this.#options.embeddingApiKey;
  }

  constructor(paths: LibraryPaths, catalog: Catalog, embedder: Embedder, options: LibraryOptions) {
    this.paths = paths;
    this.#catalog = catalog;
    this.#embedder = embedder;
    this.#options = options;
    this.#log = options.log ?? silentLogger;
    this.#extractor = new ExtractPool({ log: this.#log, ...options.extraction });
    this.#graph = new LibraryGraph({
      catalog,
      path: paths.index,
      params: options.hnsw ?? {},
      ...(options.hnsw?.ef ? { ef: options.hnsw.ef } : {}),
      log: this.#log,
      closing: this.#closing.signal,
      ...(options.onVectorsReady ? { onReady: options.onVectorsReady } : {}),
      ...(options.graphWorker ? { worker: options.graphWorker } : {}),
      ...(options.graphSaveFraction === undefined ? {} : { saveFraction: options.graphSaveFraction }),
      ...(options.graphMergeFraction === undefined ? {} : { mergeFraction: options.graphMergeFraction }),
      ...(options.graphReadDelayMs ? { readDelayMs: options.graphReadDelayMs } : {}),
    });
    this.#keywordHeads = new KeywordHeads(catalog, options.keywordHeads);
  }

  get embedder(): Embedder {
    return this.#embedder;
  }

  /** True when the stored vectors were made by another embedder than the one in use. */
  get needsReembed(): boolean {
    const recorded = this.#catalog.getState('embedder');
    return recorded !== undefined && recorded !== this.#embedder.id && this.#catalog.chunkCount() > 0;
  }

  /**
   * @internal used by openLibrary: adopts the saved graph if its description fits the embedder and the catalog,
   * else rebuilds it from the catalog; either in the background.
   */
  async loadOrBuildIndex(saved: DescribeOutcome): Promise<void> {
    if (this.#catalog.chunkCount() === 0) this.#catalog.setState('embedder', this.#embedder.id);
    if (this.needsReembed) {
      this.#log.warn('library vectors come from another embedder; search is keyword-only until re-embedded', {
        stored: this.#catalog.getState('embedder'),
        current: this.#embedder.id,
      });
      return;
    }
    await this.#graph.open(saved, this.#embedder);
  }

  /** True while the saved graph is still being read after opening: searches are keyword-only meanwhile. */
  get vectorsLoading(): boolean {
    return this.#graph.loading;
  }

  /** Waits until the saved graph read at opening is in (or was rebuilt): what changes the graph needs it whole. */
  async #graphReady(): Promise<void> {
    await this.#graph.ready();
  }

  async ingest(paths: readonly string[], options: JobOptions = {}): Promise<IngestSummary> {
    this.#assertWritable();
    this.#ingesting++;
    try {
      await this.#graphReady();
      return await ingestPaths(this.#ingestDeps(), paths, options);
    } finally {
      this.#ingesting--;
      await this.#saveIfDue();
      this.refreshKeywordHeads();
    }
  }

  /** Saves uploaded files under the uploads folder at their relative paths (the same path replaces), then ingests them. */
  async ingestUploads(files: readonly PlannedUpload[], options: JobOptions = {}): Promise<IngestSummary> {
    this.#assertWritable();
    const { saved, failed } = await saveUploads(this.paths.uploads, files);
    const summary = await this.ingest(saved, options);
    if (!failed.length) return summary;
    return { ...summary, outcomes: [...failed, ...summary.outcomes], counts: { ...summary.counts, failed: summary.counts.failed + failed.length } };
  }

  async remove(ids: readonly number[]): Promise<number> {
    await this.#graphReady();
    // A document being added to the graph is removed once its insert is posted (checked in the same step as the
    // removal, which is posted after it: the graph's worker applies requests in order).
    await this.#graph.settle();
    const { removed, removedChunkIds } = this.#catalog.removeDocuments(ids);
    await this.#graph.mirror((graph) => graph.remove(removedChunkIds).then(() => undefined));
    if (removed.length) {
      await this.#saveIfDue();
      this.refreshKeywordHeads();
    }
    return removed.length;
  }

  /** Removes the documents whose file is gone from disk; returns their paths. */
  async removeMissing(): Promise<string[]> {
    const missing: { id: number; path: string }[] = [];
    for (const doc of this.#catalog.allDocumentPaths()) {
      const exists = await stat(doc.path).then(() => true, (error: NodeJS.ErrnoException) => error.code !== 'ENOENT');
      if (!exists) missing.push(doc);
    }
    if (missing.length) await this.remove(missing.map((d) => d.id));
    return missing.map((d) => d.path);
  }

  documents(query: { filter?: LibraryFilter; text?: string; sort?: 'path' | 'modified' | 'ingested'; offset?: number; limit?: number } = {}): {
    documents: DocumentRecord[];
    total: number;
  } {
    return this.#catalog.listDocuments(query);
  }

  /** Documents under `folder` with their size and modification time (what a watched folder's sync compares). */
  documentStamps(folder: string): DocumentStamp[] {
    return this.#catalog.documentStamps(folder);
  }

  folders(limit = 1000): { folders: { folder: string; documents: number }[]; total: number } {
    return this.#catalog.folders(limit);
  }

  document(id: number): { document: DocumentRecord; chunks: ChunkRecord[] } {
    const document = this.documentRecord(id);
    return { document, chunks: this.#catalog.chunksOf(id) };
  }

  /** One document's catalog record (its path, type, size), without its chunks. */
  documentRecord(id: number): DocumentRecord {
    const document = this.#catalog.getDocument(id);
    if (!document) throw new AppError('not_found', `No document with id ${id} in the library.`);
    return document;
  }

  /** While the graph is read after opening, hybrid searches are keyword-only; a vector-only one waits for it. */
  async search(query: string, options: SearchOptions = {}): Promise<SearchResult[]> {
    if (options.mode === 'vector' || (options.mode !== 'keyword' && !this.#options.answerBeforeGraph)) await this.#graphReady();
    const sources = { catalog: this.#catalog, embedder: this.#embedder, keywordHeads: this.#keywordHeads };
    const loading = this.#graph.loading && options.mode !== 'keyword';
    const results = await hybridSearch({ ...sources, index: this.needsReembed ? null : this.#graph.searchable }, query, options);
    if (!loading || results.length > 0 || this.needsReembed) return results;
    // Keywords found nothing (no shared or only common words): an empty page is no answer while the graph,
    // which may find it by meaning, is still being read.
    await this.#graphReady();
    return hybridSearch({ ...sources, index: this.#graph.searchable }, query, options);
  }

  /**
   * Brings the stored keyword heads up to date with the catalog, in the background and in small steps,
   * once no ingest is running (every commit would outdate them again). Searches meanwhile rank common
   * terms with FTS5 alone: the same results, only slower.
   */
  refreshKeywordHeads(): void {
    if (this.#keywordHeadsWork || this.#ingesting || this.#closing.signal.aborted) return;
    const signal = this.#closing.signal;
    this.#keywordHeadsWork = (async () => {
      await yieldToEventLoop(); // not within the call that asked (an open, an ingest's end)
      // 'changed': a removal landed meanwhile; start over from the new generation (an ingest restarts it itself).
      while ((await this.#keywordHeads.refresh(() => yieldToEventLoop(), signal)) === 'changed' && !this.#ingesting) continue;
    })()
      .catch((error: unknown) => {
        if (!signal.aborted) this.#log.warn('could not rank common terms ahead of searches', { error: String(error) });
      })
      .finally(() => {
        this.#keywordHeadsWork = null;
      });
  }

  /** Waits for background work started so far: the graph read at opening, graph updates and merges, keyword heads. */
  async settle(): Promise<void> {
    await this.#graph.settle();
    await this.#graph.merging;
    await this.#keywordHeadsWork;
  }

  /** Whether the graph's delta is being merged into a new base (on a worker of its own; searches go on). */
  get graphMerging(): boolean {
    return this.#graph.merging !== null;
  }

  stats(): LibraryStats {
    const counts = this.#catalog.counts();
    return {
      documents: counts.documents,
      chunks: counts.chunks,
      bytes: counts.bytes,
      byType: counts.byType,
      embedder: { id: this.#embedder.id, dimension: this.#embedder.dimension },
      vectors: this.#graph.size,
      vectorsLoading: this.#graph.loading,
      needsReembed: this.needsReembed,
      lastIngestAt: counts.lastIngestAt === null ? null : new Date(counts.lastIngestAt).toISOString(),
    };
  }

  /**
   * Re-embeds every chunk with `embedder` and switches to it. New vectors are staged and swapped in one
   * transaction at the end, so a cancelled or failed re-embed leaves the library exactly as it was.
   */
  async reembed(embedder: Embedder, options: JobOptions = {}): Promise<{ chunks: number }> {
    if (this.#reembedding) throw new AppError('conflict', 'A re-embed is already running.');
    if (this.#ingesting) throw new AppError('conflict', 'Documents are being ingested; re-embed when that finishes.');
    this.#reembedding = true;
    try {
      await this.#graphReady();
      const total = this.#catalog.counts().chunks;
      this.#catalog.discardPendingVectors();
      let done = 0;
      for (let after = 0; ; ) {
        options.signal?.throwIfAborted();
        const page = this.#catalog.chunkTexts(after, 256);
        if (!page.length) break;
        const vectors = await embedder.embed(page.map((c) => c.text), options.signal ? { signal: options.signal } : {});
        this.#catalog.stagePendingVectors(page.map((c, i) => ({ id: c.id, vector: vectors[i] ?? null })));
        after = page.at(-1)?.id ?? after;
        done += page.length;
        options.onProgress?.({ done, total, unit: 'chunks' });
      }
      options.signal?.throwIfAborted();
      this.#catalog.commitPendingVectors(embedder.id);
      // The graph is built before the library takes the new embedder: searches meanwhile are keyword-only (the
      // catalog's vectors are the new embedder's, the graph in use the old one's), never a query of one embedder
      // against a graph of the other.
      const graph = await this.#graph.build(embedder);
      this.#embedder = embedder;
      await this.#graph.replace(graph, embedder);
      await this.flush();
      this.refreshKeywordHeads();
      return { chunks: done };
    } catch (error) {
      this.#catalog.discardPendingVectors();
      throw error;
    } finally {
      this.#reembedding = false;
    }
  }

  /** Saves the vector graph whole if it changed at all since its last save (closing does too). */
  async flush(): Promise<void> {
    if (this.needsReembed) return;
    await this.#graph.save({ force: true });
  }

  /**
   * Saves the graph once enough changed since its last save: a smaller change is caught up from the catalog at
   * the next open (graph-open.ts) instead of rewriting a graph of up to a million vectors after every edit.
   */
  async #saveIfDue(): Promise<void> {
    if (this.needsReembed) return;
    await this.#graph.save({ force: false });
  }

  async close(): Promise<void> {
    if (this.#closing.signal.aborted) return; // closed already (or closing)
    this.#closing.abort();
    try {
      await this.#keywordHeadsWork;
      await this.flush();
    } finally {
      await this.#graph.close();
      await this.#extractor.close();
      this.#catalog.close();
    }
  }

  #assertWritable(): void {
    if (this.#reembedding) throw new AppError('conflict', 'The library is being re-embedded; try again when it finishes.');
    if (this.needsReembed) {
      throw new AppError('conflict', `The library was embedded with ${this.#catalog.getState('embedder')}; re-embed it with ${this.#embedder.id} before adding documents.`);
    }
  }

  #ingestDeps(): IngestDeps {
    return {
      catalog: this.#catalog,
      embedder: this.#embedder,
      extractor: this.#extractor,
      chunking: this.#options.chunking ?? DEFAULT_CHUNKING,
      maxFileBytes: this.#options.maxFileBytes ?? MAX_INGEST_FILE_BYTES,
      maxTextChars: EXTRACT_LIMITS.textChars,
      ...(this.#options.ingestBatch ? { batch: this.#options.ingestBatch } : {}),
      mirror: (update) => this.#graph.mirror(update),
    };
  }
}
