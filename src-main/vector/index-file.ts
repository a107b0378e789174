// Persists a graph (a USearch graph with compact vectors; hnswlib's float32 graphs of format 1 are still read)
// beside a small JSON description (who built it, with what, over which catalog state). The graph is written to a temp file and renamed; the description, written last, carries the
// graph's size and checksum, so a torn or foreign graph file is never searched.
import { webcrypto } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { removeOrphanedTemps, syncDirectory, tempPathFor, writeFileAtomic } from '../kernel/fs/atomic.ts';
import { SegmentedIndex } from './segmented-index.ts';
import { UsearchIndex } from './usearch-index.ts';
import type { VectorIndex } from './vector-index.ts';

/**
 * The graph format a library keeps: 2 = USearch with int8 or float16 vectors. A graph of format 1 (hnswlib,
 * float32) is rebuilt once from the catalog's vectors, like a stale one; it still loads where asked for (benchmarks).
 */
export const GRAPH_FORMAT = 2;

const metaSchema = z.object({
  version: z.union([z.literal(1), z.literal(2)]),
  /** Format 2: how the vectors are stored inside the graph. */
  quantization: z.enum(['f16', 'i8']).optional(),
  /** Format 2: one above the highest label ever added (USearch cannot list its labels, so they are probed below it). */
  labelBound: z.number().int().nonnegative().optional(),
  embedderId: z.string(),
  dimension: z.number().int().positive(),
  params: z.object({ m: z.number().int().positive(), efConstruction: z.number().int().positive(), ef: z.number().int().positive() }),
  count: z.number().int().nonnegative(),
  /** The catalog's change counter when the graph was saved; any other value means the graph is stale. */
  generation: z.number().int().nonnegative(),
  deleted: z.array(z.number().int().nonnegative()),
  bytes: z.number().int().nonnegative(),
  /**
   * The graph's checksum: CRC-32 since it is checked at every start (a 63 MB graph in ~25 ms, SHA-256
   * took ~90 ms of the start-up). It guards against torn and damaged files, not against tampering:
   * whoever can write the graph can write its description too. Older descriptions carry SHA-256.
   */
  crc32: z.number().int().nonnegative().optional(),
  sha256: z.string().optional(),
  /** The highest label ever added when saved: a newer catalog's chunks above it are what the graph lacks. */
  highWater: z.number().int().nonnegative().optional(),
  /** The base graph's file name beside the description when it is not the library's own (a merged base). */
  file: z.string().regex(/^[\w.-]+$/).optional(),
  /** The changes since the base was saved: a small graph of new vectors and the base's removed labels. */
  delta: z
    .object({
      file: z.string().regex(/^[\w.-]+$/),
      bytes: z.number().int().nonnegative(),
      crc32: z.number().int().nonnegative(),
      count: z.number().int().nonnegative(),
      labelBound: z.number().int().nonnegative(),
      tombstones: z.array(z.number().int().nonnegative()),
      /** The base's own high-water label (the description's is the delta's): a merge catches the base up from it. */
      baseHighWater: z.number().int().nonnegative(),
      baseGeneration: z.number().int().nonnegative(),
      /** The base's own vector count (the description's count is the live one: base less tombstones plus delta). */
      baseCount: z.number().int().nonnegative(),
    })
    .optional(),
});
export type IndexMeta = z.infer<typeof metaSchema>;

const CHECKSUM_READ_BYTES = 4 * 1024 * 1024;

export function metaPathFor(indexPath: string): string {
  return indexPath.replace(/(\.hnsw)?$/, '.json');
}

/** The base graph file `meta` describes: the library's own path, or a merged base beside it. */
export function basePathFor(indexPath: string, meta: Pick<IndexMeta, 'file'>): string {
  return meta.file ? join(dirname(indexPath), meta.file) : indexPath;
}

export async function saveIndex(index: VectorIndex, indexPath: string, info: { embedderId: string; generation: number; highWater?: number }): Promise<IndexMeta> {
  await removeOrphanedTemps(metaPathFor(indexPath));
  const meta = describeGraph(index, info, await writeGraphFile(index, indexPath));
  await writeFileAtomic(metaPathFor(indexPath), JSON.stringify(meta));
  return meta;
}

/** Writes the graph to a temp file beside `path`, renamed into place once fsynced; returns its size and checksum. */
export async function writeGraphFile(index: VectorIndex, path: string): Promise<{ bytes: number; crc32: number }> {
  await removeOrphanedTemps(path);
  const temp = tempPathFor(path);
  try {
    index.writeTo(temp);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const [bytes, checksum] = await Promise.all([stat(temp).then((s) => s.size), streamedCrc32(temp)]);
    await rename(temp, path);
    await syncDirectory(dirname(path));
    return { bytes, crc32: checksum };
  } finally {
    await rm(temp, { force: true });
  }
}

/** The description of `index` as written to a file of `written` size and checksum. */
export function describeGraph(index: VectorIndex, info: { embedderId: string; generation: number; highWater?: number }, written: { bytes: number; crc32: number }): IndexMeta {
  return {
    ...(index instanceof UsearchIndex ? { version: 2, quantization: index.quantization, labelBound: index.labelBound } : { version: 1 }),
    embedderId: info.embedderId,
    dimension: index.dimension,
    params: index.params,
    count: index.size,
    generation: info.generation,
    deleted: index.deletedLabels(),
    bytes: written.bytes,
    crc32: written.crc32,
    ...(info.highWater === undefined ? {} : { highWater: info.highWater }),
  };
}

export type LoadOutcome = { index: VectorIndex; meta: IndexMeta } | { index: null; reason: string };
export type DescribeOutcome = { meta: IndexMeta } | { meta: null; reason: string };

/**
 * Loads the graph if it exists, is intact and reflects catalog generation `expect.generation`;
 * otherwise says why not. The caller checks `meta.embedderId` / `meta.dimension` against its embedder
 * (it may still be loading it).
 */
export async function loadIndex(indexPath: string, expect: { generation: number; ef?: number; anyFormat?: boolean }): Promise<LoadOutcome> {
  const described = await describeIndex(indexPath, expect);
  if (!described.meta) return { index: null, reason: described.reason };
  const { meta } = described;
  if (!meta.delta) return loadGraph(indexPath, meta, expect.ef);
  return loadSegments(indexPath, meta, expect.ef).then(
    (index) => ({ index, meta }),
    (error: Error) => ({ index: null, reason: error.message }),
  );
}

/**
 * The saved graph's description, if it reflects catalog generation `expect.generation` (with `catchUp`, or an
 * older one when it records its high-water label: the caller brings it up to date), is of GRAPH_FORMAT (or
 * `expect.anyFormat`) and the graph file has the size it records: a few milliseconds, so a caller can decide to
 * load the graph itself in the background.
 */
export async function describeIndex(indexPath: string, expect: { generation: number; catchUp?: boolean; anyFormat?: boolean }): Promise<DescribeOutcome> {
  let meta: IndexMeta;
  try {
    meta = metaSchema.parse(JSON.parse(await readFile(metaPathFor(indexPath), 'utf8')));
  } catch (error) {
    return { meta: null, reason: `no readable index description (${(error as Error).message.slice(0, 80)})` };
  }
  const catchesUp = expect.catchUp && meta.highWater !== undefined && meta.generation < expect.generation;
  if (meta.generation !== expect.generation && !catchesUp) return { meta: null, reason: 'index is older than the catalog' };
  if (meta.version !== GRAPH_FORMAT && !expect.anyFormat) return { meta: null, reason: `index is of format ${meta.version}, the library keeps format ${GRAPH_FORMAT}` };
  const size = await stat(basePathFor(indexPath, meta)).then((s) => s.size, () => -1);
  if (size !== meta.bytes) return { meta: null, reason: 'index file is missing or has the wrong size' };
  if (meta.delta) {
    const deltaSize = await stat(join(dirname(indexPath), meta.delta.file)).then((s) => s.size, () => -1);
    if (deltaSize !== meta.delta.bytes) return { meta: null, reason: 'index delta file is missing or has the wrong size' };
  }
  return { meta };
}

/**
 * Reads the graph `meta` describes; it is used only if the file's checksum matches. A USearch graph is
 * memory-mapped once the checksum is known good (a damaged one is never handed to the native reader); hnswlib
 * reads its graph on a libuv thread while the checksum is computed. `ef` overrides the saved search parameter.
 */
export async function loadGraph(libraryPath: string, meta: IndexMeta, ef?: number): Promise<LoadOutcome> {
  const params = { ...meta.params, ...(ef ? { ef } : {}) };
  const indexPath = basePathFor(libraryPath, meta);
  if (meta.version === 2) {
    if (!(await matchesChecksum(indexPath, meta))) return { index: null, reason: 'index file is corrupt' };
    let opened: UsearchIndex;
    try {
      opened = UsearchIndex.open(indexPath, meta.dimension, params, meta.quantization ?? 'i8', meta.labelBound ?? 0);
    } catch (error) {
      return { index: null, reason: `index could not be read (${(error as Error).message})` };
    }
    if (opened.size !== meta.count || opened.dimension !== meta.dimension) return { index: null, reason: 'index holds a different number of vectors' };
    return { index: opened, meta };
  }
  const [intact, loaded] = await Promise.all([
    matchesChecksum(indexPath, meta),
    // hnswlib is loaded only for a graph of format 1 (benchmarks; a library rebuilds one instead).
    import('./hnsw-index.ts').then(({ HnswIndex }) => HnswIndex.read(indexPath, meta.dimension, params, meta.deleted)).catch((error: Error) => error),
  ]);
  if (!intact) return { index: null, reason: 'index file is corrupt' };
  if (loaded instanceof Error) return { index: null, reason: `index could not be read (${loaded.message})` };
  if (loaded.size !== meta.count) return { index: null, reason: 'index holds a different number of vectors' };
  return { index: loaded, meta };
}

async function matchesChecksum(path: string, meta: Pick<IndexMeta, 'crc32' | 'sha256'>): Promise<boolean> {
  if (meta.crc32 !== undefined) return (await streamedCrc32(path)) === meta.crc32;
  if (meta.sha256 === undefined) return false;
  // A description from before CRC-32: SHA-256 through WebCrypto, on the thread pool.
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', await readFile(path))).toString('hex') === meta.sha256;
}

/** The description of the base alone: what a merge opens and catches up from the catalog. */
export function baseMetaOf(meta: IndexMeta): IndexMeta {
  if (!meta.delta) return meta;
  const { delta, ...base } = meta;
  return { ...base, generation: delta.baseGeneration, highWater: delta.baseHighWater, count: delta.baseCount };
}

/** Opens the graph `meta` describes: its base memory-mapped, its delta read whole, each checked against its checksum. */
export async function loadSegments(libraryPath: string, meta: IndexMeta, ef?: number): Promise<SegmentedIndex> {
  const loaded = await loadGraph(libraryPath, baseMetaOf(meta), ef);
  if (!loaded.index) throw new Error(loaded.reason);
  if (!(loaded.index instanceof UsearchIndex)) throw new Error(`index of format ${meta.version} has no segments`);
  const base = loaded.index;
  if (!meta.delta) return new SegmentedIndex(base);
  const deltaPath = join(dirname(libraryPath), meta.delta.file);
  if (!(await matchesChecksum(deltaPath, meta.delta))) throw new Error('index delta file is corrupt');
  const delta = UsearchIndex.read(deltaPath, base.dimension, base.params, base.quantization, meta.delta.labelBound);
  if (delta.size !== meta.delta.count) throw new Error('index delta holds a different number of vectors');
  return new SegmentedIndex(base, delta, meta.delta.tombstones);
}

/**
 * CRC-32 of a file read a few megabytes at a time: a million-chunk graph is ~0.8 GB, and reading it whole for
 * the checksum held a second copy of it beside the loaded graph (the RSS after opening was 1.8 GB).
 */
export async function streamedCrc32(path: string): Promise<number> {
  let crc = 0;
  for await (const piece of createReadStream(path, { highWaterMark: CHECKSUM_READ_BYTES })) crc = crc32(piece as Buffer, crc);
  return crc;
}
