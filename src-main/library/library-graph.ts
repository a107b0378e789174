// The library's vector graph, kept in its worker thread (graph-client.ts): opened from the saved graph in the
// background or built from the catalog, updated after every commit, saved, and reopened from the catalog when
// its worker dies. The catalog is the source of truth; the graph is a cache of its vectors that can always be
// rebuilt.
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeOrphanedTemps } from '../kernel/fs/atomic.ts';
import type { Logger } from '../kernel/index.ts';
import { basePathFor, describeIndex, metaPathFor, removeOrphanedSegments, type DescribeOutcome, type HnswParams, type IndexMeta } from '../vector/index.ts';
import type { Catalog } from './catalog.ts';
import { GraphWorkerLost, type GraphWorker, type GraphWorkerOptions } from './graph-client.ts';
import { DEFAULT_MERGE_FRACTION, mergeBase } from './graph-merge.ts';
import { buildGraph, openSavedGraph, type GraphSource } from './graph-open.ts';
import type { GraphUpdates } from './ingest.ts';

export interface GraphEmbedder {
  id: string;
  dimension: number;
}

export interface LibraryGraphOptions {
  catalog: Catalog;
  /** Where the graph is saved (its description beside it). */
  path: string;
  params: Partial<HnswParams>;
  /** Overrides the saved graph's search parameter. */
  ef?: number;
  log: Logger;
  /** Aborted when the library closes: a build in progress stops, a lost worker is not replaced. */
  closing: AbortSignal;
  /** Told when a graph read or built in the background is in (searches use it from then on). */
  onReady?: (vectors: number) => void;
  worker?: GraphWorkerOptions;
  /** The share of the graph that must change before it is saved whole again (default DEFAULT_SAVE_FRACTION). */
  saveFraction?: number;
  /** The share of the graph its delta and tombstones reach before they are merged into a new base (DEFAULT_MERGE_FRACTION). */
  mergeFraction?: number;
  /** Development and tests only: the background read (or build) of the graph starts this much later. */
  readDelayMs?: number;
}

/**
 * A save writes the change since the base (the delta and tombstones, segment-file.ts), not the graph; catching
 * up at open costs about the change too (its vectors inserted, plus one pass over the catalog's chunk ids when
 * anything was removed). Past 1% of the graph the catch-up would cost more than the save.
 */
export const DEFAULT_SAVE_FRACTION = 0.01;

export class LibraryGraph {
  readonly #options: LibraryGraphOptions;
  #graph: GraphWorker | null = null;
  #embedder: GraphEmbedder | null = null;
  /** The graph being opened in the background; searches are keyword-only until it is in. */
  #loading: { promise: Promise<void>; count: number } | null = null;
  readonly #mirrors = new Set<Promise<void>>();
  /** Labels added or removed since the graph was last saved. */
  #unsaved = 0;
  /** The merge of the delta into a new base, while one runs (graph-merge.ts). */
  #merging: Promise<void> | null = null;
  #saveQueue: Promise<unknown> = Promise.resolve();

  constructor(options: LibraryGraphOptions) {
    this.#options = options;
  }

  /** The graph to search, or null while it is being opened (or the library has none: keyword-only). */
  get searchable(): GraphWorker | null {
    return this.#loading ? null : this.#graph;
  }

  get loading(): boolean {
    return this.#loading !== null;
  }

  /** Live vectors (while opening: those of the saved graph being read). */
  get size(): number {
    return this.#loading ? this.#loading.count : (this.#graph?.size ?? 0);
  }

  /** Waits until the graph being opened is in (or was rebuilt): what changes the graph needs it whole. */
  async ready(): Promise<void> {
    while (this.#loading) await this.#loading.promise;
  }

  /**
   * Adopts the saved graph `saved` describes when it fits `embedder`, else builds one from the catalog's stored
   * vectors (a restored library has none saved: ~2.5 s at 100k chunks). Either runs in the background, saved once
   * in; searches are keyword-only meanwhile, and what changes the graph waits for it (`ready`).
   */
  async open(saved: DescribeOutcome, embedder: GraphEmbedder): Promise<void> {
    this.#embedder = embedder;
    // A save killed part way left its temp files: this process has not saved yet, so none of them is in use.
    await removeOrphanedTemps(this.#options.path);
    await removeOrphanedTemps(metaPathFor(this.#options.path));
    await removeOrphanedSegments(this.#options.path, saved.meta);
    const usable = usableMeta(saved, embedder);
    if ('meta' in usable) return this.#openInBackground(this.#adopt(usable.meta), usable.meta.count);
    this.#openInBackground(this.#build(usable.reason), this.#options.catalog.chunkCount());
  }

  /** Takes `graph` (built for `embedder`) in place of the current one, which is closed. */
  async replace(graph: GraphWorker, embedder: GraphEmbedder): Promise<void> {
    await this.ready();
    const old = this.#graph;
    this.#graph = graph;
    this.#embedder = embedder;
    this.#unsaved = graph.size || 1;
    await old?.close();
  }

  /** A new worker with a graph of the catalog's vectors for `embedder` (not yet in use: see replace). */
  async build(embedder: GraphEmbedder, signal?: AbortSignal): Promise<GraphWorker> {
    return buildGraph(this.#source(embedder.dimension, signal));
  }

  /**
   * Runs `update` against the graph, posted in the calling step unless the graph is being opened (then once it
   * is in: the catalog read by the opening already holds the change). Never fails: a lost worker is replaced by
   * a graph caught up with the catalog.
   */
  mirror(update: (graph: GraphUpdates) => Promise<void>): Promise<void> {
    const post = () => {
      const graph = this.#graph;
      if (!graph) return Promise.resolve();
      return update({
        add: (labels, vectors) => {
          this.#unsaved += labels.length;
          return graph.add(labels, vectors);
        },
        remove: (labels) => {
          this.#unsaved += labels.length;
          return graph.remove(labels);
        },
      });
    };
    const running = (this.#loading ? this.ready().then(post) : post())
      .catch((error: unknown) => {
        // A lost worker was reported (and is being replaced); anything else leaves the graph short of a change.
        if (!this.#options.closing.aborted && !(error instanceof GraphWorkerLost)) this.#options.log.error('a graph update failed', { error: String(error) });
      })
      .finally(() => this.#mirrors.delete(running));
    this.#mirrors.add(running);
    return running;
  }

  /** The merge of the delta into a new base running now, if any (tests and benchmarks wait for it). */
  get merging(): Promise<void> | null {
    return this.#merging;
  }

  /** Waits for the graph updates posted so far. */
  async settle(): Promise<void> {
    await this.ready();
    while (this.#mirrors.size) await Promise.allSettled([...this.#mirrors]);
  }

  /**
   * Saves the graph whole (on its worker) if it changed since the last save: with `force: false` only once the
   * changes reach the save fraction of its size (a smaller change is caught up from the catalog at open).
   */
  save({ force }: { force: boolean }): Promise<IndexMeta | null> {
    // One save at a time: a close right after a graph came in waits for the save that follows it, rather than
    // finding nothing unsaved and closing the worker under it.
    const saving = this.#saveQueue.then(() => this.#saveNow(force));
    this.#saveQueue = saving.catch(() => {});
    return saving;
  }

  async #saveNow(force: boolean): Promise<IndexMeta | null> {
    // The generation is read in the step that found no update waiting to be posted, and the save is posted in
    // that step: the worker applies requests in order, so the saved graph is the catalog's at that generation.
    await this.settle();
    const graph = this.#graph;
    const embedder = this.#embedder;
    if (!graph || graph.lost || !embedder || !this.#unsaved) return null;
    if (!force && this.#unsaved < Math.max(1, graph.size * (this.#options.saveFraction ?? DEFAULT_SAVE_FRACTION))) return null;
    const meta = await this.#saving(() => graph.save(this.#options.path, { embedderId: embedder.id, generation: this.#options.catalog.generation() }));
    this.#mergeIfDue(graph, meta);
    return meta;
  }

  /** Runs a save posted in the calling step; the changes it covers are counted unsaved again if it fails. */
  async #saving(save: () => Promise<IndexMeta>): Promise<IndexMeta> {
    const unsaved = this.#unsaved;
    this.#unsaved = 0;
    try {
      return await save();
    } catch (error) {
      this.#unsaved += unsaved;
      throw error;
    }
  }

  /** Starts merging the delta into a new base (in the background) once it reaches the merge fraction of the graph. */
  #mergeIfDue(graph: GraphWorker, saved: IndexMeta): void {
    const embedder = this.#embedder;
    if (this.#merging || !saved.delta || !embedder || this.#options.closing.aborted) return;
    if (graph.changed < Math.max(1, graph.size * (this.#options.mergeFraction ?? DEFAULT_MERGE_FRACTION))) return;
    const merging = this.#merge(graph, saved, embedder)
      .catch((error: unknown) => {
        if (!this.#options.closing.aborted && !graph.lost) this.#options.log.warn('could not merge the vector index', { error: String(error) });
      })
      .finally(() => {
        if (this.#merging === merging) this.#merging = null;
      });
    this.#merging = merging;
  }

  async #merge(graph: GraphWorker, saved: IndexMeta, embedder: GraphEmbedder): Promise<void> {
    const { path } = this.#options;
    const base = await mergeBase(this.#source(embedder.dimension, this.#options.closing), path, saved, embedder.id, this.#options.ef);
    try {
      await this.settle(); // the swap saves: posted in the step that found no update waiting, as a save is
      if (graph !== this.#graph || graph.lost || this.#options.closing.aborted) throw new Error('the graph changed while it was merged');
      await this.#saving(() => graph.swap(path, base, { embedderId: embedder.id, generation: this.#options.catalog.generation() }));
    } catch (error) {
      await rm(basePathFor(path, base), { force: true });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.#graph?.close();
    this.#graph = null;
  }

  #openInBackground(opening: Promise<void>, count: number): void {
    const loading = { promise: opening, count };
    this.#loading = loading;
    void opening.finally(() => {
      if (this.#loading === loading) this.#loading = null;
      if (this.#options.closing.aborted) return;
      this.#options.onReady?.(this.size);
      // A graph rebuilt (or caught up by much) in the background is saved once in.
      this.save({ force: false }).catch((error: unknown) => this.#options.log.warn('could not save the vector index', { error: String(error) }));
    });
  }

  /** Reads the saved graph into a new worker; a graph that cannot be read is rebuilt from the catalog. */
  async #adopt(meta: IndexMeta): Promise<void> {
    const embedder = this.#embedder;
    if (!embedder || !(await this.#readDelay())) return;
    try {
      const { graph, changed } = await openSavedGraph(this.#source(embedder.dimension), this.#options.path, meta, this.#options.ef);
      this.#graph = graph;
      this.#unsaved = changed;
      return;
    } catch (error) {
      if (this.#options.closing.aborted) return;
      await this.#rebuildOrWarn((error as Error).message);
    }
  }

  /** Builds the graph the library has none of (or none that fits) from the catalog, in the background. */
  async #build(reason: string): Promise<void> {
    if (await this.#readDelay()) await this.#rebuildOrWarn(reason);
  }

  /** The development hook's wait; false when the library closed meanwhile (nothing was changed, nothing to save). */
  async #readDelay(): Promise<boolean> {
    if (!this.#options.readDelayMs) return true;
    await sleep(this.#options.readDelayMs, undefined, { signal: this.#options.closing }).catch(() => {});
    return !this.#options.closing.aborted;
  }

  async #rebuildOrWarn(reason: string): Promise<void> {
    await this.#rebuild(reason).catch((failure: unknown) => {
      if (!this.#options.closing.aborted) this.#options.log.error('could not rebuild the vector index; search is keyword-only', { error: String(failure) });
    });
  }

  /** Builds the graph from the catalog (not saved here: a rebuild in the background runs while commits land). */
  async #rebuild(reason: string): Promise<void> {
    const embedder = this.#embedder;
    if (!embedder) return;
    this.#options.log.info('rebuilding the vector index from the catalog', { reason });
    this.#graph = await buildGraph(this.#source(embedder.dimension, this.#options.closing));
    this.#unsaved = this.#graph.size || 1;
  }

  /** The worker died: searches are keyword-only until a new one holds the graph again, caught up from the catalog. */
  #lost(graph: GraphWorker, error: GraphWorkerLost): void {
    const embedder = this.#embedder;
    if (graph !== this.#graph || this.#options.closing.aborted || !embedder) return;
    this.#options.log.error('the vector graph worker stopped; reopening the graph from the catalog', { error: error.message });
    this.#graph = null;
    const reopening = describeIndex(this.#options.path, { generation: this.#options.catalog.generation(), catchUp: true }).then((saved) => {
      const usable = usableMeta(saved, embedder);
      return 'meta' in usable ? this.#adopt(usable.meta) : this.#rebuild(usable.reason);
    });
    this.#openInBackground(
      reopening.catch((failure: unknown) => this.#options.log.error('could not reopen the vector index; search is keyword-only', { error: String(failure) })),
      0,
    );
  }

  #source(dimension: number, signal?: AbortSignal): GraphSource {
    return {
      catalog: this.#options.catalog,
      dimension,
      params: this.#options.params,
      ...(signal ? { signal } : {}),
      worker: { ...this.#options.worker, onLost: (error, graph) => this.#lost(graph, error) },
    };
  }
}

/** The saved graph's description if the graph fits `embedder`, else why it must be rebuilt. */
function usableMeta(saved: DescribeOutcome, embedder: GraphEmbedder): { meta: IndexMeta } | { reason: string } {
  if (!saved.meta) return { reason: saved.reason };
  if (saved.meta.embedderId !== embedder.id || saved.meta.dimension !== embedder.dimension) {
    return { reason: `index was built by ${saved.meta.embedderId} (${saved.meta.dimension}-d)` };
  }
  return { meta: saved.meta };
}
