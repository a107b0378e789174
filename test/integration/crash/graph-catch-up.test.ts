// A small change is not followed by a save of the whole graph: the graph catches up with the catalog at the next
// open. Killed (SIGKILL) right after such a change, a library reopens with a graph that finds the new document by
// meaning and never returns a removed one, without rebuilding the graph.
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryPaths, type Library } from '../../../src-main/library/library.ts';
import { metaPathFor } from '../../../src-main/vector/index-file.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { savedGraphBase } from '../library/library-fixtures.ts';
import { integrityCheck, openCrashLibrary, runChild, writeCorpus } from './crash-fixtures.ts';

let root: string;
let dataDir: string;
let docs: string;
let extra: string;
/** The chunk texts of the document added, then removed, after the last save. */
let extraChunks: string[] = [];

beforeAll(async () => {
  root = await makeTempDir();
  dataDir = join(root, 'data');
  docs = join(root, 'docs');
  await writeCorpus(docs, 40);
  [extra = ''] = await writeCorpus(join(root, 'extra'), 1, 7);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The saved graph's catalog generation and the catalog's own. */
function generations(): { graph: number; catalog: number } {
  const paths = libraryPaths(dataDir);
  const db = new Database(paths.catalog, { readonly: true });
  try {
    const catalog = Number(db.prepare(`SELECT value FROM state WHERE key = 'generation'`).pluck().get());
    return { graph: (JSON.parse(readFileSync(metaPathFor(paths.index), 'utf8')) as { generation: number }).generation, catalog };
  } finally {
    db.close();
  }
}

async function nearestPaths(library: Library, text: string, k: number): Promise<string[]> {
  return (await library.search(text, { mode: 'vector', k })).map((r) => r.path);
}

describe('a graph caught up at open instead of saved after every change', () => {
  it('finds a document ingested just before a kill by meaning, without rebuilding the graph', async () => {
    const run = await runChild(['ingest-unsaved', dataDir, docs, extra], (line) => (line === 'acked' ? 0 : null));
    expect(run.killed).toBe(true);
    expect(run.lines).toContain('acked');
    expect(integrityCheck(dataDir)).toBe('ok');
    const before = generations();
    expect(before.graph).toBeLessThan(before.catalog); // the saved graph predates the ingest
    const graphBytes = await readFile(await savedGraphBase(dataDir));
    const logged: string[] = [];
    const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
    const library = await openCrashLibrary(dataDir, undefined, { graphSaveFraction: 1, log });
    try {
      await library.settle();
      const stats = library.stats();
      expect(stats).toMatchObject({ documents: 41, vectors: stats.chunks });
      expect(logged.filter((m) => m.includes('rebuilding'))).toEqual([]);
      const doc = library.documents({ limit: 1000 }).documents.find((d) => d.path === extra);
      if (!doc) throw new Error('the acknowledged document is not in the catalog');
      extraChunks = library.document(doc.id).chunks.map((c) => c.text);
      for (const text of extraChunks) expect((await nearestPaths(library, text, 1))[0]).toBe(extra);
      expect(await readFile(await savedGraphBase(dataDir))).toEqual(graphBytes); // caught up in memory, not saved
    } finally {
      await library.close();
    }
  });

  it('never returns a document removed just before a kill', async () => {
    expect(extraChunks.length).toBeGreaterThan(0);
    const run = await runChild(['remove-unsaved', dataDir, extra], (line) => (line === 'removed' ? 0 : null));
    expect(run.killed).toBe(true);
    const before = generations();
    expect(before.graph).toBeLessThan(before.catalog); // the saved graph still holds the document
    const library = await openCrashLibrary(dataDir);
    try {
      await library.settle();
      const stats = library.stats();
      expect(stats).toMatchObject({ documents: 40, vectors: stats.chunks });
      for (const text of extraChunks) expect(await nearestPaths(library, text, 20)).not.toContain(extra);
    } finally {
      await library.close();
    }
  });
});
