// Writes a library from a snapshot into a staging folder: documents and chunks keep their ids (chunk
// ids are the vector labels, so search results match the original), vectors are stored as they were,
// and original files go under `restored/`, mirroring their old absolute paths. The vector index is not
// written: the library rebuilds it from the stored vectors on first open, without re-embedding.
// A staging folder left by an interrupted import can be opened again: documents it already holds (each
// committed with its chunks, after its file was written) are skipped by the caller.
// Each restored document also keeps the path it had in the snapshot (restored_origins): the next backup
// on this machine writes its record as it was, so the record's content hash, and its stored copy, are reused.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { Catalog } from './catalog.ts';
import type { DocumentSnapshotRecord } from './snapshot-export.ts';

/** Where a restored file lives inside a library folder: `restored/<old absolute path without its root>`. */
export function restoredPath(libraryDir: string, originalPath: string): string {
  const parts = originalPath.replace(/^[A-Za-z]:/, (d) => d[0] ?? '').split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
  return join(libraryDir, 'restored', ...parts);
}

const FLUSH_MS = 2000;

export class SnapshotImport {
  readonly #stagingDir: string;
  readonly #finalDir: string;
  readonly #catalog: Catalog;
  #pending: { record: DocumentSnapshotRecord; path: string }[] = [];
  #flushedAt = Date.now();

  private constructor(stagingDir: string, finalDir: string, catalog: Catalog) {
    this.#stagingDir = stagingDir;
    this.#finalDir = finalDir;
    this.#catalog = catalog;
  }

  /** `stagingDir` (new, or left by an interrupted import) becomes the library folder `finalDir` once the caller renames it into place. */
  static async open(stagingDir: string, finalDir: string): Promise<SnapshotImport> {
    await mkdir(stagingDir, { recursive: true });
    const catalog = Catalog.open(join(stagingDir, 'catalog.sqlite'));
    catalog.snapshots.prepareImport();
    return new SnapshotImport(stagingDir, finalDir, catalog);
  }

  /** Documents already imported (by an earlier, interrupted import into this folder). */
  documentIds(): Set<number> {
    return this.#catalog.snapshots.documentIds();
  }

  async addDocument(record: DocumentSnapshotRecord, content: Uint8Array | null): Promise<void> {
    const finalPath = restoredPath(this.#finalDir, record.document.path);
    if (content) {
      const staged = join(this.#stagingDir, finalPath.slice(this.#finalDir.length + sep.length));
      await mkdir(dirname(staged), { recursive: true });
      await writeFile(staged, content, { mode: 0o600 });
    }
    this.#pending.push({ record, path: finalPath });
    // Batched for speed; also every few seconds, so a killed restore keeps most of what it read.
    if (this.#pending.length >= 500 || Date.now() - this.#flushedAt > FLUSH_MS) this.#flush();
  }

  /** Records the embedder the vectors came from, so the library opens searchable, then closes the catalog. */
  async finish(embedder: { id: string; choice?: unknown }): Promise<void> {
    try {
      this.#flush();
      this.#catalog.setState('embedder', embedder.id);
      this.#catalog.snapshots.checkpoint();
    } finally {
      this.#catalog.close();
    }
    if (embedder.choice !== undefined) await writeFileAtomic(join(this.#stagingDir, 'embedder.json'), JSON.stringify(embedder.choice, null, 2));
  }

  /** Stops importing, keeping every document added so far, so a later import can carry on from there. */
  suspend(): void {
    if (!this.#catalog.isOpen()) return; // finish() closed it already
    try {
      this.#flush();
    } finally {
      this.#catalog.close();
    }
  }

  #flush(): void {
    this.#catalog.snapshots.insert(
      this.#pending.map(({ record, path }) => ({
        document: record.document,
        path,
        chunks: record.chunks.map((c) => ({ ...c, vector: c.vector === null ? null : Buffer.from(c.vector, 'base64') })),
      })),
    );
    this.#pending = [];
    this.#flushedAt = Date.now();
  }
}
