import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { documentKeywordRanking as ranking, documentTerms, fuseDocumentRanking, wholeDocumentTerms } from '../../../src-main/search/document-keywords.ts';
import type { RankedDocument } from '../../../src-main/search/document-ranking.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

/** The ranked document ids alone. */
const documentKeywordRanking = (...args: Parameters<typeof ranking>) => ranking(...args).map((d) => d.documentId);

const byPassages: RankedDocument[] = [
  { documentId: 10, score: 1 / 3, chunks: [{ id: 1, score: 1 / 3 }] },
  { documentId: 20, score: 1 / 4, chunks: [{ id: 2, score: 1 / 4 }] },
  { documentId: 30, score: 1 / 5, chunks: [{ id: 3, score: 1 / 5 }] },
];

describe('whole-document evidence fused with passages', () => {
  it('lifts the document the whole-document ranking puts first above a slightly better passage', () => {
    // 20: 1/4 + 1/3 beats 10: 1/3 + 1/5.
    const fused = fuseDocumentRanking(byPassages, [20, 30, 10], 1, 2);
    expect(fused.map((d) => d.documentId)).toEqual([20, 10, 30]);
    expect(fused[0]?.score).toBeCloseTo(1 / 4 + 1 / 3, 12);
    expect(fused[0]?.chunks).toEqual([{ id: 2, score: 1 / 4 }]);
  });

  it('with a light weight only breaks near ties, and never reorders clear passage wins', () => {
    const fused = fuseDocumentRanking(byPassages, [30, 20], 0.1, 2);
    expect(fused.map((d) => d.documentId)).toEqual([10, 20, 30]);
  });

  it('adds a document only the whole-document ranking found, with no passages yet, and leaves its input untouched', () => {
    const fused = fuseDocumentRanking(byPassages, [40], 1.5, 2);
    expect(fused.map((d) => d.documentId)).toEqual([40, 10, 20, 30]);
    expect(fused[0]?.chunks).toEqual([]);
    expect(byPassages[0]?.score).toBe(1 / 3);
  });

  it('with no whole-document ranking keeps the passage order', () => {
    expect(fuseDocumentRanking(byPassages, [], 1, 2)).toEqual(byPassages);
  });
});

describe('whole-document terms', () => {
  const telling = [
    { term: 'tusk', df: 40 },
    { term: 'walrus', df: 900 },
    { term: 'arctic', df: 3000 },
  ];

  it('takes the rarest terms while their postings fit the budget', () => {
    expect(documentTerms(telling, 100_000, 1000)).toEqual(['tusk', 'walrus']);
    expect(documentTerms(telling, 100_000, 40)).toEqual(['tusk']);
  });

  it('takes no term past the budget, not even the rarest, unless told to take the rarest further', () => {
    expect(documentTerms(telling, 100_000, 10)).toEqual([]);
    expect(documentTerms(telling, 100_000, 10, 40)).toEqual(['tusk']);
    expect(documentTerms(telling, 100_000, 10, Infinity)).toEqual(['tusk']);
  });

  it('counts a term in at most as many documents as the library holds', () => {
    // 300 documents: 40 + 300 + 300 postings at most.
    expect(documentTerms(telling, 300, 1000)).toEqual(['tusk', 'walrus', 'arctic']);
  });
});

describe('whole-document terms of a search', () => {
  it('counts the documents of a rarest term whose chunks overrun the budget, and takes it when they fit', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = (name: string, texts: string[]) => {
          let at = 0;
          const chunks = texts.map((text) => ({ start: at, end: (at += text.length + 1) - 1, text, vector: null }));
          catalog.putDocument({ path: `/d/${name}.txt`, folder: '/d', hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 }, chunks);
        };
        // "walrus": 5 chunks of one document; "tusk": 4 chunks of 4 documents. A budget of 3 postings.
        put('walrus', ['walrus one', 'walrus two', 'walrus three', 'walrus four', 'walrus five']);
        for (let i = 0; i < 4; i++) put(`tusk-${i}`, [`a tusk ${i}`]);
        const walrus = { term: 'walrus', df: 5 };
        const tusk = { term: 'tusk', df: 4 };
        expect(documentTerms([walrus], catalog.documentCount(), 3)).toEqual([]);
        expect(wholeDocumentTerms(catalog, [walrus, tusk], 3)).toEqual(['walrus']);
        expect(wholeDocumentTerms(catalog, [tusk], 3)).toEqual([]);
        // Within the budget by their chunk counts, terms go in as documentTerms takes them.
        expect(wholeDocumentTerms(catalog, [tusk, walrus], 10)).toEqual(['tusk', 'walrus']);
      } finally {
        catalog.close();
      }
    });
  });
});

describe('whole-document keyword ranking', () => {
  it('ranks by title, path and full text as weighted, and keeps to the filter scope', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = (name: string, title: string, texts: string[]) => {
          let at = 0;
          const chunks = texts.map((text) => ({ start: at, end: (at += text.length + 1) - 1, text, vector: null }));
          return catalog.putDocument({ path: `/d/${name}.txt`, folder: '/d', hash: name, type: 'text', size: 1, mtime: 0, title, ingestedAt: 0 }, chunks).documentId;
        };
        // The guide names the walrus in its title; the diary mentions it more often, spread over its text.
        const guide = put('guide', 'Walrus field guide', ['Tusks, whiskers and habitat of a large arctic animal.', 'It eats clams.']);
        const diary = put('diary', 'Summer diary', ['We saw a walrus.', 'Another walrus on the ice.', 'A third walrus, asleep.']);
        const tusks = put('walrus-tusks', 'Ivory', ['Carvings from old ivory.']);
        for (let i = 0; i < 10; i++) put(`filler-${i}`, `Note ${i}`, [`unrelated text number ${i}`]);
        expect(documentKeywordRanking(catalog, ['walrus'], 10, [0, 0, 1])).toEqual([diary]);
        expect(documentKeywordRanking(catalog, ['walrus'], 10, [1, 1, 0]).sort()).toEqual([guide, tusks].sort());
        expect(documentKeywordRanking(catalog, ['walrus'], 10, [10, 0, 1])[0]).toBe(guide);
        const outOfScope = documentKeywordRanking(catalog, ['walrus'], 1, [1, 1, 1], (id) => id !== guide);
        expect(outOfScope).toHaveLength(1);
        expect([diary, tusks]).toContain(outOfScope[0]);
        // Replacing a document replaces its row; removing it removes it.
        put('diary', 'Summer diary', ['We saw seals.']);
        expect(documentKeywordRanking(catalog, ['walrus'], 10, [0, 0, 1])).toEqual([]);
        catalog.removeDocuments([guide]);
        expect(documentKeywordRanking(catalog, ['walrus'], 10, [1, 1, 1])).toEqual([tusks]);
      } finally {
        catalog.close();
      }
    });
  });

  it('leaves out documents matched only by a word every path shares', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        // Every document sits in a folder named "restored-from-b"; "from" is also a word of one text.
        const put = (name: string, text: string) =>
          catalog.putDocument({ path: `/r/restored-from-b/${name}.txt`, folder: '/r/restored-from-b', hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 }, [
            { start: 0, end: text.length, text, vector: null },
          ]).documentId;
        const letters = put('letters', 'Letters from the walrus colony.');
        const tusks = put('tusks', 'A walrus grows tusks.');
        for (let i = 0; i < 6; i++) put(`note-${i}`, `unrelated note ${i}`);
        // With title and path weighted 50, "from" matched all eight documents and ranked every one.
        expect(documentKeywordRanking(catalog, ['walrus', 'from'], 10, [50, 50, 1]).sort()).toEqual([letters, tusks].sort());
        expect(documentKeywordRanking(catalog, ['from'], 10, [50, 50, 1])).toEqual([]);
      } finally {
        catalog.close();
      }
    });
  });

  it('is filled from the chunks of a catalog written before it existed, overlaps cut', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'c.sqlite');
      const catalog = Catalog.open(file);
      // Two chunks overlapping on "walrus walrus": counted once, the text holds "walrus" three times, not five.
      const text = 'a walrus walrus walrus story';
      const twice = catalog.putDocument({ path: '/d/twice.txt', folder: '/d', hash: 't', type: 'text', size: 1, mtime: 0, title: 'x', ingestedAt: 0 }, [
        { start: 0, end: 22, text: text.slice(0, 22), vector: null },
        { start: 2, end: text.length, text: text.slice(2), vector: null },
      ]).documentId;
      const once = catalog.putDocument({ path: '/d/once.txt', folder: '/d', hash: 'o', type: 'text', size: 1, mtime: 0, title: 'y', ingestedAt: 0 }, [
        { start: 0, end: 40, text: 'walrus walrus walrus walrus story of one', vector: null },
      ]).documentId;
      // Other documents, so that "walrus" is in fewer than half of them and bm25 gives it weight.
      for (const name of ['a', 'b', 'c']) {
        catalog.putDocument({ path: `/d/${name}.txt`, folder: '/d', hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 }, [
          { start: 0, end: 13, text: 'a seal on ice', vector: null },
        ]);
      }
      catalog.db.exec('DROP TRIGGER documents_fts_ai; DROP TRIGGER documents_fts_ad; DROP TABLE documents_fts;');
      catalog.db.exec("DROP TABLE removed_chunks; DROP TABLE keyword_heads_merged; DROP TABLE documents_vocab; DELETE FROM state WHERE key = 'removed_chunks_from';");
      catalog.db.pragma('user_version = 4');
      catalog.close();
      const upgraded = Catalog.open(file);
      try {
        // Four "walrus" in a shorter text beat three: the overlap was not counted twice.
        expect(documentKeywordRanking(upgraded, ['walrus'], 10, [0, 0, 1])).toEqual([once, twice]);
        expect(upgraded.db.prepare(`SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'story'`).pluck().get()).toBe(2);
      } finally {
        upgraded.close();
      }
    });
  });
});

describe('the whole-document title field', () => {
  it('holds the title, or the first line of a document titled by its file name', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'catalog.sqlite'));
      try {
        const put = (path: string, title: string, text: string) =>
          catalog.putDocument({ path, folder: path.slice(0, path.lastIndexOf('/')), hash: path, type: 'text', size: 1, mtime: 0, title, ingestedAt: 0 }, [
            { start: 0, end: text.length, text, vector: null },
          ]).documentId;
        const prose = '\n  The walrus library forwards\ncalls to the vendor library.';
        const byFileName = put('/d/libwalrus1.txt', 'libwalrus1', prose);
        const byFileNameNoExtension = put('/d/README', 'README', 'Seal colonies\nrest on ice floes.');
        const titled = put('/d/plan.txt', 'Garden plan', 'Garden plan\n\nBeans in May, walrus in June.');
        const atRoot = put('/otters.txt', 'otters', 'Otters float\nholding paws.');
        const titleField = (word: string) =>
          catalog.db.prepare(`SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY rowid`).pluck().all(`title : ${word}`);
        expect(titleField('forwards')).toEqual([byFileName]);
        expect(titleField('calls')).toEqual([]); // the second line is body only
        expect(titleField('libwalrus1')).toEqual([]);
        expect(titleField('colonies')).toEqual([byFileNameNoExtension]);
        expect(titleField('garden')).toEqual([titled]);
        expect(titleField('beans')).toEqual([]);
        expect(titleField('float')).toEqual([atRoot]);
      } finally {
        catalog.close();
      }
    });
  });
});
