// A library kept by `PDW_BENCH_KEEP=1 npm run bench library`, opened for benchmarks that search it
// (PDW_BENCH_REUSE=<its folder>): its catalog, its saved graph in a worker, and the library benchmark's queries.
import { join } from 'node:path';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { Catalog } from '../../src-main/library/catalog.ts';
import { GraphWorker } from '../../src-main/library/graph-client.ts';
import { libraryPaths } from '../../src-main/library/library.ts';
import { loadIndex } from '../../src-main/vector/index-file.ts';
import { benchDocuments, Corpus } from './library.bench.ts';
import { EMBEDDER_CACHE } from './vector-corpus.ts';

export async function openKeptLibrary(bench: string) {
  const root = process.env.PDW_BENCH_REUSE;
  if (!root) throw new Error(`${bench} measures a kept library: set PDW_BENCH_REUSE to a folder kept by PDW_BENCH_KEEP=1 npm run bench library`);
  const embedder = await createBundledEmbedder(EMBEDDER_CACHE);
  const paths = libraryPaths(join(root, 'data'));
  const catalog = Catalog.open(paths.catalog);
  const loaded = await loadIndex(paths.index, { generation: catalog.generation() });
  if (!loaded.index) throw new Error(`the kept library's graph did not load: ${loaded.reason}`);
  const worker = new GraphWorker(loaded.index.dimension);
  await worker.load(paths.index, loaded.meta);
  const { documents, chunks } = catalog.counts();
  const queries = await benchDocuments(new Corpus(embedder, chunks), documents);
  return { embedder, catalog, worker, dimension: loaded.index.dimension, documents, chunks, queries };
}
