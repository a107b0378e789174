// What a small change costs the keyword heads: only the changed chunks' terms are looked at, a long head is
// merged (its term's other chunks are not scored again), and the removed chunks' words come from the catalog's
// log of them — with every head checked again only when that log does not reach back far enough.
import { describe, expect, it, vi } from 'vitest';
import type { Catalog } from '../../../src-main/library/catalog.ts';
import { RemovedChunkLog } from '../../../src-main/library/removed-chunks.ts';
import { KeywordHeads } from '../../../src-main/search/keyword-heads.ts';
import { quoteTerm } from '../../../src-main/search/terms.ts';
import { addNote, fillNotes as fill, NOTE_HEADS as OPTIONS, withCatalog } from '../../fixtures/search/heads-notes.ts';

const noPause = () => Promise.resolve();

function storedHead(catalog: Catalog, term: string): { ids: Buffer; scores: Buffer } | undefined {
  return catalog.db.prepare('SELECT chunk_ids AS ids, scores FROM keyword_heads WHERE term = ?').get(term) as { ids: Buffer; scores: Buffer } | undefined;
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

  it('check every head again when the removed chunks are not known (removed before the catalog kept them)', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, OPTIONS);
      await heads.refresh(noPause);
      addNote(catalog, '/n/1.txt', 'plain text without the term');
      // As a catalog from before the log has it: the removals up to now are not known.
      catalog.setState('removed_chunks_from', String(catalog.generation()));
      const everyHead = vi.spyOn(catalog.keywordHeads, 'storedTerms');
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(everyHead).toHaveBeenCalled();
      expect(heads.ranking('backup', 119)?.ids).toEqual(catalog.keywordSearch(quoteTerm('backup'), 25).map((h) => h.chunkId));
    });
  });
});

describe('the catalog\'s log of removed chunks', () => {
  it('gives the chunks removed after a generation, also once reopened, and null once it no longer reaches back that far', async () => {
    await withCatalog(async (catalog) => {
      const note = (text: string) => catalog.documentByPath(`/${text}`)?.id ?? -1;
      for (const text of ['one two', 'three', 'a text longer than the thirty characters kept', 'four', 'five']) addNote(catalog, `/${text}`, text);
      const log = new RemovedChunkLog(catalog.db, 30);
      const removal = (generation: number, ...documents: number[]) => {
        const r = log.start(generation);
        for (const document of documents) r.add(document);
        log.record(r);
        return r;
      };
      const g = catalog.generation();
      removal(g + 1, note('one two'));
      removal(g + 2, note('three'));
      expect(log.since(g)?.map((c) => c.text)).toEqual(['one two', 'three']);
      expect(log.since(g + 1)?.map((c) => c.text)).toEqual(['three']);
      // Kept in the catalog: a log opened again (the app restarted) knows them.
      expect(new RemovedChunkLog(catalog.db, 30).since(g)?.map((c) => c.text)).toEqual(['one two', 'three']);
      log.forget(g + 1);
      expect(log.since(g)?.map((c) => c.text)).toEqual(['three']);
      const large = removal(g + 3, note('a text longer than the thirty characters kept'), note('four'));
      expect(large.complete).toBe(false);
      expect(large.ids).toHaveLength(2);
      expect(log.since(g + 2)).toBeNull(); // past the bound: what was removed up to g + 3 is not known
      expect(new RemovedChunkLog(catalog.db, 30).since(g + 2)).toBeNull();
      expect(log.since(g + 3)).toEqual([]);
      removal(g + 4, note('five'));
      expect(log.since(g + 3)?.map((c) => c.text)).toEqual(['five']);
    });
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
