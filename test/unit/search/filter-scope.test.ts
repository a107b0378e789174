import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { filterScope } from '../../../src-main/search/filter-scope.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

/** A document of `chunks` chunks in the folder. */
function putDocument(catalog: Catalog, folder: string, name: string, chunks: number) {
  return catalog.putDocument(
    { path: `${folder}/${name}.txt`, folder, hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 },
    Array.from({ length: chunks }, (_, i) => ({ start: 0, end: 1, text: `chunk ${i} of ${name}`, vector: null })),
  );
}

describe('filter scope', () => {
  it('admits exactly the chunks of the documents the filter keeps', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = (folder: string, name: string, chunks: number) => putDocument(catalog, folder, name, chunks);
        // Kept and left-out documents interleaved, the last kept one holding the highest ids.
        const documents = [put('/a', 'one', 3), put('/b', 'two', 2), put('/a', 'three', 1), put('/b', 'four', 4), put('/a', 'five', 2)];
        const inA = documents.filter((_, i) => i % 2 === 0);
        const scope = filterScope(catalog, { folder: '/a' });
        expect(scope?.chunks).toBe(6);
        expect(scope?.documents).toEqual(new Set(inA.map((d) => d.documentId)));
        const everyChunk = documents.flatMap((d) => d.chunkIds);
        const admitted = everyChunk.filter((id) => scope?.admits(id));
        expect(admitted).toEqual(inA.flatMap((d) => d.chunkIds));
        // Labels past every chunk (a graph may hold labels the catalog no longer has) are not admitted.
        expect(scope?.admits(Math.max(...everyChunk) + 1)).toBe(false);
        expect(scope?.admits(0)).toBe(false);
      } finally {
        catalog.close();
      }
    });
  });

  it('knows the lowest and highest chunk id it holds, a document\'s late chunk included', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = (folder: string, name: string, chunks: number) => putDocument(catalog, folder, name, chunks);
        const one = put('/a', 'one', 2);
        const two = put('/b', 'two', 1);
        // A chunk of "one" after the chunks of "two" and "three" (never written so by PDW, but possible in a catalog).
        const three = put('/b', 'three', 2);
        const late = Number(catalog.db.prepare('INSERT INTO chunks (document_id, seq, start, end, text) VALUES (?, 2, 0, 4, ?)').run(one.documentId, 'late').lastInsertRowid);
        put('/c', 'four', 1); // a change, so the catalog's chunk map is built again
        const span = (folder: string) => {
          const scope = filterScope(catalog, { folder });
          return scope?.chunkScope && { first: scope.chunkScope.first, last: scope.chunkScope.last };
        };
        expect(span('/a')).toEqual({ first: one.chunkIds[0], last: late });
        expect(span('/b')).toEqual({ first: two.chunkIds[0], last: three.chunkIds[1] });
        expect(filterScope(catalog, { folder: '/a' })?.chunkScope?.admits(two.chunkIds[0] ?? 0)).toBe(false);
        expect(filterScope(catalog, { folder: '/nowhere' })?.chunkScope).toBeUndefined();
      } finally {
        catalog.close();
      }
    });
  });
});
