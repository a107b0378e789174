import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../../src-main/embed/embedder.ts';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { hybridSearch, type SearchStep } from '../../../src-main/search/hybrid-search.ts';
import { HnswIndex } from '../../../src-main/vector/hnsw-index.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

/** Puts a text document of the given chunks (no vectors) under /d. */
const documentWriter = (catalog: Catalog) => (name: string, texts: string[]) =>
  catalog.putDocument(
    { path: `/d/${name}.txt`, folder: '/d', hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 },
    texts.map((text) => ({ start: 0, end: text.length, text, vector: null })),
  );

const noEmbedder: Embedder = { id: 'none', dimension: 2, embed: () => Promise.reject(new Error('not used in keyword mode')) };

describe('hybrid search', () => {
  it('returns the best chunk of k different documents even when one document holds the top hits', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = documentWriter(catalog);
        // Twelve chunks of one document say "walrus" most often, so they fill the first 2k fused hits.
        const big = put('big', Array.from({ length: 12 }, (_, i) => `walrus walrus walrus walrus note ${i}`));
        const other = put('other', ['walrus and other animals of the arctic sea, seen from a boat on a long summer trip']);
        const third = put('third', ['a walrus, one of many animals described in this long field guide to marine mammals']);
        for (let i = 0; i < 60; i++) put(`filler-${i}`, [`unrelated text number ${i}`]);
        const results = await hybridSearch({ catalog, embedder: noEmbedder, index: null }, 'walrus', { k: 3, mode: 'keyword' });
        expect(results.map((r) => r.documentId)).toEqual([big.documentId, expect.any(Number), expect.any(Number)]);
        expect(new Set(results.map((r) => r.documentId))).toEqual(new Set([big.documentId, other.documentId, third.documentId]));
        expect(big.chunkIds).toContain(results[0]?.passages[0]?.chunkId);
        // The document's further matches come back as its passages (three of its twelve), not as more hits.
        expect(results[0]?.passages.map((p) => big.chunkIds.includes(p.chunkId))).toEqual([true, true, true]);
        expect(results.slice(1).map((r) => r.passages.length)).toEqual([1, 1]);
        expect(results[0]?.explain).toMatchObject({ foundBy: 'keyword', keyword: { rank: 1 }, vector: null });
      } finally {
        catalog.close();
      }
    });
  });
  it('ranks alike whether or not the folder every document sits in is named like a query word', async () => {
    await withTempDir(async (dir) => {
      const ranking = async (folder: string) => {
        const catalog = Catalog.open(join(dir, `${folder}.sqlite`));
        try {
          const put = (name: string, text: string) =>
            catalog.putDocument({ path: `/r/${folder}/${name}.txt`, folder: `/r/${folder}`, hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 }, [
              { start: 0, end: text.length, text, vector: null },
            ]);
          put('letters', 'Letters from the walrus colony, sent from the ice.');
          put('tusks', 'A walrus grows its tusks all its life.');
          put('ferry', 'The ferry from the harbour leaves at noon.');
          for (let i = 0; i < 8; i++) put(`note-${i}`, `unrelated note number ${i}`);
          const results = await hybridSearch({ catalog, embedder: noEmbedder, index: null }, 'walrus letters from the colony', { k: 10, mode: 'keyword' });
          return results.map((r) => r.title);
        } finally {
          catalog.close();
        }
      };
      const neutral = await ranking('restored-on-b');
      expect(neutral[0]).toBe('letters');
      expect([...neutral].sort()).toEqual(['ferry', 'letters', 'tusks']);
      // "from" is in every path here: it must not bring every document into the whole-document ranking.
      expect(await ranking('restored-from-b')).toEqual(neutral);
    });
  });

  it('with document evidence, ranks a document matching in several chunks above one matching in one', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = documentWriter(catalog);
        // The short chunk has the best bm25 of all; the guide's three longer chunks each score a little less.
        const note = put('note', ['walrus tusk']);
        const guide = put('guide', [1, 2, 3].map((i) => `the walrus tusk, chapter ${i} of a field guide to marine mammals of the arctic`));
        for (let i = 0; i < 20; i++) put(`filler-${i}`, [`unrelated text number ${i}`]);
        const passagesOnly = { weight: 0, fields: [1, 1, 1] } as const;
        const search = (documentEvidence: number) =>
          hybridSearch({ catalog, embedder: noEmbedder, index: null }, 'walrus tusk', { k: 2, mode: 'keyword', documentEvidence, documentKeywords: passagesOnly });
        expect((await search(0)).map((r) => r.documentId)).toEqual([note.documentId, guide.documentId]);
        const byDocument = await search(0.5);
        expect(byDocument.map((r) => r.documentId)).toEqual([guide.documentId, note.documentId]);
        expect(guide.chunkIds).toContain(byDocument[0]?.passages[0]?.chunkId);
      } finally {
        catalog.close();
      }
    });
  });

  it('ranks the whole documents and finds the keyword candidates\' documents while the graph is still searching', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        // Each chunk's vector points its own way; the query's points at the one no keyword finds.
        const put = (name: string, text: string, vector: number[]) =>
          catalog.putDocument({ path: `/d/${name}.txt`, folder: '/d', hash: name, type: 'text', size: 1, mtime: 0, title: name, ingestedAt: 0 }, [
            { start: 0, end: text.length, text, vector: Float32Array.from(vector) },
          ]);
        const tusks = put('tusks', 'A walrus grows its tusks all its life.', [1, 0, 0]);
        const colony = put('colony', 'Letters from the walrus colony, sent from the ice.', [0.9, 0.1, 0]);
        const seal = put('seal', 'Seals haul out on the floes in spring.', [0, 0, 1]);
        for (let i = 0; i < 6; i++) put(`note-${i}`, `unrelated note number ${i}`, [0, 1, i / 10]);
        const graph = new HnswIndex(3);
        for (const { id, vector } of catalog.vectors()) graph.add(id, vector);
        const steps: SearchStep[] = [];
        let seenBeforeAnswer: SearchStep[] = [];
        const index = {
          size: graph.size,
          search: async (query: Float32Array, k: number) => {
            // The graph answers on a later turn of the event loop, as its worker does.
            await new Promise((resolve) => setTimeout(resolve, 20));
            seenBeforeAnswer = [...steps];
            return graph.search(query, k);
          },
        };
        const embedder: Embedder = { id: 'axes', dimension: 3, embed: (texts) => Promise.resolve(texts.map(() => Float32Array.of(0, 0, 1))) };
        const results = await hybridSearch({ catalog, embedder, index }, 'walrus tusks', { k: 10, trace: (step) => steps.push(step) });
        expect(seenBeforeAnswer).toEqual(['scope', 'embed and post', 'keyword half', 'whole documents', 'keyword documents']);
        expect(steps.at(-1)).toBe('results');
        const ids = results.map((r) => r.documentId);
        expect(ids.slice(0, 2)).toEqual([tusks.documentId, colony.documentId]);
        // A document only the graph found is looked up after it answers, and shown with its passage.
        const bySeal = results.find((r) => r.documentId === seal.documentId);
        expect(bySeal?.explain).toMatchObject({ foundBy: 'vector', keyword: null, vector: { rank: 1 } });
        expect(bySeal?.passages[0]?.snippet.map((s) => s.text).join('')).toBe('Seals haul out on the floes in spring.');
      } finally {
        catalog.close();
      }
    });
  });
});
