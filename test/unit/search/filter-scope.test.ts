import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { filterScope } from '../../../src-main/search/filter-scope.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

describe('filter scope', () => {
  it('admits exactly the chunks of the documents the filter keeps', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = (folder: string, name: string, chunks: number) =>
          catalog.putDocument(
            { path: `${folder}/${name}.txt`, folder, hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 },
            Array.from({ length: chunks }, (_, i) => ({ start: 0, end: 1, text: `chunk ${i} of ${name}`, vector: null })),
          );
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
});
