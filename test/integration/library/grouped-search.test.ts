// Search answers by document: the keyword half's clear answer stays on top whatever the vector half
// prefers, a document's matching chunks come back as its passages, and each hit says which half found it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

// The query's rare word is in one note; the others are about the same things in more of the query's
// common words, which the vector half ranks closer.
const NOTES = {
  'seal.txt': 'Workshop log. Replaced the worn impeller gasket on the cellar sump after the spring flood.',
  'pumps.txt': 'Water pumps move liquid from the basement through pipes; seals and rotors wear out and need repair when water leaks.',
  'plumbing.txt': 'Fixing a leaking water pump: shut the water off, drain the pipes, replace the worn seal and check the valve for leaks.',
  'flood.txt': 'After heavy rain the basement flooded; the water pump ran all night to drain the cellar and keep the pipes dry.',
};
const HANDBOOK = {
  'handbook.txt': Array.from({ length: 6 }, (_, i) => `Chapter ${i + 1}. The impeller of the cellar sump: ${'maintenance notes on housings, bearings and bolts. '.repeat(14)}`).join('\n\n'),
};

/** A library of these files, ingested fresh, closed and removed after `use`. */
async function withLibrary(files: Record<string, string>, use: (library: Library) => Promise<void>): Promise<void> {
  const root = await makeTempDir();
  const library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder() });
  try {
    await writeDocs(join(root, 'docs'), files);
    await library.ingest([join(root, 'docs')]);
    await use(library);
  } finally {
    await library.close();
    await rm(root, { recursive: true, force: true });
  }
}

const names = (hits: { path: string }[]) => hits.map((h) => h.path.slice(h.path.lastIndexOf('/') + 1));

describe('search grouped by document', () => {
  it('keeps the document keywords alone answer well on top, though the vector half ranks others first', () =>
    withLibrary(NOTES, async (library) => {
    const query = 'gasket leaking water pump';
    expect(names(await library.search(query, { k: 5, mode: 'keyword' }))[0]).toBe('seal.txt');
    expect(names(await library.search(query, { k: 5, mode: 'vector' })).slice(0, 2)).not.toContain('seal.txt');
    // Fused with equal weights and a flat curve (passages only), the vector half would push it down: what this guards against.
    expect(names(await library.search(query, { k: 5, rrfK: 60, vectorWeight: 1, documentKeywords: { weight: 0, fields: [1, 1, 1] } }))[0]).not.toBe('seal.txt');
    const [top] = await library.search(query, { k: 5 });
    expect(names([top!])).toEqual(['seal.txt']);
    expect(top?.explain).toMatchObject({ foundBy: 'both', keyword: { rank: 1 } });
    }));

  it('returns a document once, with up to three of its matching passages, best first', () =>
    withLibrary({ ...NOTES, ...HANDBOOK }, async (library) => {
    const hits = await library.search('impeller maintenance bearings', { k: 5, mode: 'keyword' });
    expect(names(hits).filter((n) => n === 'handbook.txt')).toHaveLength(1);
    const handbook = hits.find((h) => h.path.endsWith('handbook.txt'));
    expect(handbook?.passages).toHaveLength(3);
    expect(new Set(handbook?.passages.map((p) => p.chunkId)).size).toBe(3);
    const scores = handbook?.passages.map((p) => p.score) ?? [];
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(handbook?.passages.every((p) => p.snippet.some((s) => s.highlight))).toBe(true);
    }));

  it('says which half found each document', () =>
    withLibrary(NOTES, async (library) => {
    const hits = await library.search('water pump seal leaks', { k: 5 });
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) {
      const { keyword, vector, document, foundBy } = hit.explain;
      const byWords = keyword ?? document;
      expect(foundBy).toBe(byWords && vector ? 'both' : byWords ? 'keyword' : 'vector');
      expect(hit.explain.fusedScore).toBe(hit.score);
    }
    expect(hits[0]?.explain.foundBy).toBe('both');
    }));
});
