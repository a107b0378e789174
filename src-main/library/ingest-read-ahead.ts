// The first half of ingesting a file — stat, read, hash, "unchanged?", detect and extract — started for the
// next files while the current ones are embedded, committed and added to the graph. Extraction runs on its
// own worker thread, so on a machine with two cores it overlaps the main thread's work instead of waiting
// its turn; a window bounded in files and bytes keeps that worker busy without holding a folder in memory.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { tooLargeReason, type DocType, type IngestOutcome } from '../../src-shared/contract/library.ts';
import type { Catalog, DocumentRecord } from './catalog.ts';
import type { Extractor } from './extract-pool.ts';
import { ExtractError } from './extract.ts';
import type { WalkEntry } from './walk.ts';

/** Files read and handed to the extraction worker ahead of the one being embedded. */
export const READ_AHEAD_FILES = 16;
/** File bytes held ahead at most (a larger file is read alone). */
export const READ_AHEAD_BYTES = 32 * 1024 * 1024;

export interface ReadDeps {
  catalog: Catalog;
  extractor: Extractor;
  maxFileBytes: number;
  /** Extracted text beyond this many characters is refused (a log dump is not a document). */
  maxTextChars: number;
}

/** A file read and extracted, ready to be chunked and embedded. */
export interface ExtractedFile {
  path: string;
  hash: string;
  size: number;
  mtime: number;
  type: DocType;
  title: string;
  text: string;
  existing: DocumentRecord | undefined;
}

type Settled = { value: ExtractedFile | IngestOutcome } | { error: unknown };

export class ReadAhead {
  readonly #deps: ReadDeps;
  readonly #entries: readonly WalkEntry[];
  readonly #signal: AbortSignal | undefined;
  readonly #started = new Map<number, { bytes: number; settled: Promise<Settled> }>();
  #next = 0;
  #bytesAhead = 0;

  constructor(deps: ReadDeps, entries: readonly WalkEntry[], signal?: AbortSignal) {
    this.#deps = deps;
    this.#entries = entries;
    this.#signal = signal;
  }

  /** The read and extraction of entry `i` (started now if it was not yet), and those of the next ones started. */
  async take(i: number): Promise<ExtractedFile | IngestOutcome> {
    this.#next = Math.max(this.#next, i);
    this.#fill(i);
    const started = this.#started.get(i);
    if (!started) throw new Error(`entry ${i} was not read`);
    this.#started.delete(i);
    this.#bytesAhead -= started.bytes;
    const settled = await started.settled;
    this.#fill(i + 1);
    if ('error' in settled) throw settled.error;
    return settled.value;
  }

  #fill(from: number): void {
    while (this.#next < this.#entries.length && this.#next - from < READ_AHEAD_FILES) {
      const entry = this.#entries[this.#next] as WalkEntry;
      const bytes = 'size' in entry ? entry.size : 0;
      // Always at least the file asked for; further ones only within the byte budget.
      if (this.#next > from && this.#bytesAhead + bytes > READ_AHEAD_BYTES) return;
      this.#bytesAhead += bytes;
      const settled = 'error' in entry ? Promise.resolve({ value: { path: entry.path, status: 'failed' as const, reason: entry.error } }) : readAndExtract(this.#deps, entry.path, this.#signal).then((value) => ({ value }), (error: unknown) => ({ error }));
      this.#started.set(this.#next, { bytes, settled });
      this.#next++;
    }
  }
}

async function readAndExtract(deps: ReadDeps, path: string, signal?: AbortSignal): Promise<ExtractedFile | IngestOutcome> {
  const info = await stat(path);
  if (info.size > deps.maxFileBytes) {
    return { path, status: 'failed', reason: tooLargeReason(info.size, deps.maxFileBytes) };
  }
  const bytes = await readFile(path);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const mtime = Math.round(info.mtimeMs);
  const existing = deps.catalog.documentByPath(path);
  if (existing?.hash === hash) {
    if (existing.mtime !== mtime) deps.catalog.touchDocument(existing.id, mtime);
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
  return { path, hash, size, mtime, type: extracted.type, title: extracted.title, text: extracted.text, existing };
}

