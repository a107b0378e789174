// A graph saved in segments survives a kill at any step: killed while saving its delta or while merging the delta
// into a new base, a library reopens with the previous description and its files (or the new ones, whole), catches
// up from the catalog without rebuilding the graph, holds exactly the catalog's chunks, and removes the files the
// killed save or merge left.
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { libraryPaths, type Library } from '../../../src-main/library/library.ts';
import { loadIndex } from '../../../src-main/vector/index-file.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { savedGraphBase } from '../library/library-fixtures.ts';
import { integrityCheck, openCrashLibrary, runChild, seeded, writeCorpus } from './crash-fixtures.ts';

let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await makeTempDir();
  dataDir = join(root, 'data');
  await writeCorpus(join(root, 'docs'), 40);
  const library = await openCrashLibrary(dataDir);
  await library.ingest([join(root, 'docs')]);
  await library.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Opens the library after a kill and checks what every graph must: no rebuild, a vector for every chunk. */
async function reopenAfterKill(): Promise<{ library: Library; logged: string[] }> {
  expect(integrityCheck(dataDir)).toBe('ok');
  const logged: string[] = [];
  const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
  // No save after the catch-up: its temp file would be in the listing below.
  const library = await openCrashLibrary(dataDir, undefined, { log, graphSaveFraction: 1000, graphMergeFraction: 1000 });
  await library.settle();
  const stats = library.stats();
  expect(stats.vectors).toBe(stats.chunks);
  expect(logged.filter((m) => m.includes('rebuilding')), 'rebuilt the graph').toEqual([]);
  // The files a killed save or merge left are gone; the description names the rest.
  const graphDir = dirname(libraryPaths(dataDir).index);
  const leftover = (await readdir(graphDir)).filter((name) => /\.(hnsw|tmp)$/.test(name) && !name.startsWith('catalog'));
  expect(leftover).toContain((await savedGraphBase(dataDir)).split('/').pop());
  expect(leftover.filter((name) => name.endsWith('.tmp')), `temp files left: ${leftover.join(' ')}`).toEqual([]);
  expect(leftover.length).toBeLessThanOrEqual(2); // the base and at most one delta
  return { library, logged };
}

/**
 * Closes the library (its change saved as a delta) and reads the saved graph back from its files: it holds exactly
 * the catalog's chunks. Checked label by label rather than by searching: the test corpus's chunks are near-duplicates
 * in embedding space (16 words), so which of them an int8 graph ranks first is not what a kill may change.
 */
async function expectGraphAsCatalogued(library: Library): Promise<void> {
  await library.close();
  const paths = libraryPaths(dataDir);
  const catalog = Catalog.open(paths.catalog);
  try {
    const chunkIds = [...catalog.chunkIdsUpTo(Number.MAX_SAFE_INTEGER)];
    const loaded = await loadIndex(paths.index, { generation: catalog.generation() });
    if (!loaded.index) throw new Error(loaded.reason);
    expect([...loaded.index.labels()].sort((a, b) => a - b)).toEqual(chunkIds);
  } finally {
    catalog.close();
  }
}

describe('a segmented graph killed mid-save', () => {
  it('reopens with the right answers after a kill during a delta save', async () => {
    const [file = ''] = await writeCorpus(join(root, 'toggled'), 1, 21);
    const random = seeded(5);
    for (const saves of [0, 1, 2]) {
      const run = await runChild(['save-delta', dataDir, file], (line) => (line === `saved ${saves}` ? Math.floor(random() * 8) : null));
      expect(run.killed).toBe(true);
      const { library } = await reopenAfterKill();
      await expectGraphAsCatalogued(library);
    }
  });

  it('reopens with the right answers after a kill during a merge', async () => {
    let killedMidMerge = 0;
    const kills: [string, number][] = [['merging', 0], ['merging', 150], ['base written', 0], ['merging', 900]];
    for (const [round, [at, delay]] of kills.entries()) {
      const docs = await writeCorpus(join(root, `merge-${round}`), 12, 30 + round);
      const run = await runChild(['merge', dataDir, join(root, `merge-${round}`)], (line) => (line === at ? delay : null));
      expect(run.killed).toBe(true);
      expect(run.lines).toContain(at);
      if (!run.lines.includes('merged')) killedMidMerge++;
      const { library } = await reopenAfterKill();
      const held = new Set(library.documents({ limit: 1000 }).documents.map((d) => d.path));
      expect(docs.filter((path) => !held.has(path))).toEqual([]); // the ingest was acknowledged before the kill
      await expectGraphAsCatalogued(library);
    }
    expect(killedMidMerge).toBeGreaterThan(0);
  });
});
