// Hybrid search must not push down what keywords alone answer well: the real bundled embedder sees the
// query's meaning in notes that share one of its words, and the note holding all of them must stay first.
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

let root: string;
let library: Library;

const QUERY = 'kernel panic during boot';

beforeAll(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), {
    // Every query word, in a garden: keywords find it, meaning does not.
    'garden.txt': 'Spring diary. A small panic in the garden during the first frost: every sunflower kernel fell out of its husk, and my left boot sank in the mud.',
    // About what the query means, each sharing one word of it.
    'crash-1.txt': 'The operating system kernel crashed at startup and the computer froze with an error before the login screen.',
    'crash-2.txt': 'Linux kernel fails to load drivers; the machine reboots in a loop after the firmware update.',
    'crash-3.txt': 'A kernel module error stops the server from starting; the system log shows a fatal exception in the driver.',
    'recipe.txt': 'Bake the bread for forty minutes, then let it cool on a rack before slicing.',
  });
  library = await openLibrary({ dataDir: join(root, 'data'), embedder: await bundledEmbedder() });
  await library.ingest([join(root, 'docs')]);
});
afterAll(async () => {
  await library.close();
  await rm(root, { recursive: true, force: true });
});

const names = async (options: Parameters<Library['search']>[1]) => (await library.search(QUERY, { k: 5, ...options })).map((r) => basename(r.path));

describe('hybrid fusion', () => {
  it('keeps first the document that keywords alone rank first, though the vector half prefers others', async () => {
    expect((await names({ mode: 'keyword' }))[0]).toBe('garden.txt');
    expect((await names({ mode: 'vector' }))[0]).not.toBe('garden.txt');
    // Equal-weight fusion with a flat rank curve (passages only, no proximity evidence) lets the vector half push it down.
    const flat = { rrfK: 60, vectorWeight: 1, documentKeywords: { weight: 0, fields: [1, 1, 1] }, proximity: { weight: 0, window: 1, coverage: 0 } } as const;
    expect((await names({ mode: 'hybrid', ...flat }))[0]).not.toBe('garden.txt');
    expect((await names({ mode: 'hybrid' }))[0]).toBe('garden.txt');
  });
});
