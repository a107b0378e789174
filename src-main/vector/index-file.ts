// Persists an HnswIndex beside a small JSON description (who built it, with what, over which catalog
// state). The graph is written to a temp file and renamed; the description, written last, carries the
// graph's size and hash, so a torn or foreign graph file is detected before hnswlib ever reads it.
import { createHash, webcrypto } from 'node:crypto';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { removeOrphanedTemps, syncDirectory, tempPathFor, writeFileAtomic } from '../fs/atomic.ts';
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
  sha256: z.string(),
});
export type IndexMeta = z.infer<typeof metaSchema>;

export function metaPathFor(indexPath: string): string {
  return indexPath.replace(/(\.hnsw)?$/, '.json');
}

export async function saveIndex(index: HnswIndex, indexPath: string, info: { embedderId: string; generation: number }): Promise<IndexMeta> {
  await removeOrphanedTemps(indexPath);
  await removeOrphanedTemps(metaPathFor(indexPath));
  const temp = tempPathFor(indexPath);
  try {
    index.writeTo(temp);
    const data = await readFile(temp);
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
      bytes: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    };
    await writeFileAtomic(metaPathFor(indexPath), JSON.stringify(meta));
    return meta;
  } finally {
    await rm(temp, { force: true });
  }
}

export type LoadOutcome = { index: HnswIndex; meta: IndexMeta } | { index: null; reason: string };

/**
 * Loads the graph if it exists, is intact and reflects catalog generation `expect.generation`;
 * otherwise says why not. The caller checks `meta.embedderId` / `meta.dimension` against its embedder
 * (it may still be loading it). hnswlib reads the graph on a worker thread while the file is hashed
 * here; the graph is used only if the hash matches.
 */
export async function loadIndex(indexPath: string, expect: { generation: number; ef?: number }): Promise<LoadOutcome> {
  let meta: IndexMeta;
  try {
    meta = metaSchema.parse(JSON.parse(await readFile(metaPathFor(indexPath), 'utf8')));
  } catch (error) {
    return { index: null, reason: `no readable index description (${(error as Error).message.slice(0, 80)})` };
  }
  if (meta.generation !== expect.generation) return { index: null, reason: 'index is older than the catalog' };
  const size = await stat(indexPath).then((s) => s.size, () => -1);
  if (size !== meta.bytes) return { index: null, reason: 'index file is missing or has the wrong size' };
  const params = { ...meta.params, ...(expect.ef ? { ef: expect.ef } : {}) };
  const [digest, loaded] = await Promise.all([
    hashFile(indexPath),
    HnswIndex.read(indexPath, meta.dimension, params, meta.deleted).catch((error: Error) => error),
  ]);
  if (digest !== meta.sha256) return { index: null, reason: 'index file is corrupt' };
  if (loaded instanceof Error) return { index: null, reason: `index could not be read (${loaded.message})` };
  if (loaded.size !== meta.count) return { index: null, reason: 'index holds a different number of vectors' };
  return { index: loaded, meta };
}

/** SHA-256 through WebCrypto, which hashes on the thread pool and leaves the main thread free. */
async function hashFile(path: string): Promise<string> {
  const digest = await webcrypto.subtle.digest('SHA-256', await readFile(path));
  return Buffer.from(digest).toString('hex');
}
