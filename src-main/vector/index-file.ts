// Persists an HnswIndex beside a small JSON description (who built it, with what, over which catalog
// state). The graph is written to a temp file and renamed; the description, written last, carries the
// graph's size and checksum, so a torn or foreign graph file is never searched.
import { webcrypto } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { removeOrphanedTemps, syncDirectory, tempPathFor, writeFileAtomic } from '../kernel/fs/atomic.ts';
import { HnswIndex } from './hnsw-index.ts';

const metaSchema = z.object({
  version: z.literal(1),
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
});
export type IndexMeta = z.infer<typeof metaSchema>;

const CHECKSUM_READ_BYTES = 4 * 1024 * 1024;

export function metaPathFor(indexPath: string): string {
  return indexPath.replace(/(\.hnsw)?$/, '.json');
}

export async function saveIndex(index: HnswIndex, indexPath: string, info: { embedderId: string; generation: number; highWater?: number }): Promise<IndexMeta> {
  await removeOrphanedTemps(indexPath);
  await removeOrphanedTemps(metaPathFor(indexPath));
  const temp = tempPathFor(indexPath);
  try {
    index.writeTo(temp);
    const [bytes, checksum] = await Promise.all([stat(temp).then((s) => s.size), streamedCrc32(temp)]);
    await rename(temp, indexPath);
    await syncDirectory(dirname(indexPath));
    const meta: IndexMeta = {
      version: 1,
      embedderId: info.embedderId,
      dimension: index.dimension,
      params: index.params,
      count: index.size,
      generation: info.generation,
      deleted: index.deletedLabels(),
      bytes,
      crc32: checksum,
      ...(info.highWater === undefined ? {} : { highWater: info.highWater }),
    };
    await writeFileAtomic(metaPathFor(indexPath), JSON.stringify(meta));
    return meta;
  } finally {
    await rm(temp, { force: true });
  }
}

export type LoadOutcome = { index: HnswIndex; meta: IndexMeta } | { index: null; reason: string };
export type DescribeOutcome = { meta: IndexMeta } | { meta: null; reason: string };

/**
 * Loads the graph if it exists, is intact and reflects catalog generation `expect.generation`;
 * otherwise says why not. The caller checks `meta.embedderId` / `meta.dimension` against its embedder
 * (it may still be loading it).
 */
export async function loadIndex(indexPath: string, expect: { generation: number; ef?: number }): Promise<LoadOutcome> {
  const described = await describeIndex(indexPath, expect);
  return described.meta ? loadGraph(indexPath, described.meta, expect.ef) : { index: null, reason: described.reason };
}

/**
 * The saved graph's description, if it reflects catalog generation `expect.generation` (with `catchUp`, or an
 * older one when it records its high-water label: the caller brings it up to date) and the graph file has the
 * size it records: a few milliseconds, so a caller can decide to load the graph itself in the background.
 */
export async function describeIndex(indexPath: string, expect: { generation: number; catchUp?: boolean }): Promise<DescribeOutcome> {
  let meta: IndexMeta;
  try {
    meta = metaSchema.parse(JSON.parse(await readFile(metaPathFor(indexPath), 'utf8')));
  } catch (error) {
    return { meta: null, reason: `no readable index description (${(error as Error).message.slice(0, 80)})` };
  }
  const catchesUp = expect.catchUp && meta.highWater !== undefined && meta.generation < expect.generation;
  if (meta.generation !== expect.generation && !catchesUp) return { meta: null, reason: 'index is older than the catalog' };
  const size = await stat(indexPath).then((s) => s.size, () => -1);
  if (size !== meta.bytes) return { meta: null, reason: 'index file is missing or has the wrong size' };
  return { meta };
}

/**
 * Reads the graph `meta` describes. hnswlib reads it on a libuv thread while the file's checksum is computed;
 * the graph is used only if it matches. `ef` overrides the saved search parameter.
 */
export async function loadGraph(indexPath: string, meta: IndexMeta, ef?: number): Promise<LoadOutcome> {
  const params = { ...meta.params, ...(ef ? { ef } : {}) };
  const [intact, loaded] = await Promise.all([
    matchesChecksum(indexPath, meta),
    HnswIndex.read(indexPath, meta.dimension, params, meta.deleted).catch((error: Error) => error),
  ]);
  if (!intact) return { index: null, reason: 'index file is corrupt' };
  if (loaded instanceof Error) return { index: null, reason: `index could not be read (${loaded.message})` };
  if (loaded.size !== meta.count) return { index: null, reason: 'index holds a different number of vectors' };
  return { index: loaded, meta };
}

async function matchesChecksum(path: string, meta: IndexMeta): Promise<boolean> {
  if (meta.crc32 !== undefined) return (await streamedCrc32(path)) === meta.crc32;
  if (meta.sha256 === undefined) return false;
  // A description from before CRC-32: SHA-256 through WebCrypto, on the thread pool.
  return Buffer.from(await webcrypto.subtle.digest('SHA-256', await readFile(path))).toString('hex') === meta.sha256;
}

/**
 * CRC-32 of a file read a few megabytes at a time: a million-chunk graph is ~0.8 GB, and reading it whole for
 * the checksum held a second copy of it beside the loaded graph (the RSS after opening was 1.8 GB).
 */
async function streamedCrc32(path: string): Promise<number> {
  let crc = 0;
  for await (const piece of createReadStream(path, { highWaterMark: CHECKSUM_READ_BYTES })) crc = crc32(piece as Buffer, crc);
  return crc;
}
