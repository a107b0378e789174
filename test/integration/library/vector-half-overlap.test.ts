// A hybrid search posts its graph search to the worker before running the keyword half, so the two halves take
// the time of the slower one instead of their sum (measured: `npm run bench vector-ef`, `npm run bench library`).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../../src-main/embed/embedder.ts';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { GraphWorker } from '../../../src-main/library/graph-client.ts';
import { hybridSearch } from '../../../src-main/search/hybrid-search.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const DIM = 4;
/** Word counts over four words: enough meaning for a graph to rank by. */
const WORDS = ['walrus', 'ice', 'harbour', 'ferry'];
const embed = (text: string) => Float32Array.from(WORDS, (word) => text.split(' ').filter((w) => w === word).length + 0.01);
const embedder: Embedder = { id: 'word-counts', dimension: DIM, embed: (texts) => Promise.resolve(texts.map(embed)) };

describe('the two halves of a hybrid search', () => {
  it('overlap: the keyword half runs while the graph worker searches, and the answer is the same', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'catalog.sqlite'));
      const graph = new GraphWorker(DIM);
      try {
        const texts = ['walrus ice walrus', 'harbour ferry', 'ice ice harbour', 'ferry walrus', 'walrus on the ice'];
        const stored = texts.map((text, i) =>
          catalog.putDocument({ path: `/d/${i}.txt`, folder: '/d', hash: `h${i}`, type: 'text', size: 1, mtime: 0, title: `doc ${i}`, ingestedAt: 0 }, [{ start: 0, end: text.length, text, vector: embed(text) }]),
        );
        await graph.create({}, 64);
        await graph.add(stored.map((s) => s.chunkIds[0] as number), texts.map(embed));

        const order: string[] = [];
        const observedCatalog = new Proxy(catalog, {
          get(target, key) {
            const value = Reflect.get(target, key, target) as unknown;
            if (typeof value !== 'function') return value;
            return (...args: unknown[]) => {
              if (key === 'keywordSearch' || key === 'keywordScores') order.push('keyword half');
              return (value as (...a: unknown[]) => unknown).apply(target, args);
            };
          },
        });
        const observedGraph = {
          get size() {
            return graph.size;
          },
          search: (query: Float32Array, k: number) => {
            order.push('graph search posted');
            return graph.search(query, k).then((found) => {
              order.push('graph answered');
              return found;
            });
          },
        };
        const overlapped = await hybridSearch({ catalog: observedCatalog, embedder, index: observedGraph }, 'walrus ice', { k: 3 });
        expect(order[0]).toBe('graph search posted');
        expect(order.indexOf('keyword half')).toBeGreaterThan(0);
        expect(order.indexOf('keyword half')).toBeLessThan(order.indexOf('graph answered'));
        // The same answer as the graph searched on its own (no overlap possible, no proxy).
        const plain = await hybridSearch({ catalog, embedder, index: graph }, 'walrus ice', { k: 3 });
        expect(overlapped).toEqual(plain);
        expect(overlapped[0]?.explain.vector).not.toBeNull();
      } finally {
        await graph.close();
        catalog.close();
      }
    });
  });
});
