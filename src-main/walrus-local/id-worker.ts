// Worker thread body: computes blob ids off the server's event loop (the WASM encoder is synchronous).
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { computeBlobId } from '../walrus/ids.ts';

interface Task {
  id: number;
  shards: number;
  /** Either a payload file to read or the bytes themselves. */
  path?: string;
  bytes?: Uint8Array;
}

parentPort?.on('message', (task: Task) => {
  void (async () => {
    try {
      const bytes = task.bytes ?? (await readFile(task.path ?? ''));
      parentPort?.postMessage({ id: task.id, blobId: await computeBlobId(bytes, task.shards) });
    } catch (error) {
      parentPort?.postMessage({ id: task.id, error: (error as Error).message });
    }
  })();
});
