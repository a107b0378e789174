import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog, type NewDocument } from '../../../src-main/library/catalog.ts';
import { SCHEMA_VERSION } from '../../../src-main/library/schema.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const doc = (path: string, extra: Partial<NewDocument> = {}): NewDocument => ({
  path,
  folder: path.slice(0, path.lastIndexOf('/')),
  hash: 'h-' + path,
  type: 'text',
  size: 10,
  mtime: 1_000,
  title: path,
  ingestedAt: 2_000,
  ...extra,
});
const chunk = (text: string, vector: number[] | null = [1, 0]) => ({ start: 0, end: text.length, text, vector: vector && Float32Array.from(vector) });

async function withCatalog(fn: (catalog: Catalog, file: string) => void | Promise<void>): Promise<void> {
  await withTempDir(async (dir) => {
    const file = join(dir, 'library', 'catalog.sqlite');
    const catalog = Catalog.open(file);
    try {
      await fn(catalog, file);
    } finally {
      catalog.close();
    }
  });
}

describe('Catalog', () => {
  it('creates the schema in WAL mode and records its version', async () => {
    await withCatalog((catalog) => {
      expect(catalog.db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(catalog.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(catalog.generation()).toBe(0);
    });
  });

  it('refuses a catalog from a newer version', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'c.sqlite');
      const db = new Database(file);
      db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      db.close();
      expect(() => Catalog.open(file)).toThrow(/newer PDW/);
    });
  });

  it('replaces a document and its chunks in one step, keeping FTS in sync', async () => {
    await withCatalog((catalog) => {
      const first = catalog.putDocument(doc('/n/a.txt'), [chunk('apples and pears'), chunk('plums')]);
      expect(catalog.keywordSearch('"apples"', 10).map((h) => h.chunkId)).toEqual([first.chunkIds[0]]);
      const second = catalog.putDocument(doc('/n/a.txt', { hash: 'h2' }), [chunk('bananas only')]);
      expect(second.removedChunkIds).toEqual(first.chunkIds);
      expect(Math.min(...second.chunkIds)).toBeGreaterThan(Math.max(...first.chunkIds)); // ids never reused
      expect(catalog.keywordSearch('"apples"', 10)).toEqual([]);
      expect(catalog.keywordSearch('"bananas"', 10)).toHaveLength(1);
      expect(catalog.documentByPath('/n/a.txt')).toMatchObject({ hash: 'h2', chunkCount: 1 });
      expect(catalog.generation()).toBe(2);
    });
  });

  it('removes documents with their chunks and vectors', async () => {
    await withCatalog((catalog) => {
      const a = catalog.putDocument(doc('/n/a.txt'), [chunk('alpha'), chunk('beta', null)]);
      catalog.putDocument(doc('/n/b.txt'), [chunk('gamma')]);
      const { removed, removedChunkIds } = catalog.removeDocuments([a.documentId, 999]);
      expect(removed.map((d) => d.path)).toEqual(['/n/a.txt']);
      expect(removedChunkIds).toEqual(a.chunkIds);
      expect(catalog.keywordSearch('"alpha"', 5)).toEqual([]);
      expect([...catalog.vectors()].length).toBe(1);
      expect(catalog.counts()).toMatchObject({ documents: 1, chunks: 1 });
    });
  });

  it('counts a term\'s chunks and documents again after every change (they are kept between searches)', async () => {
    await withCatalog((catalog) => {
      catalog.putDocument(doc('/n/a.txt'), [chunk('the harbour ferry leaves at noon')]);
      const counts = () => [catalog.termDocumentCounts(['harbour'], 10).get('harbour'), catalog.documentTermCount('harbour'), catalog.documentMatchCount('"harbour"', 10)];
      expect(counts()).toEqual([1, 1, 1]);
      expect(counts()).toEqual([1, 1, 1]); // asked again: the same, from the cache
      catalog.putDocument(doc('/n/b.txt'), [chunk('a harbour wall'), chunk('the old harbour inn')]);
      expect(counts()).toEqual([3, 2, 2]);
      catalog.removeDocuments([catalog.documentByPath('/n/a.txt')?.id ?? -1]);
      expect(counts()).toEqual([2, 1, 1]);
    });
  });

  it('reads the vectors of any number of chunks, skipping those without one or gone', async () => {
    await withCatalog((catalog) => {
      const texts = Array.from({ length: 150 }, (_, i) => chunk(`passage ${i}`, i % 7 === 0 ? null : [i, 1]));
      const { chunkIds } = catalog.putDocument(doc('/n/many.txt'), texts);
      const asked = [...chunkIds].reverse().concat([999_999, chunkIds[3] as number]); // more than one statement's worth, a missing id, a repeat
      const vectors = catalog.vectorsOfChunks(asked);
      const withVector = chunkIds.filter((_, i) => i % 7 !== 0);
      expect([...vectors.keys()].sort((a, b) => a - b)).toEqual(withVector);
      chunkIds.forEach((id, i) => {
        if (i % 7 !== 0) expect([...(vectors.get(id) as Float32Array)]).toEqual([i, 1]);
      });
      expect(catalog.vectorsOfChunks([])).toEqual(new Map());
    });
  });

  it('filters by folder subtree, type and modification time', async () => {
    await withCatalog((catalog) => {
      catalog.putDocument(doc('/home/u/notes/a.txt', { mtime: 100 }), [chunk('shared word')]);
      catalog.putDocument(doc('/home/u/notes/deep/b.md', { type: 'markdown', mtime: 200 }), [chunk('shared word')]);
      catalog.putDocument(doc('/home/u/notes2/c.txt', { mtime: 300 }), [chunk('shared word')]);
      const paths = (filter: Parameters<Catalog['listDocuments']>[0]['filter']) => catalog.listDocuments({ filter }).documents.map((d) => d.path);
      expect(paths({ folder: '/home/u/notes' })).toEqual(['/home/u/notes/a.txt', '/home/u/notes/deep/b.md']);
      expect(paths({ folder: '/home/u/notes/' })).toHaveLength(2);
      expect(paths({ types: ['markdown'] })).toEqual(['/home/u/notes/deep/b.md']);
      expect(paths({ modifiedAfter: 150, modifiedBefore: 300 })).toEqual(['/home/u/notes/deep/b.md', '/home/u/notes2/c.txt']);
      expect(catalog.countMatching({ types: ['text'] })).toEqual({ documents: 2, chunks: 2 });
      expect(catalog.countMatching({ types: ['pdf'] })).toEqual({ documents: 0, chunks: 0 });
      const text = catalog.documentIdsMatching({ types: ['text'] });
      expect([...text].map((id) => catalog.getDocument(id)?.path).sort()).toEqual(['/home/u/notes/a.txt', '/home/u/notes2/c.txt']);
      // Each chunk's document, by chunk id; a change brings a new map.
      const before = catalog.documentOfChunk();
      const { documentId, chunkIds } = catalog.putDocument(doc('/home/u/e.txt'), [chunk('one'), chunk('two')]);
      const after = catalog.documentOfChunk();
      expect(after).not.toBe(before);
      expect(chunkIds.map((id) => after[id])).toEqual([documentId, documentId]);
      expect([...catalog.vectorsOf([documentId])].map((v) => v.id)).toEqual(chunkIds);
      // Chunks whose ids do not run on (never written so by PDW, but possible in a catalog) are mapped one by one.
      const interleaved = catalog.putDocument(doc('/home/u/f.txt'), [chunk('three')]);
      catalog.db.prepare('INSERT INTO chunks (document_id, seq, start, end, text) VALUES (?, 1, 0, 4, ?)').run(documentId, 'four');
      catalog.putDocument(doc('/home/u/g.txt'), [chunk('five')]); // a change, so the map is built again
      const mixed = catalog.documentOfChunk();
      const ofE = catalog.db.prepare('SELECT id FROM chunks WHERE document_id = ?').pluck().all(documentId) as number[];
      expect(ofE).toHaveLength(3);
      expect(ofE.map((id) => mixed[id])).toEqual([documentId, documentId, documentId]);
      expect(mixed[interleaved.chunkIds[0] ?? 0]).toBe(interleaved.documentId);
    });
  });

  it('lists with text search, sorting and paging', async () => {
    await withCatalog((catalog) => {
      for (const n of ['c', 'a', 'b']) catalog.putDocument(doc(`/d/${n}.txt`, { title: `Title ${n.toUpperCase()}`, mtime: n.charCodeAt(0) }), [chunk(n)]);
      expect(catalog.listDocuments({ limit: 2 })).toMatchObject({ total: 3, documents: [{ path: '/d/a.txt' }, { path: '/d/b.txt' }] });
      expect(catalog.listDocuments({ sort: 'modified', offset: 1, limit: 1 }).documents[0]?.path).toBe('/d/b.txt');
      expect(catalog.listDocuments({ text: 'title b' }).documents.map((d) => d.path)).toEqual(['/d/b.txt']);
    });
  });

  it('stages re-embedded vectors invisibly until they are committed', async () => {
    await withCatalog((catalog) => {
      const { chunkIds } = catalog.putDocument(doc('/a.txt'), [chunk('one'), chunk('two')]);
      catalog.stagePendingVectors(chunkIds.map((id) => ({ id, vector: Float32Array.from([0, 0, 1]) })));
      expect([...catalog.vectors()].every((v) => v.vector.length === 2)).toBe(true);
      catalog.discardPendingVectors();
      catalog.stagePendingVectors(chunkIds.map((id) => ({ id, vector: Float32Array.from([0, 0, 1]) })));
      const before = catalog.generation();
      catalog.commitPendingVectors('new-embedder');
      expect([...catalog.vectors()].map((v) => [...v.vector])).toEqual([[0, 0, 1], [0, 0, 1]]);
      expect(catalog.getState('embedder')).toBe('new-embedder');
      expect(catalog.generation()).toBe(before + 1);
    });
  });
});
