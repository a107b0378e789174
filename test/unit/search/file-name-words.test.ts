import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import type { RankedDocument } from '../../../src-main/search/document-ranking.ts';
import { fileNameOf, liftByNameWords, nameWordCandidates, rerankByFileNameWords } from '../../../src-main/search/file-name-words.ts';
import { queryTerms } from '../../../src-main/search/terms.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const ranked = (...scores: [documentId: number, score: number][]): RankedDocument[] =>
  scores.map(([documentId, score]) => ({ documentId, score, chunks: [{ id: documentId * 10, score }] }));

describe('file names', () => {
  it('are the last part of the path, lowercase, without folders or extension', () => {
    expect(fileNameOf('/usr/share/doc/LibXML2.txt')).toBe('libxml2');
    expect(fileNameOf('/home/me/python3-minimal')).toBe('python3-minimal');
    expect(fileNameOf('/man/ls.1.txt')).toBe('ls.1');
  });

  it('are matched by the query words of 3 letters or more', () => {
    expect(nameWordCandidates(queryTerms('An XML parser in C'))).toEqual(['xml', 'parser']);
  });
});

describe('lifting documents by the query words inside their file names', () => {
  const names: Record<number, string> = { 1: 'libfoo-utils', 2: 'libxml2', 3: 'python3-minimal', 4: 'notes' };
  const nameOf = (id: number) => names[id];

  it('lifts a document whose file name holds a query word above a slightly better one, by weight × share', () => {
    const documents = ranked([1, 1 / 3], [2, 1 / 4], [4, 1 / 5]);
    const { documents: lifted, evidence } = liftByNameWords(documents, nameOf, ['xml', 'parsing'], 0.8);
    expect(lifted.map((d) => d.documentId)).toEqual([2, 1, 4]);
    expect(lifted[0]?.score).toBeCloseTo(1 / 4 + 0.8 / 2, 12);
    expect(evidence.get(2)).toEqual({ words: ['xml'], share: 0.5, bonus: 0.4, rankBefore: 2 });
    expect(evidence.has(1)).toBe(false);
    // The input is left as it was.
    expect(documents[1]?.score).toBe(1 / 4);
  });

  it('gives more for more of the query words, and nothing at weight 0 or with no words', () => {
    const documents = ranked([2, 0.5], [3, 0.4]);
    const both = liftByNameWords(documents, (id) => (id === 3 ? 'python3-xml' : nameOf(id)), ['python', 'xml'], 0.8);
    expect(both.documents.map((d) => d.documentId)).toEqual([3, 2]);
    expect(both.evidence.get(3)?.share).toBe(1);
    expect(liftByNameWords(documents, nameOf, ['python'], 0).documents).toEqual(documents);
    expect(liftByNameWords(documents, nameOf, [], 0.8).documents).toEqual(documents);
  });

  it('re-orders only the top `depth` documents and keeps ties in their order', () => {
    const documents = ranked([4, 0.5], [1, 0.4], [2, 0.3]);
    const { documents: lifted } = liftByNameWords(documents, nameOf, ['xml'], 0.8, 2);
    expect(lifted.map((d) => d.documentId)).toEqual([4, 1, 2]);
    const tied = liftByNameWords(ranked([2, 0.5], [3, 0.5]), nameOf, ['lib', 'python'], 0.5);
    // Each holds one word of two: both gain 0.25, and keep their order.
    expect(tied.documents.map((d) => d.documentId)).toEqual([2, 3]);
  });
});

describe('file-name words over the catalog', () => {
  it('counts no short word, no word in over half the documents, and no folder name', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const put = (path: string, text: string) =>
          catalog.putDocument({ path, folder: path.slice(0, path.lastIndexOf('/')), hash: path, type: 'text', size: 1, mtime: 0, title: text, ingestedAt: 0 }, [
            { start: 0, end: text.length, text, vector: null },
          ]).documentId;
        // "tool" is in the text of 3 of the 5 documents: over half.
        const parser = put('/data/xmlstuff/expat.txt', 'A stream oriented parser tool');
        const libxml = put('/data/other/libxml2-tool.txt', 'A library tool to read documents');
        const cx = put('/data/other/cx-notes.txt', 'Notes on a language tool');
        const gardening = put('/data/other/garden.txt', 'Sow beans in spring');
        put('/data/other/bread.txt', 'Bake for forty minutes');
        const documents = ranked([parser, 0.5], [cx, 0.45], [gardening, 0.42], [libxml, 0.4]);
        const order = (query: string) => rerankByFileNameWords(catalog, documents, queryTerms(query), { weight: 0.8 });

        // "xml" is inside libxml2-tool's name, and only inside expat's folder: libxml2-tool alone is lifted.
        const xml = order('xml parser');
        expect(xml.documents.map((d) => d.documentId)).toEqual([libxml, parser, cx, gardening]);
        expect(xml.evidence.get(libxml)).toMatchObject({ words: ['xml'], share: 0.5, rankBefore: 4 });
        expect(xml.evidence.has(parser)).toBe(false);
        // "cx" is too short to count; "tool" is in over half the documents, so it counts neither way.
        expect(order('cx tool').documents.map((d) => d.documentId)).toEqual([parser, cx, gardening, libxml]);
        // With "tool" left out, "garden" is the only word that counts, and all of it.
        const garden = order('garden tool');
        expect(garden.documents[0]?.documentId).toBe(gardening);
        expect(garden.evidence.get(gardening)).toMatchObject({ words: ['garden'], share: 1, bonus: 0.8 });
      } finally {
        catalog.close();
      }
    });
  });

  it('counts a word in thousands of documents when it is in no more than half of them (counted by FTS5\'s vocabulary)', async () => {
    await withTempDir(async (dir) => {
      const catalog = Catalog.open(join(dir, 'c.sqlite'));
      try {
        const document = (path: string, text: string) => ({
          doc: { path, folder: '/d', hash: path, type: 'text' as const, size: 1, mtime: 0, title: 'note', ingestedAt: 0 },
          chunks: [{ start: 0, end: text.length, text, vector: null }],
        });
        // 5,002 documents: "gadget" in 2,500 texts and one name (2,501: half, not over), "widget" in 2,502 and one.
        const texts = Array.from({ length: 5000 }, (_, i) => document(`/d/n${i}.txt`, `note ${i}${i < 2500 ? ' gadgets' : ''}${i >= 2498 ? ' widgets' : ''}`));
        const [gadgets, widgets] = catalog.putDocuments([document('/d/gadget-box.txt', 'a box'), document('/d/widget-box.txt', 'a box'), ...texts]).map((d) => d.documentId);
        const first = catalog.documentByPath('/d/n0.txt')?.id ?? -1;
        const documents = ranked([first, 0.5], [gadgets ?? -1, 0.45], [widgets ?? -1, 0.44]);
        const counted = vi.spyOn(catalog, 'documentTermCount');
        const { documents: lifted, evidence } = rerankByFileNameWords(catalog, documents, queryTerms('gadget widget'), { weight: 0.8 });
        expect(counted.mock.calls.map(([term]) => term).sort()).toEqual(['gadget', 'widget']);
        expect(lifted.map((d) => d.documentId)).toEqual([gadgets, first, widgets]);
        expect(evidence.get(gadgets ?? -1)).toMatchObject({ words: ['gadget'], share: 1 });
        expect(evidence.has(widgets ?? -1)).toBe(false);
      } finally {
        catalog.close();
      }
    });
  });
});
