// Blob ids computed on worker threads, so a store does not freeze the event loop (and with it every
// other request, or the Electron main process hosting the server). A pool of size 0 computes in-thread.
import { readFile } from 'node:fs/promises';
import type { Worker } from 'node:worker_threads';
import { computeBlobId } from '../walrus/ids.ts';
import { requireWorker, startWorker, workerUrl } from '../kernel/worker-entries.ts';

type Source = { path: string } | { bytes: Uint8Array };

interface Pending {
  source: Source;
  resolve(blobId: string): void;
  reject(error: Error): void;
}


export class BlobIdPool {
  readonly #shards: number;
  readonly #size: number;
  #workers: Worker[] | undefined;
  #disabled = false;
  #next = 0;
  #taskId = 0;
  readonly #pending = new Map<number, Pending>();

  readonly #workerUrl: URL;

  /** `size` 0 computes in-thread. */
  constructor(shards: number, size: number, url: URL = workerUrl('walrus-id-worker')) {
    this.#shards = shards;
    this.#size = size;
    this.#disabled = size === 0;
    this.#workerUrl = url;
  }

  compute(source: Source): Promise<string> {
    if (this.#disabled) return inThread(source, this.#shards);
    const workers = (this.#workers ??= this.#start());
    if (this.#disabled) return inThread(source, this.#shards);
    const worker = workers[this.#next++ % workers.length] as Worker;
    const id = ++this.#taskId;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { source, resolve, reject });
      // The bytes are copied, not transferred: the caller still stores them afterwards.
      worker.postMessage({ id, shards: this.#shards, ...source });
    });
  }

  async close(): Promise<void> {
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    this.#disabled = true;
    await Promise.all(workers.map((w) => w.terminate()));
    for (const [id, task] of this.#pending) {
      this.#pending.delete(id);
      task.reject(new Error('blob id pool closed'));
    }
  }

  #start(): Worker[] {
    requireWorker(this.#workerUrl); // a build without the module fails here, not silently on this thread
    try {
      return Array.from({ length: this.#size }, () => {
        const worker = startWorker(this.#workerUrl);
        worker.unref();
        worker.on('message', (msg: { id: number; blobId?: string; error?: string }) => this.#settle(msg));
        worker.on('error', () => this.#fallBack());
        return worker;
      });
    } catch {
      this.#disabled = true;
      return [];
    }
  }

  #settle(msg: { id: number; blobId?: string; error?: string }): void {
    const task = this.#pending.get(msg.id);
    if (!task) return;
    this.#pending.delete(msg.id);
    if (msg.blobId) task.resolve(msg.blobId);
    else task.reject(new Error(msg.error ?? 'blob id computation failed'));
  }

  /** A worker died (or never loaded): finish its work here and stop using workers. */
  #fallBack(): void {
    this.#disabled = true;
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    for (const w of workers) void w.terminate();
    for (const [id, task] of this.#pending) {
      this.#pending.delete(id);
      inThread(task.source, this.#shards).then(task.resolve, task.reject);
    }
  }
}

async function inThread(source: Source, shards: number): Promise<string> {
  const bytes = 'bytes' in source ? source.bytes : await readFile(source.path);
  return computeBlobId(bytes, shards);
}
