// A large document's graph inserts run in slices after its catalog commit: searches go on meanwhile, and a
// removal waits until the document is all in the graph, so the graph never keeps vectors of removed chunks.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { openLibrary, type Library } from '../../../src-main/library/library.ts';
import { bundledEmbedder } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { GOOD, writeDocs } from './library-fixtures.ts';

let embedder: WordVectorEmbedder;
let root: string;
let library: Library;

beforeAll(async () => {
  embedder = await bundledEmbedder();
});
beforeEach(async () => {
  root = await makeTempDir();
  await writeDocs(join(root, 'docs'), GOOD);
  library = await openLibrary({ dataDir: join(root, 'data'), embedder });
  await library.ingest([join(root, 'docs')]);
});
afterEach(async () => {
  await library.close();
  await rm(root, { recursive: true, force: true });
});

/** A document of some thousands of chunks, one of them with a word no other chunk has. */
async function writeLogbook(): Promise<string> {
  const path = join(root, 'logbook.txt');
  const entry = (i: number) =>
    `Entry ${i}. The keeper of the lighthouse wrote about ${i === 7 ? 'the zebrafinch that nested under the lamp' : 'the birds'}, the tides, the storms and the ships passing at night.`;
  await writeFile(path, Array.from({ length: 12_000 }, (_, i) => entry(i)).join('\n\n'));
  return path;
}

/** Runs `during` on every event-loop turn while `work` runs; resolves with what `work` gave. */
async function whileRunning<T>(work: Promise<T>, during: () => Promise<void>): Promise<T> {
  let done = false;
  const finished = work.finally(() => (done = true));
  while (!done) {
    await nextTurn();
    if (!done) await during();
  }
  return finished;
}

describe('a large document added to the graph', () => {
  it('is searchable by keyword while its vectors are still going in, and other searches keep answering', async () => {
    const path = await writeLogbook();
    let sawPartialGraph = false;
    let searchesDuringIngest = 0;
    const summary = await whileRunning(library.ingest([path]), async () => {
      const stats = library.stats();
      const [hit] = await library.search('zebrafinch lighthouse', { k: 1, mode: 'keyword' });
      searchesDuringIngest++;
      // Committed to the catalog (keyword search finds it) while the graph does not hold all its chunks yet.
      if (hit?.path === path && stats.vectors < stats.chunks) sawPartialGraph = true;
    });
    expect(summary.counts.ingested).toBe(1);
    expect(sawPartialGraph).toBe(true);
    expect(searchesDuringIngest).toBeGreaterThan(3);
    const stats = library.stats();
    expect(stats.vectors).toBe(stats.chunks);
    expect((await library.search('zebrafinch nested under the lamp', { k: 1 }))[0]?.path).toBe(path);
  });

  it('is removed only once all of it is in the graph: no vectors of removed chunks stay behind', async () => {
    const path = await writeLogbook();
    let removal: Promise<number> | undefined;
    await whileRunning(library.ingest([path]), async () => {
      const stats = library.stats();
      if (removal || stats.vectors >= stats.chunks) return;
      const [hit] = await library.search('zebrafinch', { k: 1, mode: 'keyword' });
      if (hit?.path === path) removal = library.remove([hit.documentId]);
    });
    expect(removal).toBeDefined();
    expect(await removal).toBe(1);
    const stats = library.stats();
    expect(stats.documents).toBe(Object.keys(GOOD).length);
    expect(stats.vectors).toBe(stats.chunks);
  });
});
