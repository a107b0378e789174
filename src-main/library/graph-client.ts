// The main thread's handle on the graph worker (graph-worker.ts): every graph operation becomes a message,
// answered in the order posted (see graph-service.ts for the one exception, searches between inserts). The
// graph is a cache of the catalog: when the worker dies, every request in flight fails with GraphWorkerLost
// and `onLost` is told once; the library then opens a new worker, caught up from the catalog.
import type { Worker } from 'node:worker_threads';
import { requireWorker, startWorker, workerUrl } from '../kernel/worker-entries.ts';
import type { HnswParams, IndexMeta, Neighbour } from '../vector/index.ts';
import type { GraphAnswer, GraphReply, GraphRequest, GraphState } from './graph-protocol.ts';

export class GraphWorkerLost extends Error {
  readonly code = 'graph_worker_lost';
  constructor(reason: string) {
    super(`The vector graph's worker stopped (${reason}); the graph is reopened from the catalog.`);
    this.name = 'GraphWorkerLost';
  }
}

export interface GraphWorkerOptions {
  /** The worker module (default: graph-worker next to this one; tests pass their own). */
  workerUrl?: URL;
  /** Told once when the worker dies (crash, out of memory, terminated; not when closed). */
  onLost?: (error: GraphWorkerLost, graph: GraphWorker) => void;
}

interface Pending {
  resolve(reply: GraphAnswer): void;
  reject(error: Error): void;
}

export class GraphWorker {
  readonly dimension: number;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #onLost: ((error: GraphWorkerLost, graph: GraphWorker) => void) | undefined;
  #state: GraphState = { size: 0, highWater: 0, changed: 0 };
  /** The highest label posted or known in the graph: filters are sent as a bitmap this long. */
  #topLabel = 0;
  #lost: GraphWorkerLost | null = null;
  #nextId = 0;

  constructor(dimension: number, options: GraphWorkerOptions = {}) {
    this.dimension = dimension;
    this.#onLost = options.onLost;
    this.#worker = startWorker(requireWorker(options.workerUrl ?? workerUrl('graph-worker')));
    this.#worker.unref();
    this.#worker.on('message', (reply: GraphReply) => this.#answered(reply));
    this.#worker.on('error', (error) => this.#die(error.message));
    this.#worker.on('exit', (code) => this.#die(`exit code ${code}`));
  }

  /** Live vectors as of the last answer (inserts still on their way are not counted yet). */
  get size(): number {
    return this.#state.size;
  }

  /** The highest label the graph has held (0 for none), as of the last answered request. */
  get highWater(): number {
    return this.#state.highWater;
  }

  /** Vectors in the delta plus tombstones of the base, as of the last answer: what a merge would fold in. */
  get changed(): number {
    return this.#state.changed;
  }

  get lost(): boolean {
    return this.#lost !== null;
  }

  /** CPU time the worker thread has used so far, in ms (benchmarks tell it apart from the main thread's). */
  async cpuMs(): Promise<number> {
    if (this.#lost) return 0;
    const { user, system } = await this.#worker.cpuUsage();
    return (user + system) / 1000;
  }

  async create(params: Partial<HnswParams>, capacity: number): Promise<void> {
    await this.#request({ op: 'create', dimension: this.dimension, params, capacity });
  }

  /**
   * Reads the saved graph `meta` describes (its checksums verified); fails with the reason it is unusable. With
   * `merge`, reads its base alone, to be caught up and written as a new base (see graph-protocol.ts).
   */
  async load(path: string, meta: IndexMeta, ef?: number, options: { merge?: boolean } = {}): Promise<void> {
    await this.#request({ op: 'load', path, meta, ...(ef ? { ef } : {}), ...(options.merge ? { merge: true } : {}) });
    this.#topLabel = Math.max(this.#topLabel, this.#state.highWater);
  }

  /** Inserts vectors whose label is new to the graph. Posted at once: the order of calls is the order applied. */
  async add(labels: readonly number[], vectors: readonly Float32Array[]): Promise<void> {
    if (!labels.length) return;
    const packedLabels = Float64Array.from(labels);
    const packed = new Float32Array(labels.length * this.dimension);
    vectors.forEach((vector, i) => packed.set(vector.subarray(0, this.dimension), i * this.dimension));
    for (const label of labels) if (label > this.#topLabel) this.#topLabel = label;
    await this.#request({ op: 'add', labels: packedLabels, vectors: packed }, [packedLabels.buffer, packed.buffer]);
  }

  async remove(labels: readonly number[]): Promise<number> {
    if (!labels.length) return 0;
    const packed = Float64Array.from(labels);
    return (await this.#request({ op: 'remove', labels: packed }, [packed.buffer])).removed ?? 0;
  }

  /** Removes every label not in `keep` (ascending, covering the labels up to highWater); returns how many. */
  async retain(keep: Float64Array): Promise<number> {
    return (await this.#request({ op: 'retain', keep }, [keep.buffer as ArrayBuffer])).removed ?? 0;
  }

  /** The k nearest live vectors; `filter` is evaluated here, for every label up to the highest, and sent as a bitmap. */
  async search(query: Float32Array, k: number, filter?: (label: number) => boolean): Promise<Neighbour[]> {
    const own = Float32Array.from(query);
    const transfer: ArrayBuffer[] = [own.buffer];
    let allowed: Uint8Array | undefined;
    if (filter) {
      allowed = new Uint8Array(this.#topLabel + 1);
      for (let label = 0; label <= this.#topLabel; label++) if (filter(label)) allowed[label] = 1;
      transfer.push(allowed.buffer as ArrayBuffer);
    }
    return (await this.#request({ op: 'search', query: own, k, ...(allowed ? { allowed } : {}) }, transfer)).neighbours ?? [];
  }

  /** The `k` of `labels` nearest by their int8 vectors in the mapped base, and the labels it could not score there. */
  async scan(query: Float32Array, k: number, labels: ArrayLike<number>): Promise<{ found: Neighbour[]; missing: number[] }> {
    const own = Float32Array.from(query);
    const packed = Float64Array.from(labels);
    const answer = await this.#request({ op: 'scan', query: own, k, labels: packed }, [own.buffer, packed.buffer]);
    return { found: answer.neighbours ?? [], missing: answer.missing ?? [] };
  }

  /** Saves what changed since the last save (on the worker: see graph-protocol.ts); returns the description. */
  async save(path: string, info: { embedderId: string; generation: number }): Promise<IndexMeta> {
    return this.#described(await this.#request({ op: 'save', path, ...info }));
  }

  /** The merging worker: writes its graph as a new base file beside `path`; returns its description. */
  async writeBase(path: string, info: { embedderId: string; generation: number }): Promise<IndexMeta> {
    return this.#described(await this.#request({ op: 'writeBase', path, ...info }));
  }

  /** Takes the merged base `base` in place of the current one and saves what it lacks as the delta. */
  async swap(path: string, base: IndexMeta, info: { embedderId: string; generation: number }): Promise<IndexMeta> {
    return this.#described(await this.#request({ op: 'swap', path, base, ...info }));
  }

  #described({ meta }: GraphAnswer): IndexMeta {
    if (!meta) throw new Error('the graph worker saved without describing the graph');
    return meta;
  }

  /** Ends the worker; requests still waiting fail. */
  async close(): Promise<void> {
    this.#lost ??= new GraphWorkerLost('closed');
    this.#failPending(this.#lost);
    await this.#worker.terminate();
  }

  #request(request: GraphRequest, transfer: ArrayBuffer[] = []): Promise<GraphAnswer> {
    if (this.#lost) return Promise.reject(this.#lost);
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.ref(); // a request in flight keeps the process alive until it is answered
      this.#worker.postMessage({ ...request, id }, transfer);
    });
  }

  #answered(reply: GraphReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    this.#state = reply.state; // a search answered between inserts reports the inserts done so far
    if (!this.#pending.size) this.#worker.unref();
    if ('error' in reply) pending.reject(new Error(reply.error));
    else pending.resolve(reply);
  }

  #die(reason: string): void {
    if (this.#lost) return;
    this.#lost = new GraphWorkerLost(reason);
    this.#failPending(this.#lost);
    this.#onLost?.(this.#lost, this);
  }

  #failPending(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
