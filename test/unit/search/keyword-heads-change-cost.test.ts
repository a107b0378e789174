// What a small change costs the keyword heads: only the changed chunks' terms are looked at, a long head is
// merged (its term's other chunks are not scored again), and the removed chunks' words come from the catalog's
// log of them — with every head checked again only when that log does not reach back far enough.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { RemovedChunkLog } from '../../../src-main/library/removed-chunks.ts';
import { KeywordHeads } from '../../../src-main/search/keyword-heads.ts';
import { quoteTerm } from '../../../src-main/search/terms.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const noPause = () => Promise.resolve();
/** "backup" is in 120 notes (a long head past completeUpTo), "archive" in 40 (a complete one), "plain" in every note. */
const OPTIONS = { minPostings: 30, length: 25, completeUpTo: 60 };

function addNote(catalog: Catalog, path: string, text: string): number[] {
  const doc = { path, folder: '/n', hash: text, type: 'text' as const, size: text.length, mtime: 0, title: '', ingestedAt: 0 };
  return catalog.putDocument(doc, [{ start: 0, end: text.length, text, vector: null }]).chunkIds;
}

function fill(catalog: Catalog): void {
  for (let i = 0; i < 400; i++) {
    const words = [`note ${i}`, 'plain filler words about nothing much'.repeat(1 + (i % 3))];
    if (i % 10 < 3) words.push('backups '.repeat(1 + (i % 7)));
    if (i % 10 === 5) words.push('archive');
    addNote(catalog, `/n/${i}.txt`, words.join(' '));
  }
}

function storedHead(catalog: Catalog, term: string): { ids: Buffer; scores: Buffer } | undefined {
  return catalog.db.prepare('SELECT chunk_ids AS ids, scores FROM keyword_heads WHERE term = ?').get(term) as { ids: Buffer; scores: Buffer } | undefined;
}

async function withCatalog(fn: (catalog: Catalog, file: string) => Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const file = join(dir, 'catalog.sqlite');
    const catalog = Catalog.open(file);
    try {
      await fn(catalog, file);
    } finally {
      if (catalog.isOpen()) catalog.close();
    }
  });
}

describe('keyword heads after a small change', () => {
  it('look only at the changed chunks\' terms, and merge a long head with the added chunk scored as FTS5 scores it', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, OPTIONS);
      expect(await heads.refresh(noPause)).toBe('built');
      const archiveBefore = storedHead(catalog, 'archiv');
      const store = catalog.keywordHeads;
      const everyHead = vi.spyOn(store, 'storedTerms');
      const counted = vi.spyOn(store, 'termChunks');
      const fullRankings = vi.spyOn(catalog, 'keywordSearch');
      const askedFts = vi.spyOn(store, 'scoresAfter');

      // Note 1 (with "backups") rewritten: its chunk is removed, a new one with "backup" five times added.
      const [added] = addNote(catalog, '/n/1.txt', 'backup backup backup backup backup of plain filler words');
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(everyHead).not.toHaveBeenCalled();
      expect(counted).not.toHaveBeenCalled(); // every touched head ("backup", "plain", ...) was merged
      expect(fullRankings).not.toHaveBeenCalledWith(quoteTerm('backup'), expect.anything());
      expect(askedFts).not.toHaveBeenCalled();
      expect(storedHead(catalog, 'archiv')).toEqual(archiveBefore); // no archive in either chunk: not read, not written

      const exact = catalog.keywordSearch(quoteTerm('backup'), 120);
      const merged = heads.ranking('backup', 120);
      expect(merged?.ids).toEqual(exact.slice(0, 25).map((h) => h.chunkId));
      expect(merged?.ids).toContain(added);
      // The added chunk's score is worked out as FTS5's bm25() gives it, to the last bit.
      const at = merged?.ids.indexOf(added ?? -1) ?? -1;
      expect(merged?.scores[at]).toBe(exact.find((h) => h.chunkId === added)?.bm25);
    });
  });

  it('build a long head in full when one of its stored chunks was removed', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, OPTIONS);
      await heads.refresh(noPause);
      const best = heads.ranking('backup', 120)?.ids[0];
      const document = catalog.documentIdsOf([best ?? -1]).get(best ?? -1);
      const counted = vi.spyOn(catalog.keywordHeads, 'termChunks');
      catalog.removeDocuments([document ?? -1]);
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(counted.mock.calls.map(([term]) => term)).toContain('backup');
      expect(heads.ranking('backup', 119)?.ids).toEqual(catalog.keywordSearch(quoteTerm('backup'), 25).map((h) => h.chunkId));
    });
  });

  it('check every head again when the removed chunks are not known (the catalog reopened in between)', async () => {
    await withCatalog(async (first, file) => {
      fill(first);
      await new KeywordHeads(first, OPTIONS).refresh(noPause);
      addNote(first, '/n/1.txt', 'plain text without the term');
      first.close();
      const catalog = Catalog.open(file);
      try {
        const everyHead = vi.spyOn(catalog.keywordHeads, 'storedTerms');
        const heads = new KeywordHeads(catalog, OPTIONS);
        expect(await heads.refresh(noPause)).toBe('updated');
        expect(everyHead).toHaveBeenCalled();
        expect(heads.ranking('backup', 119)?.ids).toEqual(catalog.keywordSearch(quoteTerm('backup'), 25).map((h) => h.chunkId));
      } finally {
        catalog.close();
      }
    });
  });
});

describe('the catalog\'s log of removed chunks', () => {
  it('gives the chunks removed after a generation, and null once it no longer reaches back that far', () => {
    const log = new RemovedChunkLog(5, 30);
    const removal = (chunks: { id: number; text: string }[] | number[]) => {
      const r = log.start();
      r.add(chunks);
      return r;
    };
    log.record(6, removal([{ id: 1, text: 'one two' }]));
    log.record(7, removal([{ id: 2, text: 'three' }]));
    expect(log.since(5)?.map((c) => c.id)).toEqual([1, 2]);
    expect(log.since(6)?.map((c) => c.id)).toEqual([2]);
    expect(log.since(4)).toBeNull(); // before the catalog was opened
    log.forget(6);
    expect(log.since(6)?.map((c) => c.id)).toEqual([2]);
    const large = log.start();
    large.add([{ id: 3, text: 'a text longer than the thirty characters kept' }]);
    expect(large.wantsText).toBe(false); // the next document's chunks are read without their text
    expect(large.add([4, 5])).toEqual([4, 5]);
    expect(large.ids).toEqual([3, 4, 5]);
    log.record(8, large);
    expect(log.since(7)).toBeNull(); // past the bound: what was removed up to 8 is not known
    expect(log.since(8)).toEqual([]);
  });

  it('is filled by replacements and removals, and the cached counts move with them', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const counts = () => catalog.db.prepare('SELECT (SELECT count(*) FROM chunks) AS chunks, (SELECT count(*) FROM documents) AS documents').get();
      expect({ chunks: catalog.chunkCount(), documents: catalog.documentCount() }).toEqual(counts());
      const generation = catalog.generation();
      const old = catalog.chunksOf(catalog.documentByPath('/n/7.txt')?.id ?? -1);
      addNote(catalog, '/n/7.txt', 'new text');
      addNote(catalog, '/n/new.txt', 'another note');
      catalog.removeDocuments([catalog.documentByPath('/n/8.txt')?.id ?? -1]);
      expect({ chunks: catalog.chunkCount(), documents: catalog.documentCount() }).toEqual(counts());
      const removed = catalog.keywordHeads.removedSince(generation);
      expect(removed?.map((c) => c.text)).toEqual([old[0]?.text, expect.stringContaining('note 8 ')]);
    });
  });
});
