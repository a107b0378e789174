// What most library tests set up alike: the bundled embedder, a fresh temporary folder with documents written
// under docs/, and the library a test opened closed (and the folder removed) after each test.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import type { Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { writeDocs } from './library-fixtures.ts';

export interface LibraryBed {
  embedder: WordVectorEmbedder;
  /** This test's temporary folder; its documents are in `docs/`. */
  root: string;
  /** The library the test has open, if any: closed after the test. */
  library: Library | undefined;
}

/** Registers the hooks; `docs` is a function when the documents are made per test. */
export function libraryBed(docs: Record<string, string | Uint8Array> | (() => Record<string, string | Uint8Array>)): LibraryBed {
  const bed = { root: '', library: undefined } as LibraryBed;
  beforeAll(async () => {
    bed.embedder = await bundledEmbedder();
  });
  beforeEach(async () => {
    bed.root = await makeTempDir();
    await writeDocs(join(bed.root, 'docs'), typeof docs === 'function' ? docs() : docs);
  });
  afterEach(async () => {
    await bed.library?.close();
    bed.library = undefined;
    await rm(bed.root, { recursive: true, force: true });
  });
  return bed;
}
