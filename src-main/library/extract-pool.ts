// Runs detect + extract on a worker thread, one file at a time, so a large PDF does not block the main
// thread's event loop. A file that takes too long, needs too much memory or crashes the worker fails
// alone: the worker is replaced for the next file. Memory is bounded twice: V8's heap by the worker's
// resourceLimits (the worker dies at the limit), and everything else — chiefly the buffers a PDF's
// compressed streams inflate into, which the heap limit does not count — by sampling the worker's heap
// statistics while a file runs (a decompression bomb inflates at ~100-200 MB/s, so it is caught within
// a few hundred MB of the limit). A cancelled ingest abandons its file (the worker is terminated), and
// closing the library ends the worker. One worker: the machines PDW targets have few cores, and the
// main thread still embeds and indexes.
import type { Worker } from 'node:worker_threads';
import { silentLogger, type Logger } from '../kernel/index.ts';
import { requireWorker, startWorker, workerUrl } from '../kernel/worker-entries.ts';
import { ExtractError, type ExtractOutcome } from './extract.ts';
import type { ExtractReply, ExtractRequest } from './extract-protocol.ts';

const DEFAULT_TIMEOUT_MS = 120_000;
const MiB = 1024 * 1024;
/** What one file may take: heap plus buffers. Real PDFs of hundreds of pages stay under ~200 MiB. */
const DEFAULT_MEMORY_LIMIT_MIB = 768;
const MEMORY_SAMPLE_MS = 100;

export interface ExtractPoolOptions {
  /** The worker module (default: extract-worker next to this one). */
  workerUrl?: URL;
  /** How long one file may take before it fails and the worker is replaced. */
  timeoutMs?: number;
  log?: Logger;
  /** Memory one file may use on the worker (heap and buffers), in MiB. */
  memoryLimitMiB?: number;
}

export interface Extractor {
  /** Detects and extracts one file. `bytes` are handed over (their buffer may be transferred): do not use them afterwards. */
  extract(path: string, bytes: Uint8Array, signal?: AbortSignal): Promise<ExtractOutcome>;
}

interface Task {
  id: number;
  path: string;
  bytes: Uint8Array;
  resolve(outcome: ExtractOutcome): void;
  reject(error: unknown): void;
  done(): void;
  timer?: NodeJS.Timeout;
  memoryWatch?: NodeJS.Timeout;
}

export class ExtractPool implements Extractor {
  readonly #workerUrl: URL;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #memoryLimitMiB: number;
  readonly #queue: Task[] = [];
  #worker: Worker | undefined;
  #current: Task | undefined;
  #workerChecked = false;
  #closed = false;
  #nextId = 0;

  constructor(options: ExtractPoolOptions = {}) {
    this.#workerUrl = options.workerUrl ?? workerUrl('extract-worker');
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#log = options.log ?? silentLogger;
    this.#memoryLimitMiB = options.memoryLimitMiB ?? DEFAULT_MEMORY_LIMIT_MIB;
  }

  async extract(path: string, bytes: Uint8Array, signal?: AbortSignal): Promise<ExtractOutcome> {
    if (this.#closed) throw new Error('The library is closed.');
    signal?.throwIfAborted();
    if (!this.#workerChecked) this.#workerChecked = Boolean(requireWorker(this.#workerUrl));
    return new Promise<ExtractOutcome>((resolve, reject) => {
      const onAbort = () => this.#abandon(task, signal?.reason);
      const task: Task = {
        id: ++this.#nextId,
        path,
        bytes,
        resolve,
        reject,
        done: () => {
          clearTimeout(task.timer);
          clearInterval(task.memoryWatch);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(task);
      this.#next();
    });
  }

  /** Ends the worker; files still waiting fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const waiting = [...(this.#current ? [this.#current] : []), ...this.#queue.splice(0)];
    this.#current = undefined;
    for (const task of waiting) settle(task).reject(new Error('The library was closed during extraction.'));
    await this.#replaceWorker();
  }

  #next(): void {
    if (this.#current || this.#closed) return;
    const task = this.#queue.shift();
    if (!task) {
      this.#worker?.unref(); // an idle worker does not keep the process alive
      return;
    }
    let worker: Worker;
    try {
      worker = this.#worker ??= this.#spawn();
    } catch (error) {
      settle(task).reject(new ExtractError(`extraction could not start (${(error as Error).message})`));
      return this.#next();
    }
    worker.ref();
    this.#current = task;
    task.timer = setTimeout(() => {
      const seconds = Math.round(this.#timeoutMs / 100) / 10;
      this.#fail(task, new ExtractError(`extraction timed out after ${seconds} s`));
    }, this.#timeoutMs);
    task.memoryWatch = setInterval(() => this.#checkMemory(worker, task), MEMORY_SAMPLE_MS);
    const bytes = ownBuffer(task.bytes);
    task.bytes = new Uint8Array(0);
    const request = { id: task.id, path: task.path, bytes } satisfies ExtractRequest;
    try {
      worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
    } catch (error) {
      // Some buffers (Node's small-Buffer pool) refuse to be transferred: send a copy.
      if ((error as Error).name !== 'DataCloneError') throw error;
      worker.postMessage(request);
    }
  }

  #spawn(): Worker {
    const worker = startWorker(this.#workerUrl, { resourceLimits: { maxOldGenerationSizeMb: this.#memoryLimitMiB } });
    worker.on('message', (reply: ExtractReply) => {
      const task = this.#current;
      if (worker !== this.#worker || task?.id !== reply.id) return;
      this.#current = undefined;
      if ('outcome' in reply) settle(task).resolve(reply.outcome);
      else settle(task).reject(new ExtractError(reply.error));
      this.#next();
    });
    const crashed = (reason: string, error = new ExtractError(`extraction crashed (${reason})`)) => {
      if (worker !== this.#worker) return; // a worker we already replaced
      this.#worker = undefined;
      const task = this.#current;
      if (task) this.#fail(task, error);
      else this.#next();
    };
    worker.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') crashed(error.message, this.#tooLarge());
      else crashed(error.message);
    });
    worker.on('exit', (code) => crashed(`the worker exited with code ${code}`));
    return worker;
  }

  #tooLarge(): ExtractError {
    return new ExtractError(`too large to extract: it needs more than ${this.#memoryLimitMiB} MiB of memory`);
  }

  #checkMemory(worker: Worker, task: Task): void {
    worker.getHeapStatistics().then(
      (heap) => {
        const used = heap.used_heap_size + heap.external_memory;
        if (this.#current === task && this.#worker === worker && used > this.#memoryLimitMiB * MiB) this.#fail(task, this.#tooLarge());
      },
      () => undefined, // the worker is gone; its exit fails the file
    );
  }

  /** The running file fails with `error`; the worker (possibly stuck in it) is replaced. */
  #fail(task: Task, error: unknown): void {
    if (this.#current === task) this.#current = undefined;
    settle(task).reject(error);
    void this.#replaceWorker();
    this.#next();
  }

  #abandon(task: Task, reason: unknown): void {
    if (this.#current === task) return this.#fail(task, reason);
    const at = this.#queue.indexOf(task);
    if (at >= 0) this.#queue.splice(at, 1);
    settle(task).reject(reason);
  }

  async #replaceWorker(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }
}

/** Stops the task's timer and abort listener; returns it to be resolved or rejected. */
function settle(task: Task): Task {
  task.done();
  return task;
}

/** A view over a whole buffer of its own, which can be transferred without detaching anyone else's bytes. */
function ownBuffer(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  return whole ? bytes : new Uint8Array(bytes); // a copy (Buffer#slice would share the memory)
}
