// A library's saved graph stays its base: a change after reopening goes to a delta saved beside it (the base file
// is never rewritten for it), and a delta grown past the merge fraction is merged into a new base on a worker of
// its own while searches go on answering.
import { readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { libraryPaths, type Library } from '../../../src-main/library/library.ts';
import { DEFAULT_HNSW_PARAMS } from '../../../src-main/vector/graph-params.ts';
import { basePathFor, metaPathFor, type IndexMeta } from '../../../src-main/vector/index-file.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { openCrashLibrary, writeCorpus } from '../crash/crash-fixtures.ts';

let root: string;
let dataDir: string;
let library: Library | undefined;
let logged: string[];
const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };

beforeEach(async () => {
  root = await makeTempDir();
  dataDir = join(root, 'data');
  logged = [];
});
afterEach(async () => {
  await library?.close();
  library = undefined;
  await rm(root, { recursive: true, force: true });
});

const savedMeta = async () => JSON.parse(await readFile(metaPathFor(libraryPaths(dataDir).index), 'utf8')) as IndexMeta;
const basePath = async () => basePathFor(libraryPaths(dataDir).index, await savedMeta());
const graphDir = () => dirname(libraryPaths(dataDir).index);
const graphFiles = async () => (await readdir(graphDir())).filter((name) => name.endsWith('.hnsw')).sort();

async function open(options: { graphMergeFraction?: number } = {}): Promise<Library> {
  library = await openCrashLibrary(dataDir, undefined, { log, ...options });
  await library.settle();
  return library;
}

async function reopen(options: { graphMergeFraction?: number } = {}): Promise<Library> {
  await library?.close();
  logged = [];
  return open(options);
}

/** The chunk texts of the document at `path`. */
function chunkTexts(lib: Library, path: string): string[] {
  const doc = lib.documents({ limit: 1000 }).documents.find((d) => d.path === path);
  if (!doc) throw new Error(`${path} is not in the catalog`);
  return lib.document(doc.id).chunks.map((c) => c.text);
}

async function nearestPath(lib: Library, text: string): Promise<string | undefined> {
  return (await lib.search(text, { mode: 'vector', k: 1 }))[0]?.path;
}

describe('a segmented graph through the library', () => {
  it('saves a change after reopening as a delta beside the base, and reads both back', async () => {
    const docs = await writeCorpus(join(root, 'docs'), 40);
    const [extra = ''] = await writeCorpus(join(root, 'extra'), 1, 7);
    await (await open()).ingest([join(root, 'docs')]);
    let lib = await reopen();
    const baseBytes = await readFile(await basePath());
    const removedTexts = chunkTexts(lib, docs[0] ?? '');
    await lib.ingest([extra]);
    const removed = lib.documents({ limit: 1000 }).documents.find((d) => d.path === docs[0]);
    await lib.remove([removed?.id ?? -1]);
    const extraTexts = chunkTexts(lib, extra);
    const chunks = lib.stats().chunks;
    await lib.flush();

    expect(await readFile(await basePath())).toEqual(baseBytes); // the base is not rewritten
    const meta = await savedMeta();
    expect(meta.count).toBe(chunks);
    expect(meta.delta).toMatchObject({ count: extraTexts.length });
    expect(meta.delta?.tombstones).toHaveLength(removedTexts.length);
    expect(await graphFiles()).toEqual([meta.file, meta.delta?.file].sort());
    expect(meta.file).toMatch(/^index\.base-/); // the first ingest's delta became the base

    lib = await reopen();
    expect(lib.stats()).toMatchObject({ vectors: chunks });
    for (const text of extraTexts) expect(await nearestPath(lib, text)).toBe(extra);
    for (const text of removedTexts) expect((await lib.search(text, { mode: 'vector', k: 20 })).map((r) => r.path)).not.toContain(docs[0]);
    expect(logged.filter((m) => m.includes('rebuilding'))).toEqual([]);
  });

  it('merges the delta into a new base on a worker of its own while searches answer', async () => {
    await writeCorpus(join(root, 'docs'), 40);
    const more = await writeCorpus(join(root, 'more'), 12, 3);
    await (await open()).ingest([join(root, 'docs')]);
    const lib = await reopen({ graphMergeFraction: 0.1 });
    const oldBaseBytes = await readFile(await basePath());
    await lib.ingest([join(root, 'more')]); // a fifth of the graph: saved as a delta, then merged
    expect(lib.graphMerging).toBe(true);
    const probe = chunkTexts(lib, more[5] ?? '')[0] ?? '';
    let answeredWhileMerging = 0;
    while (lib.graphMerging) {
      expect(await nearestPath(lib, probe)).toBe(more[5]);
      answeredWhileMerging++;
    }
    expect(answeredWhileMerging).toBeGreaterThan(0);
    await lib.settle();

    const meta = await savedMeta();
    expect(meta.file).toMatch(/^index\.base-[0-9a-f]{12}\.hnsw$/);
    expect(meta.delta).toBeUndefined(); // nothing changed during the merge
    expect(meta.count).toBe(lib.stats().chunks);
    expect(await graphFiles()).toEqual([meta.file]); // the old base is gone once the new one is described
    expect(await readFile(join(graphDir(), meta.file ?? ''))).not.toEqual(oldBaseBytes);
    expect(logged.filter((m) => m.includes('merge'))).toEqual([]);

    const again = await reopen();
    expect(again.stats()).toMatchObject({ vectors: again.stats().chunks });
    for (const path of more) expect(await nearestPath(again, chunkTexts(again, path)[0] ?? '')).toBe(path);
    expect(logged.filter((m) => m.includes('rebuilding'))).toEqual([]);
  });

  it('keeps the parameters a saved graph was built with through its deltas and merges; a rebuild takes the defaults', async () => {
    await writeCorpus(join(root, 'docs'), 40);
    await writeCorpus(join(root, 'more'), 12, 3);
    // A graph built before the default changed (or with the library's own setting).
    const older = { ...DEFAULT_HNSW_PARAMS, efConstruction: DEFAULT_HNSW_PARAMS.efConstruction + 77 };
    library = await openCrashLibrary(dataDir, undefined, { log, hnsw: older });
    await library.settle();
    await library.ingest([join(root, 'docs')]);
    expect((await savedMeta()).params).toEqual(older);

    const lib = await reopen({ graphMergeFraction: 0.1 }); // the defaults from here on
    await lib.ingest([join(root, 'more')]);
    expect(lib.graphMerging).toBe(true);
    await lib.settle();
    const merged = await savedMeta();
    expect(merged.file).toMatch(/^index\.base-/);
    expect(merged.params).toEqual(older); // the merged base, and the delta it was made from

    await rm(metaPathFor(libraryPaths(dataDir).index)); // lost: rebuilt from the catalog, in the background
    const rebuilt = await reopen();
    await rebuilt.settle();
    await rebuilt.close();
    expect(logged.filter((m) => m.includes('rebuilding'))).toHaveLength(1);
    expect((await savedMeta()).params).toEqual(DEFAULT_HNSW_PARAMS);
  });
});
