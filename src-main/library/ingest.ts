// The ingest pipeline for one batch: expand paths, then per file read → hash → detect + extract (on the
// extraction worker) → chunk → embed → one catalog transaction → index update. A file fails alone with a reason; a
// cancellation stops between files (or before a file's commit), so the catalog never holds half a file.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Progress } from '../../src-shared/contract/jobs.ts';
import type { IngestOutcome, IngestSummary } from '../../src-shared/contract/library.ts';
import { isZeroVector, type Embedder } from '../embed/index.ts';
import { TimeSlices } from '../kernel/index.ts';
import type { HnswIndex } from '../vector/index.ts';
import type { Catalog } from './catalog.ts';
import { chunkText, type ChunkOptions } from './chunker.ts';
import type { Extractor } from './extract-pool.ts';
import { ExtractError } from './extract.ts';
import { collectFiles } from './walk.ts';

export interface JobOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface IngestDeps {
  catalog: Catalog;
  index: HnswIndex;
  embedder: Embedder;
  /** Detects and extracts files (off the main thread). */
  extractor: Extractor;
  chunking: ChunkOptions;
  maxFileBytes: number;
  /** Extracted text beyond this many characters is refused (a log dump is not a document). */
  maxTextChars: number;
  /** Runs the index update of a committed document; the library's save and remove wait for those in flight. */
  mirror(update: () => Promise<void>): Promise<void>;
}

const EMBED_BATCH = 64;

export async function ingestPaths(deps: IngestDeps, paths: readonly string[], options: JobOptions = {}): Promise<IngestSummary> {
  const { signal, onProgress } = options;
  const entries = await collectFiles(paths, signal);
  const outcomes: IngestOutcome[] = [];
  let cancelled = false;
  onProgress?.({ done: 0, total: entries.length, unit: 'files' });
  for (const [i, entry] of entries.entries()) {
    if (signal?.aborted) {
      cancelled = true;
      break;
    }
    onProgress?.({ done: i, total: entries.length, unit: 'files', current: entry.path });
    if ('error' in entry) {
      outcomes.push({ path: entry.path, status: 'failed', reason: entry.error });
      continue;
    }
    try {
      outcomes.push(await ingestFile(deps, entry.path, signal));
    } catch (error) {
      if (signal?.aborted) {
        cancelled = true;
        break;
      }
      outcomes.push({ path: entry.path, status: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
    await yieldToEventLoop(); // keep IPC and the UI responsive between files
  }
  if (!cancelled) onProgress?.({ done: entries.length, total: entries.length, unit: 'files' });
  const counts = { ingested: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.status]++;
  return { outcomes, counts, cancelled };
}

export async function ingestFile(deps: IngestDeps, path: string, signal?: AbortSignal): Promise<IngestOutcome> {
  const info = await stat(path);
  if (info.size > deps.maxFileBytes) {
    return { path, status: 'failed', reason: `too large (${mb(info.size)}; the limit is ${mb(deps.maxFileBytes)})` };
  }
  const bytes = await readFile(path);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const existing = deps.catalog.documentByPath(path);
  if (existing?.hash === hash) {
    if (existing.mtime !== Math.round(info.mtimeMs)) deps.catalog.touchDocument(existing.id, Math.round(info.mtimeMs));
    return { path, status: 'unchanged', documentId: existing.id, chunks: existing.chunkCount };
  }
  const size = bytes.length; // the extractor takes the bytes over
  let extracted;
  try {
    extracted = await deps.extractor.extract(path, bytes, signal);
  } catch (error) {
    if (error instanceof ExtractError) return { path, status: 'failed', reason: error.message };
    throw error;
  }
  if (!extracted.ok) return { path, status: 'failed', reason: extracted.reason };
  if (extracted.text.length > deps.maxTextChars) {
    return { path, status: 'failed', reason: `too much text (${extracted.text.length.toLocaleString('en-US')} characters)` };
  }
  const chunks = chunkText(extracted.text, deps.chunking);
  if (chunks.length === 0) return { path, status: 'failed', reason: 'no text found' };
  const vectors: Float32Array[] = [];
  for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
    signal?.throwIfAborted();
    vectors.push(...(await deps.embedder.embed(chunks.slice(i, i + EMBED_BATCH).map((c) => c.text), signal ? { signal } : {})));
    // The bundled embedder answers without waiting on anything: let searches and IPC in between batches.
    if (i > 0) await yieldToEventLoop();
  }
  signal?.throwIfAborted();
  const stored = deps.catalog.putDocument(
    {
      path,
      folder: dirname(path),
      hash,
      type: extracted.type,
      size,
      mtime: Math.round(info.mtimeMs),
      title: extracted.title,
      ingestedAt: Date.now(),
    },
    chunks.map((c, i) => {
      const vector = vectors[i] ?? null;
      return { ...c, vector: vector && !isZeroVector(vector) ? vector : null };
    }),
  );
  // The commit is done: the index must follow it whatever happens next, so no cancel checks from here. A large
  // document's graph inserts take seconds; slices let searches and IPC in between (searches meanwhile see
  // part of the new document by meaning, all of it by keyword).
  await deps.mirror(async () => {
    for (const id of stored.removedChunkIds) deps.index.remove(id);
    const slices = new TimeSlices();
    for (let i = 0; i < stored.chunkIds.length; i++) {
      const vector = vectors[i];
      if (vector && !isZeroVector(vector)) deps.index.add(stored.chunkIds[i] as number, vector);
      await slices.pause();
    }
  });
  return { path, status: existing ? 'updated' : 'ingested', documentId: stored.documentId, chunks: chunks.length };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
