// The messages between the ingest pipeline and its extraction worker, and the worker's side of them:
// one file at a time in, its outcome (or the error it threw) out.
import { parentPort } from 'node:worker_threads';
import type { ExtractOutcome } from './extract.ts';

export interface ExtractRequest {
  id: number;
  path: string;
  /** The file's bytes; its buffer is transferred, not copied. */
  bytes: Uint8Array;
}

export type ExtractReply = { id: number; outcome: ExtractOutcome } | { id: number; error: string };

export type Extraction = (path: string, bytes: Uint8Array) => Promise<ExtractOutcome>;

/** Worker side: answers every request from the parent thread with `run`. */
export function serveExtractions(run: Extraction): void {
  const port = parentPort;
  if (!port) throw new Error('The extraction worker must run on a worker thread.');
  port.on('message', (request: ExtractRequest) => {
    run(request.path, request.bytes).then(
      (outcome) => port.postMessage({ id: request.id, outcome } satisfies ExtractReply),
      (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies ExtractReply),
    );
  });
}
