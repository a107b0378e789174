// A segmented graph on disk: the base graph file (the library's index.hnsw, or a merged base `index.base-*.hnsw`),
// the delta of the changes since (`index.delta-*.hnsw`, a small graph of its own) and the description, written
// last, that names both with their sizes and checksums and lists the base's tombstones. Each segment file gets a
// new name, so the description on disk always names files that exist whole: a kill at any step leaves the
// previous description and its files, which the catalog then catches up.
import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';
import { basePathFor, describeGraph, metaPathFor, writeGraphFile, type IndexMeta } from './index-file.ts';
import type { SegmentedIndex } from './segmented-index.ts';
import type { UsearchIndex } from './usearch-index.ts';

export interface SaveInfo {
  embedderId: string;
  /** The catalog generation the graph reflects. */
  generation: number;
  /** The highest label ever added. */
  highWater: number;
}

/** A new segment file's name beside the library's graph: `index.delta-1a2b3c4d5e6f.hnsw`. */
function segmentPath(libraryPath: string, kind: 'base' | 'delta'): string {
  const stem = basename(libraryPath).replace(/\.hnsw$/, '');
  return join(dirname(libraryPath), `${stem}.${kind}-${randomBytes(6).toString('hex')}.hnsw`);
}

/**
 * Saves what changed since the base (`base` describes it alone): the delta to a new file, then the description
 * naming it. The files `previous` named and this one does not are removed once the description is in place.
 */
export async function saveSegments(index: SegmentedIndex, libraryPath: string, base: IndexMeta, info: SaveInfo, previous: IndexMeta | null): Promise<IndexMeta> {
  let meta: IndexMeta = { ...base, embedderId: info.embedderId, generation: info.generation, highWater: info.highWater, count: index.size };
  if (index.changed) {
    const path = segmentPath(libraryPath, 'delta');
    const written = await writeGraphFile(index.delta, path);
    meta = {
      ...meta,
      delta: {
        file: basename(path),
        ...written,
        count: index.delta.size,
        labelBound: index.delta.labelBound,
        tombstones: [...index.tombstones],
        baseHighWater: base.highWater ?? 0,
        baseGeneration: base.generation,
        baseCount: base.count,
      },
    };
  }
  await writeFileAtomic(metaPathFor(libraryPath), JSON.stringify(meta));
  if (previous) await removeReplacedSegments(libraryPath, previous, meta);
  return meta;
}

/** Removes the graph files `previous` named that `current` (now on disk) does not. */
export async function removeReplacedSegments(libraryPath: string, previous: IndexMeta, current: IndexMeta): Promise<void> {
  const kept = new Set(segmentFiles(libraryPath, current));
  for (const path of segmentFiles(libraryPath, previous)) if (!kept.has(path)) await rm(path, { force: true });
}

/**
 * Saves the delta as the new base when the base holds no live vector (a new library's first ingest, a graph built
 * from empty): the delta is then the whole graph, and writing it costs the change.
 */
export async function saveDeltaAsBase(index: SegmentedIndex, libraryPath: string, info: SaveInfo, previous: IndexMeta | null): Promise<IndexMeta> {
  if (index.base.size > index.tombstones.size) throw new Error('the base still holds live vectors: merge it instead');
  const meta = await saveBase(index.delta, libraryPath, info);
  await writeFileAtomic(metaPathFor(libraryPath), JSON.stringify(meta));
  if (previous) await removeReplacedSegments(libraryPath, previous, meta);
  return meta;
}

/** Writes `index` (a merged graph) as a new base file beside the library's graph; the description is the caller's to write. */
export async function saveBase(index: UsearchIndex, libraryPath: string, info: SaveInfo): Promise<IndexMeta> {
  const path = segmentPath(libraryPath, 'base');
  return { ...describeGraph(index, info, await writeGraphFile(index, path)), file: basename(path) };
}

/** The graph files `meta` names. */
function segmentFiles(libraryPath: string, meta: IndexMeta): string[] {
  const dir = dirname(libraryPath);
  return [basePathFor(libraryPath, meta), ...(meta.delta ? [join(dir, meta.delta.file)] : [])];
}

/**
 * Removes the segment files (and their temp files) that the description on disk does not name: left by a save or
 * a merge killed part way. Only while no save or merge of this library runs.
 */
export async function removeOrphanedSegments(libraryPath: string, meta: IndexMeta | null): Promise<void> {
  const dir = dirname(libraryPath);
  const stem = basename(libraryPath).replace(/\.hnsw$/, '');
  const named = new Set(meta ? segmentFiles(libraryPath, meta).map((path) => basename(path)) : []);
  const pattern = new RegExp(`^\\.?${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(base|delta)-[0-9a-f]{12}\\.hnsw(\\..+\\.tmp)?$`);
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (pattern.test(name) && !named.has(name)) await rm(join(dir, name), { force: true });
  }
}
