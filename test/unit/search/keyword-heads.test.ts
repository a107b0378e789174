import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { KeywordHeads } from '../../../src-main/search/keyword-heads.ts';
import { keywordCandidates, tellingTerms } from '../../../src-main/search/keyword-search.ts';
import { quoteTerm } from '../../../src-main/search/terms.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';
import { withCatalog } from '../../fixtures/search/heads-notes.ts';

const noPause = () => Promise.resolve();

/** 400 one-chunk notes: "backup" in 40 of them, with varying counts and lengths so bm25 has an order to find. */
function fill(catalog: Catalog): void {
  for (let i = 0; i < 400; i++) {
    const words = [`note ${i}`, 'plain filler words about nothing much'.repeat(1 + (i % 3))];
    if (i % 10 === 0) words.push('backups '.repeat(1 + (i % 7)), i % 20 === 0 ? 'restore' : '');
    if (i % 25 === 0) words.push('archive');
    addNote(catalog, `/n/${i}.txt`, words.join(' '));
  }
}

function addNote(catalog: Catalog, path: string, text: string): number {
  const doc = { path, folder: '/n', hash: path, type: 'text' as const, size: text.length, mtime: 0, title: '', ingestedAt: 0 };
  return catalog.putDocument(doc, [{ start: 0, end: text.length, text, vector: null }]).chunkIds[0] ?? -1;
}

/** A stored head's bytes, to tell a kept head from a rebuilt one (a rebuild after any change moves its scores). */
function storedHead(catalog: Catalog, term: string): { ids: Buffer; scores: Buffer } | undefined {
  return catalog.db.prepare('SELECT chunk_ids AS ids, scores FROM keyword_heads WHERE term = ?').get(term) as { ids: Buffer; scores: Buffer } | undefined;
}

function ftsRanking(catalog: Catalog, term: string, n: number): number[] {
  return catalog.keywordSearch(quoteTerm(term), n).map((h) => h.chunkId);
}

describe('keyword heads', () => {
  it('store exactly the ranking FTS5 gives a common term alone, keyed by the index stem', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 12, completeUpTo: 0 });
      expect(heads.isCurrent()).toBe(false);
      expect(await heads.refresh(noPause)).toBe('built');
      expect(heads.isCurrent()).toBe(true);
      expect(await heads.refresh(noPause)).toBe('current');

      const [backup] = tellingTerms(catalog, ['backup']);
      expect(backup?.df).toBe(40);
      const expected = ftsRanking(catalog, 'backup', 10);
      expect(expected).toHaveLength(10);
      expect(heads.ranking('backup', 40)?.ids.slice(0, 10)).toEqual(expected);
      expect(heads.ranking('backups', 40)?.ids.slice(0, 10)).toEqual(expected); // same Porter stem
      const head = heads.ranking('backup', 40);
      expect(head?.ids).toEqual(ftsRanking(catalog, 'backup', 12));
      expect(head?.complete).toBe(false);
      expect([...(head?.scores ?? [])]).toEqual(catalog.keywordSearch(quoteTerm('backup'), 12).map((h) => h.bm25));
      // A count that is not this stem's, or a term too rare for a head: no ranking.
      expect(heads.ranking('backup', 39)).toBeNull();
      expect(heads.ranking('archive', 16)).toBeNull();
      expect(heads.ranking('restore', 20)?.ids.slice(0, 10)).toEqual(ftsRanking(catalog, 'restore', 10));
    });
  });

  it('are not used once the catalog changes, and a refresh brings the new ranking', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 12, completeUpTo: 0 });
      await heads.refresh(noPause);
      const strongest = addNote(catalog, '/n/new.txt', 'backup backup backup backup backup backup backup backup');
      expect(heads.isCurrent()).toBe(false);
      expect(heads.ranking('backup', 41)).toBeNull();
      expect(await heads.refresh(noPause)).toBe('updated');
      const ranking = heads.ranking('backup', 41)?.ids.slice(0, 10);
      expect(ranking?.[0]).toBe(strongest);
      expect(ranking).toEqual(ftsRanking(catalog, 'backup', 10));
    });
  });

  it('after a change, rebuild the heads of the terms it touched and keep the others', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 60, updateShare: 0.01 });
      expect(await heads.refresh(noPause)).toBe('built');
      const restoreBefore = storedHead(catalog, 'restor');
      expect(restoreBefore).toBeDefined();
      expect(heads.ranking('archive', 16)).toBeNull(); // under 18 chunks: no head yet

      // Three new notes: "backups" (a head's term, said often) and "archived" (reaching 18 chunks with them).
      const added = ['backups backups backups archived', 'backup archive and more', 'an archive of backups'].map((text, i) => addNote(catalog, `/n/added-${i}.txt`, text));
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(heads.isCurrent()).toBe(true);
      expect(storedHead(catalog, 'restor')).toEqual(restoreBefore); // untouched: kept as it was
      expect(heads.ranking('backup', 43)?.ids).toEqual(ftsRanking(catalog, 'backup', 60));
      expect(heads.ranking('backup', 43)?.ids.slice(0, 3)).toContain(added[0]);
      expect(heads.ranking('archive', 19)?.ids).toEqual(ftsRanking(catalog, 'archive', 19));
      for (const terms of [['backup'], ['archive'], ['backups', 'archive']]) {
        expect(keywordCandidates(catalog, terms, 50, undefined, heads)).toEqual(keywordCandidates(catalog, terms, 50));
      }
    });
  });

  it('after a removal or a replacement, find the terms whose chunks went', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 60, updateShare: 0.01 });
      await heads.refresh(noPause);
      const archiveBefore = storedHead(catalog, 'archiv');
      // Note 10 holds "backups" but neither "restore" nor "archive"; note 20 holds "backups" and "restore".
      const note10 = catalog.documentByPath('/n/10.txt')?.id ?? -1;
      catalog.removeDocuments([note10]);
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(heads.ranking('backup', 39)?.ids).toEqual(ftsRanking(catalog, 'backup', 39));
      expect(storedHead(catalog, 'archiv')).toEqual(archiveBefore);

      // The same path again with other text holding "restore" as often: its chunk count stays 20, its postings move.
      const restoreBefore = storedHead(catalog, 'restor');
      addNote(catalog, '/n/20.txt', 'restore restore restore restore restore');
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(heads.ranking('restore', 20)?.ids).toEqual(ftsRanking(catalog, 'restore', 20));
      expect(storedHead(catalog, 'restor')).not.toEqual(restoreBefore);
      expect(heads.ranking('backup', 38)?.ids).toEqual(ftsRanking(catalog, 'backup', 38));
    });
  });

  it('are all built anew once the change since the last full build, or since the last update, passes its share', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 60, fullRebuildShare: 0.01, updateShare: 0.01 }); // 4 of 400 chunks
      await heads.refresh(noPause);
      const restoreBuilt = storedHead(catalog, 'restor');
      for (let i = 0; i < 3; i++) addNote(catalog, `/n/more-${i}.txt`, `backup number ${i}`);
      expect(await heads.refresh(noPause)).toBe('updated');
      expect(storedHead(catalog, 'restor')).toEqual(restoreBuilt);
      addNote(catalog, '/n/more-3.txt', 'backup number 3');
      addNote(catalog, '/n/more-4.txt', 'backup number 4'); // 5 chunks added since the full build
      expect(await heads.refresh(noPause)).toBe('built');
      const rebuilt = heads.ranking('restore', 20);
      expect(rebuilt?.ids).toEqual(ftsRanking(catalog, 'restore', 20));
      expect([...(rebuilt?.scores ?? [])]).toEqual(catalog.keywordSearch(quoteTerm('restore'), 20).map((h) => h.bm25));
      expect(storedHead(catalog, 'restor')).not.toEqual(restoreBuilt);
      addNote(catalog, '/n/more-5.txt', 'backup number 5');
      expect(await heads.refresh(noPause)).toBe('updated'); // counted again from the full build
      for (let i = 6; i < 11; i++) addNote(catalog, `/n/more-${i}.txt`, `backup number ${i}`);
      expect(await heads.refresh(noPause)).toBe('built'); // one change of 5 chunks: a full build is as cheap
    });
  });

  it('count as out of date when built with other settings, and are rebuilt with the ones in use', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const wider = new KeywordHeads(catalog, { minPostings: 18, length: 12, completeUpTo: 0 });
      expect(await wider.refresh(noPause)).toBe('built');
      expect(wider.ranking('restore', 20)).not.toBeNull();
      const narrower = new KeywordHeads(catalog, { minPostings: 30, length: 12, completeUpTo: 0 });
      expect(narrower.isCurrent()).toBe(false);
      expect(wider.isCurrent()).toBe(true);
      expect(await narrower.refresh(noPause)).toBe('built');
      expect(narrower.ranking('restore', 20)).toBeNull(); // under 30 postings: no head any more
      expect(narrower.ranking('backup', 40)?.ids).toEqual(ftsRanking(catalog, 'backup', 12));
      expect(wider.isCurrent()).toBe(false);
    });
  });

  it('built by the previous schema (ids only) are dropped on upgrade and rebuilt with their scores', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'catalog.sqlite');
      const catalog = Catalog.open(file);
      fill(catalog);
      // The catalog as schema 3 left it: heads without scores, current for this generation.
      catalog.db.exec(`DROP TRIGGER documents_fts_ai; DROP TRIGGER documents_fts_ad; DROP TABLE documents_fts; DROP TABLE keyword_heads;
        DROP TABLE removed_chunks; DROP TABLE keyword_heads_merged; DROP TABLE documents_vocab; DELETE FROM state WHERE key = 'removed_chunks_from';
        CREATE TABLE keyword_heads (term TEXT PRIMARY KEY, postings INTEGER NOT NULL, chunk_ids BLOB NOT NULL) WITHOUT ROWID;`);
      catalog.db.prepare('INSERT INTO keyword_heads VALUES (?, ?, ?)').run('backup', 40, Buffer.from(new Float64Array([1, 2, 3]).buffer));
      catalog.setState('keyword_heads_generation', String(catalog.generation()));
      catalog.db.pragma('user_version = 3');
      catalog.close();

      const upgraded = Catalog.open(file);
      try {
        expect(upgraded.db.prepare('SELECT count(*) FROM keyword_heads').pluck().get()).toBe(0);
        const heads = new KeywordHeads(upgraded, { minPostings: 18 });
        expect(heads.isCurrent()).toBe(false);
        expect(await heads.refresh(noPause)).toBe('built');
        expect(heads.ranking('backup', 40)?.ids).toEqual(ftsRanking(upgraded, 'backup', 40));
        expect(heads.ranking('backup', 40)?.scores).toHaveLength(40);
      } finally {
        upgraded.close();
      }
    });
  });

  it('give up a refresh when the catalog changes underneath, and stop when asked to', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 12, completeUpTo: 0 });
      let writes = 0;
      const writeOnce = async () => {
        if (writes++ === 0) addNote(catalog, '/n/late.txt', 'backup arrives late');
      };
      expect(await heads.refresh(writeOnce)).toBe('changed');
      expect(heads.isCurrent()).toBe(false);
      expect(catalog.db.prepare('SELECT count(*) FROM keyword_heads').pluck().get()).toBe(0);

      const stop = new AbortController();
      stop.abort();
      await expect(heads.refresh(noPause, stop.signal)).rejects.toThrow();
      expect(heads.isCurrent()).toBe(false);
    });
  });

  it('answer an OR of several terms from their stored rankings exactly as FTS5 ranks it, ties included', async () => {
    await withCatalog(async (catalog) => {
      // Every note has five words, so notes holding the same terms once each tie in bm25.
      for (let i = 0; i < 400; i++) {
        const words = [`item${i}`, i % 9 === 0 ? 'alpha' : 'filler', i % 11 === 0 ? 'beta' : 'padding', i % 13 === 0 ? 'omega' : 'stuffing', i % 37 === 0 ? 'zeta' : 'wadding'];
        addNote(catalog, `/t/${i}.txt`, words.join(' '));
      }
      const heads = new KeywordHeads(catalog, { minPostings: 20 });
      expect(await heads.refresh(noPause)).toBe('built');
      expect(heads.ranking('alpha', 45)?.complete).toBe(true);
      expect(heads.ranking('zeta', 11)).toBeNull(); // too rare for a head: scored alone by FTS5
      const everyOther = (id: number) => id % 2 === 0;
      for (const terms of [['alpha', 'beta'], ['omega', 'alpha', 'beta'], ['zeta', 'beta'], ['beta', 'zeta', 'omega']]) {
        for (const n of [5, 50, 200]) expect(keywordCandidates(catalog, terms, n, undefined, heads)).toEqual(keywordCandidates(catalog, terms, n));
        expect(keywordCandidates(catalog, terms, 20, everyOther, heads)).toEqual(keywordCandidates(catalog, terms, 20, everyOther));
      }
      // The stored scores are what ranks the OR: given the best score of all, alpha's last note comes first.
      const alpha = heads.ranking('alpha', 45);
      const boosted = Float64Array.from(alpha?.scores ?? [], (score, i) => (i === 44 ? -1000 : score));
      catalog.db.prepare('UPDATE keyword_heads SET scores = ? WHERE term = ?').run(Buffer.from(boosted.buffer), 'alpha');
      const both = new Set(catalog.keywordMatches('"zeta" AND "alpha"', 10)); // ranked ahead of the OR
      const orPart = (ids: number[]) => ids.filter((id) => !both.has(id));
      expect(orPart(keywordCandidates(catalog, ['zeta', 'alpha'], 50, undefined, heads))[0]).toBe(alpha?.ids[44]);
      expect(orPart(keywordCandidates(catalog, ['zeta', 'alpha'], 50))[0]).not.toBe(alpha?.ids[44]);
    });
  });

  it('leave keyword candidates exactly as FTS5 alone ranks them, filtered or not', async () => {
    await withCatalog(async (catalog) => {
      fill(catalog);
      const heads = new KeywordHeads(catalog, { minPostings: 18, length: 60 });
      await heads.refresh(noPause);
      for (const terms of [['backup'], ['archive'], ['backup', 'archive'], ['backups', 'restore'], ['note', 'backup']]) {
        expect(keywordCandidates(catalog, terms, 50, undefined, heads)).toEqual(keywordCandidates(catalog, terms, 50));
      }
      // Within a filter's scope: the head's chunks in scope, when it holds enough of them, else FTS5's ranking.
      const fts = ftsRanking(catalog, 'backup', 40);
      const scopes = [(id: number) => id % 2 === 0, (id: number) => id === fts[39]];
      for (const admits of scopes) {
        const expected = fts.filter(admits).slice(0, 10);
        expect(keywordCandidates(catalog, ['backup'], 10, admits, heads)).toEqual(expected);
        expect(keywordCandidates(catalog, ['backup'], 10, admits)).toEqual(expected);
      }
      // Heads too short to hold ten chunks of either scope: FTS5 answers, with the same result.
      const shortHeads = new KeywordHeads(catalog, { minPostings: 18, length: 12, completeUpTo: 0 });
      expect(await shortHeads.refresh(noPause)).toBe('built');
      expect(shortHeads.ranking('backup', 40)?.ids).toHaveLength(12);
      for (const admits of scopes) expect(keywordCandidates(catalog, ['backup'], 10, admits, shortHeads)).toEqual(fts.filter(admits).slice(0, 10));
      expect(await heads.refresh(noPause)).toBe('built'); // back to the long heads for what follows

      // The head is what answers a lone common term: a head stored in reverse shows through.
      const reversed = Uint32Array.from(ftsRanking(catalog, 'backup', 60).reverse());
      catalog.db.prepare('UPDATE keyword_heads SET chunk_ids = ? WHERE term = ?').run(Buffer.from(reversed.buffer), 'backup');
      expect(keywordCandidates(catalog, ['backup'], 10, undefined, heads)).toEqual([...reversed.slice(0, 10)]);
    });
  });
});
