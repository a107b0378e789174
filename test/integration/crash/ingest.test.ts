// kill -9 during ingest and during the index save, at seeded points: after a restart the catalog passes
// SQLite's integrity check, the vector index holds exactly one vector per chunk (loaded and caught up, or rebuilt),
// every file acknowledged before the kill (progress `done`, or an ingest that returned) is in the catalog, and
// ingesting the folder again completes. A kill anywhere in a batched ingest, or inside a batch's catalog
// transaction, leaves the batches before it whole and nothing of the batch in flight.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import Database from 'better-sqlite3';
import { libraryPaths } from '../../../src-main/library/library.ts';
import { integrityCheck, openCrashLibrary, runChild, seeded, writeCorpus } from './crash-fixtures.ts';

const FILES = 40;
let root: string;
let docs: string;
let files: string[];

beforeAll(async () => {
  root = await makeTempDir();
  docs = join(root, 'docs');
  files = await writeCorpus(docs, FILES);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A `progress done=D read=R committed=N <file>` line of the ingest-folder child, parsed. */
function progressOf(line: string): { done: number; read: number; committed: number } | null {
  const match = /^progress done=(\d+) read=(\d+) committed=(\d+)/.exec(line);
  return match ? { done: Number(match[1]), read: Number(match[2]), committed: Number(match[3]) } : null;
}

/** The catalog's documents in commit order and its chunk count, checking no document lacks any of its chunks. */
function wholeDocuments(dataDir: string): { paths: string[]; chunks: number } {
  const db = new Database(libraryPaths(dataDir).catalog);
  try {
    const partial = 'SELECT count(*) FROM documents d WHERE chunk_count != (SELECT count(*) FROM chunks c WHERE c.document_id = d.id)';
    expect(db.prepare(partial).pluck().get()).toBe(0);
    db.prepare(`INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('integrity-check', 1)`).run(); // throws if FTS5 disagrees with the chunks
    const paths = db.prepare('SELECT path FROM documents ORDER BY id').pluck().all() as string[];
    return { paths, chunks: db.prepare('SELECT count(*) FROM chunks').pluck().get() as number };
  } finally {
    db.close();
  }
}

/** The checks after every kill. */
async function checkAfterRestart(dataDir: string, acknowledged: string[]): Promise<void> {
  expect(integrityCheck(dataDir)).toBe('ok');
  let library = await openCrashLibrary(dataDir);
  try {
    await library.settle(); // a saved graph behind the catalog is caught up once read
    const stats = library.stats();
    expect(stats.vectors).toBe(stats.chunks);
    const inCatalog = new Set(library.documents({ limit: 1000 }).documents.map((d) => d.path));
    for (const path of acknowledged) expect(inCatalog, path).toContain(path);
    const again = await library.ingest([docs]);
    expect(again.counts.failed).toBe(0);
    expect(again.counts.ingested + again.counts.unchanged).toBe(FILES);
    expect(again.counts.unchanged).toBeGreaterThanOrEqual(acknowledged.length);
  } finally {
    await library.close();
  }
  // Reopened, the index saved by the completed ingest is adopted as it is and still matches the catalog.
  library = await openCrashLibrary(dataDir);
  try {
    const stats = library.stats();
    expect(stats).toMatchObject({ documents: FILES, vectors: stats.chunks });
    expect((await library.search('copper lantern', { k: 5 })).length).toBeGreaterThan(0);
  } finally {
    await library.close();
  }
}

describe('ingest killed with SIGKILL', () => {
  for (const seed of [1, 2, 3]) {
    it(`one folder ingest, seed ${seed}: whole batches survive, done never ran ahead, the index catches up`, async () => {
      const random = seeded(seed);
      const killAfter = 2 + Math.floor(random() * (FILES - 8));
      const batch = 3 + Math.floor(random() * 6);
      const dataDir = join(root, `folder-${seed}`);
      // Killed a few ms after the ingest starts reading file killAfter: reading, embedding, committing or mirroring.
      const run = await runChild(['ingest-folder', dataDir, String(batch), docs], (line) =>
        progressOf(line)?.read === killAfter ? Math.floor(random() * 15) : null,
      );
      expect(run.killed).toBe(true);
      expect(run.lines).not.toContain('done');
      const progress = run.lines.flatMap((line) => progressOf(line) ?? []);
      expect(progress.map((p) => p.read)).toContain(killAfter);
      // done counts only files whose batch is in the catalog; read is ahead of it by the batch being filled.
      for (const p of progress) {
        expect(p.done).toBeLessThanOrEqual(p.committed);
        expect(p.read).toBeGreaterThanOrEqual(p.done);
      }
      const acknowledged = Math.max(...progress.map((p) => p.done));
      expect(integrityCheck(dataDir)).toBe('ok');
      // The catalog holds the first batches whole, in file order, and nothing of the batch the kill interrupted.
      const kept = wholeDocuments(dataDir).paths;
      expect(kept).toEqual(files.slice(0, kept.length));
      expect(kept.length % batch === 0 || kept.length === FILES, `${kept.length} documents in batches of ${batch}`).toBe(true);
      expect(kept.length).toBeGreaterThanOrEqual(acknowledged);
      await checkAfterRestart(dataDir, files.slice(0, acknowledged));
    });
  }

  for (const seed of [4, 5]) {
    it(`one ingest per file, seed ${seed}: every acknowledged file survives, index saves included`, async () => {
      const random = seeded(seed);
      const killAfter = 2 + Math.floor(random() * 12);
      const dataDir = join(root, `files-${seed}`);
      const acked: string[] = [];
      const run = await runChild(['ingest-files', dataDir, ...files.slice(0, 20)], (line) => {
        if (line.startsWith('acked ')) acked.push(line.slice(6));
        return acked.length === killAfter ? Math.floor(random() * 25) : null;
      });
      expect(run.killed).toBe(true);
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      await checkAfterRestart(dataDir, acked);
    });
  }
});

describe('ingest killed inside a batch transaction', () => {
  it('keeps every document of the batches before, nothing of the batch being written, and re-ingests it', async () => {
    // Where batch 3 (files 16..23, eight documents a batch) writes its chunks: chunk ids run on from 1 in file order.
    const reference = join(root, 'reference');
    const library = await openCrashLibrary(reference);
    let chunkCounts: number[];
    try {
      await library.ingest([docs]);
      chunkCounts = files.map((path) => library.documents({ limit: 1000 }).documents.find((d) => d.path === path)?.chunkCount ?? 0);
    } finally {
      await library.close();
    }
    const firstOfFile = (i: number) => 1 + chunkCounts.slice(0, i).reduce((a, b) => a + b, 0);
    const killAtChunk = firstOfFile(18) + 1; // the second chunk of the third file of batch 3

    const dataDir = join(root, 'kill-in-commit');
    const run = await runChild(['ingest-kill-in-commit', dataDir, String(killAtChunk), docs], () => null);
    expect(run.killed).toBe(true);
    expect(run.lines).not.toContain('done');
    expect(integrityCheck(dataDir)).toBe('ok');
    expect(wholeDocuments(dataDir)).toEqual({ paths: files.slice(0, 16), chunks: firstOfFile(16) - 1 });
    await checkAfterRestart(dataDir, files.slice(0, 16));
  });
});

describe('index save killed with SIGKILL', () => {
  it('leaves either the complete saved index or one the library rebuilds, never a mismatched one', async () => {
    const dataDir = join(root, 'save');
    let library = await openCrashLibrary(dataDir);
    let expected: unknown;
    try {
      await library.ingest([docs]);
      expected = (await library.search('winter orchard', { k: 5 })).map((r) => r.passages[0]?.chunkId);
    } finally {
      await library.close();
    }
    for (const seed of [6, 7, 8, 9]) {
      const random = seeded(seed);
      const saves = 1 + Math.floor(random() * 4);
      const run = await runChild(['save-index', dataDir], (line) => (line === `saved ${saves}` ? Math.floor(random() * 6) : null));
      expect(run.killed).toBe(true);
      expect(integrityCheck(dataDir)).toBe('ok');
      library = await openCrashLibrary(dataDir);
      try {
        const stats = library.stats();
        expect(stats).toMatchObject({ documents: FILES, vectors: stats.chunks });
        expect((await library.search('winter orchard', { k: 5 })).map((r) => r.passages[0]?.chunkId)).toEqual(expected);
        // The next open (or save) removes the temp graph the killed save left, so kills cannot fill the disk.
        await library.ingest([docs]);
        expect((await readdir(join(dataDir, 'library'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      } finally {
        await library.close();
      }
    }
  });
});
