// The keyword half within a filter's scope: read between the scope's lowest and highest chunk id with its check
// in SQL, it must give exactly what the global bm25 ranking restricted to the scope gives (the same chunks in the
// same order, ties included), whether the scope's chunks run on, lie in several runs or are scattered.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { filterScope, type FilterScope } from '../../../src-main/search/filter-scope.ts';
import { keywordCandidates } from '../../../src-main/search/keyword-search.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const WORDS = ['lantern', 'harbour', 'ferry', 'quay', 'tide', 'gull', 'rope', 'anchor', 'sail', 'mast', 'buoy', 'pier'];
const CHUNKS_PER_DOCUMENT = 4;

/** Deterministic texts: a few of the words, some repeated, so bm25 has lengths and frequencies to tell apart. */
function texts(seed: number, count: number): string[] {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: count }, () => Array.from({ length: 3 + Math.floor(next() * 8) }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' '));
}

/** One document per folder letter, in order; every document's first chunk is the same text (ties across runs). */
function addDocuments(catalog: Catalog, folders: string): { folder: string; documentId: number; chunkIds: number[] }[] {
  return [...folders].map((folder, d) => {
    const chunks = ['lantern harbour ferry', ...texts(d + 1, CHUNKS_PER_DOCUMENT - 1)];
    const stored = catalog.putDocument(
      { path: `/${folder}/${d}.txt`, folder: `/${folder}`, hash: String(d), type: 'text', size: 1, mtime: d, title: '', ingestedAt: 0 },
      chunks.map((text) => ({ start: 0, end: text.length, text, vector: null })),
    );
    return { folder, ...stored };
  });
}

const QUERIES = [['lantern'], ['harbour', 'ferry'], ['quay', 'tide', 'gull'], ['anchor', 'lantern'], ['pier', 'buoy', 'mast', 'sail']];

/** The scope's candidates both ways (within its chunk ids, and the global ranking with its check) for every query and a few n. */
function expectSameBothWays(catalog: Catalog, scope: FilterScope): void {
  expect(scope.chunkScope).toBeDefined();
  for (const terms of QUERIES) {
    for (const n of [1, 3, 7, 50]) {
      const global = keywordCandidates(catalog, terms, n, scope.admits);
      expect(keywordCandidates(catalog, terms, n, scope)).toEqual(global);
      expect(global.every(scope.admits)).toBe(true);
    }
  }
}

function openScope(catalog: Catalog, folder: string): FilterScope {
  const scope = filterScope(catalog, { folder });
  if (!scope) throw new Error(`${folder} should leave chunks out`);
  return scope;
}

describe('keyword candidates within a filter\'s scope', () => {
  it('gives the global ranking restricted to the scope, for one run of ids, several runs and scattered ids', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        // /a one run; /b two runs around /a; /c and /d every other document.
        const documents = addDocuments(catalog, `bbbbaaaaaaaabbbbb${'cd'.repeat(9)}`);
        for (const folder of ['/a', '/b', '/c', '/d']) expectSameBothWays(catalog, openScope(catalog, folder));
        // /b's span holds all of /a: its check, not the span, keeps /a out.
        const inB = documents.filter((d) => d.folder === 'b').flatMap((d) => d.chunkIds);
        expect(openScope(catalog, '/b').chunkScope).toMatchObject({ first: Math.min(...inB), last: Math.max(...inB) });
        // Both steps ran: the AND ("harbour" and "ferry" in every first chunk) and the OR after it.
        expect(keywordCandidates(catalog, ['harbour', 'ferry'], 50, openScope(catalog, '/a')).length).toBeGreaterThan(8);
        // A removed document leaves its ids empty inside a scope's span.
        catalog.removeDocuments([documents[6]?.documentId ?? 0, documents[14]?.documentId ?? 0]);
        for (const folder of ['/a', '/b']) expectSameBothWays(catalog, openScope(catalog, folder));
      } finally {
        catalog.close();
      }
    });
  });

  it('reads the scope to both ends of its chunk ids', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        // The scope's best chunks for "beacon" are its very first and very last ids; the chunks just outside
        // it, better still, must not come in.
        const put = (folder: string, d: number, chunks: string[]) =>
          catalog.putDocument(
            { path: `/${folder}/${d}.txt`, folder: `/${folder}`, hash: String(d), type: 'text', size: 1, mtime: d, title: '', ingestedAt: 0 },
            chunks.map((text) => ({ start: 0, end: text.length, text, vector: null })),
          ).chunkIds;
        const plain = (d: number) => texts(d, 3);
        put('b', 0, plain(0));
        put('b', 1, [...plain(1), 'beacon beacon beacon beacon']);
        const [first = 0, , middle = 0] = put('a', 2, ['beacon beacon', 'quay', 'beacon and many other words about the quay']);
        put('a', 3, plain(3));
        const last = put('a', 4, [...plain(4), 'beacon beacon beacon']).at(-1) ?? 0;
        put('b', 5, ['beacon beacon beacon beacon beacon', ...plain(5)]);
        const scope = openScope(catalog, '/a');
        expect(scope.chunkScope).toMatchObject({ first, last });
        expect(keywordCandidates(catalog, ['beacon'], 10, scope)).toEqual([last, first, middle]);
        expect(keywordCandidates(catalog, ['beacon'], 10, scope.admits)).toEqual([last, first, middle]);
        expect(catalog.keywordSearchWithin('"beacon"', 10, { first: last, last, admits: () => true }).map((h) => h.chunkId)).toEqual([last]);
        expect(catalog.keywordSearchWithin('"beacon"', 10, { first: 1, last: last + 1, admits: (id) => id !== last }).map((h) => h.chunkId)).not.toContain(last);
      } finally {
        catalog.close();
      }
    });
  });
});
