// An ingest's progress counts in `done` what a cancel or crash keeps (files committed, unchanged or failed) and
// in `read` what is read ahead of its batch's commit.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../../../src-shared/contract/jobs.ts';
import { openLibrary } from '../../../src-main/library/library.ts';
import { BROKEN, writeDocs } from './library-fixtures.ts';
import { libraryBed } from './library-bed.ts';

const FILES = 30;

const bed = libraryBed(() =>
  Object.fromEntries(Array.from({ length: FILES }, (_, i) => [`note-${String(i).padStart(2, '0')}.txt`, `Note ${i}. ${'Minutes about the budget and the roadmap. '.repeat(20)}`])),
);

const open = async () => (bed.library = await openLibrary({ dataDir: join(bed.root, 'data'), embedder: bed.embedder, maxFileBytes: 100_000, ingestBatch: { documents: 8, waitMs: 60_000 } }));

describe('ingest progress', () => {
  it('never counts as done a file whose batch is not committed', async () => {
    const lib = await open();
    const seen: (Progress & { saved: number })[] = [];
    await lib.ingest([join(bed.root, 'docs')], { onProgress: (p) => seen.push({ ...p, saved: lib.stats().documents }) });
    for (const p of seen) {
      expect(p.read).toBeGreaterThanOrEqual(p.done);
      expect(p.saved).toBeGreaterThanOrEqual(p.done); // every file is new and valid: done means in the catalog
    }
    // Batches of 8: files read wait for their commit, and progress shows them apart.
    expect(seen.some((p) => (p.read ?? 0) - p.done >= 4)).toBe(true);
    expect(seen.at(-1)).toMatchObject({ done: FILES, read: FILES, total: FILES, saved: FILES });
  });

  it('counts files that fail or are unchanged as done at once: they have nothing to save', async () => {
    const lib = await open();
    await lib.ingest([join(bed.root, 'docs')]);
    await writeDocs(join(bed.root, 'docs'), BROKEN);
    const seen: Progress[] = [];
    const summary = await lib.ingest([join(bed.root, 'docs')], { onProgress: (p) => seen.push(p) });
    expect(summary.counts).toMatchObject({ unchanged: FILES, failed: Object.keys(BROKEN).length });
    for (const p of seen) expect(p.done).toBe(p.read); // nothing waits for a commit
  });

  it('keeps, after a cancel, at least the files it had counted as done', async () => {
    const lib = await open();
    const controller = new AbortController();
    let doneAtCancel = -1;
    const summary = await lib.ingest([join(bed.root, 'docs')], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 8 && doneAtCancel < 0) {
          doneAtCancel = p.done;
          controller.abort();
        }
      },
    });
    expect(summary.cancelled).toBe(true);
    expect(doneAtCancel).toBeGreaterThanOrEqual(8);
    expect(lib.stats().documents).toBeGreaterThanOrEqual(doneAtCancel);
    expect(lib.stats().documents).toBeLessThan(FILES);
  });
});
