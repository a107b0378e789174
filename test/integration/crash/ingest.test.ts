// kill -9 during ingest and during the index save, at seeded points: after a restart the catalog passes
// SQLite's integrity check, the vector index holds exactly one vector per chunk (loaded or rebuilt), every
// file acknowledged before the kill is in the catalog, and ingesting the folder again completes.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { integrityCheck, openCrashLibrary, runChild, seeded, writeCorpus } from './crash-fixtures.ts';

const FILES = 40;
let root: string;
let docs: string;
let files: string[];

beforeAll(async () => {
  root = await makeTempDir();
  docs = join(root, 'docs');
  files = await writeCorpus(docs, FILES);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The checks after every kill. */
async function checkAfterRestart(dataDir: string, acknowledged: string[]): Promise<void> {
  expect(integrityCheck(dataDir)).toBe('ok');
  let library = await openCrashLibrary(dataDir);
  try {
    const stats = library.stats();
    expect(stats.vectors).toBe(stats.chunks);
    const inCatalog = new Set(library.documents({ limit: 1000 }).documents.map((d) => d.path));
    for (const path of acknowledged) expect(inCatalog, path).toContain(path);
    const again = await library.ingest([docs]);
    expect(again.counts.failed).toBe(0);
    expect(again.counts.ingested + again.counts.unchanged).toBe(FILES);
    expect(again.counts.unchanged).toBeGreaterThanOrEqual(acknowledged.length);
  } finally {
    await library.close();
  }
  // Reopened, the index saved by the completed ingest is adopted as it is and still matches the catalog.
  library = await openCrashLibrary(dataDir);
  try {
    const stats = library.stats();
    expect(stats).toMatchObject({ documents: FILES, vectors: stats.chunks });
    expect((await library.search('copper lantern', { k: 5 })).length).toBeGreaterThan(0);
  } finally {
    await library.close();
  }
}

describe('ingest killed with SIGKILL', () => {
  for (const seed of [1, 2, 3]) {
    it(`one folder ingest, seed ${seed}: committed files survive, the stale index is rebuilt`, async () => {
      const random = seeded(seed);
      const killAfter = 2 + Math.floor(random() * (FILES - 8));
      const dataDir = join(root, `folder-${seed}`);
      const run = await runChild(['ingest-folder', dataDir, docs], (line) =>
        line.startsWith(`progress ${killAfter} `) ? Math.floor(random() * 15) : null,
      );
      expect(run.killed).toBe(true);
      expect(run.lines).not.toContain('done');
      // "progress i <file i>" means files 0..i-1 were committed; the last one named was in flight.
      const named = run.lines.filter((l) => /^progress \d+ \S/.test(l)).map((l) => l.split(' ').slice(2).join(' '));
      await checkAfterRestart(dataDir, named.slice(0, -1));
    });
  }

  for (const seed of [4, 5]) {
    it(`one ingest per file, seed ${seed}: every acknowledged file survives, index saves included`, async () => {
      const random = seeded(seed);
      const killAfter = 2 + Math.floor(random() * 12);
      const dataDir = join(root, `files-${seed}`);
      const acked: string[] = [];
      const run = await runChild(['ingest-files', dataDir, ...files.slice(0, 20)], (line) => {
        if (line.startsWith('acked ')) acked.push(line.slice(6));
        return acked.length === killAfter ? Math.floor(random() * 25) : null;
      });
      expect(run.killed).toBe(true);
      expect(acked.length).toBeGreaterThanOrEqual(killAfter);
      await checkAfterRestart(dataDir, acked);
    });
  }
});

describe('index save killed with SIGKILL', () => {
  it('leaves either the complete saved index or one the library rebuilds, never a mismatched one', async () => {
    const dataDir = join(root, 'save');
    let library = await openCrashLibrary(dataDir);
    let expected: unknown;
    try {
      await library.ingest([docs]);
      expected = (await library.search('winter orchard', { k: 5 })).map((r) => r.passages[0]?.chunkId);
    } finally {
      await library.close();
    }
    for (const seed of [6, 7, 8, 9]) {
      const random = seeded(seed);
      const saves = 1 + Math.floor(random() * 4);
      const run = await runChild(['save-index', dataDir], (line) => (line === `saved ${saves}` ? Math.floor(random() * 6) : null));
      expect(run.killed).toBe(true);
      expect(integrityCheck(dataDir)).toBe('ok');
      library = await openCrashLibrary(dataDir);
      try {
        const stats = library.stats();
        expect(stats).toMatchObject({ documents: FILES, vectors: stats.chunks });
        expect((await library.search('winter orchard', { k: 5 })).map((r) => r.passages[0]?.chunkId)).toEqual(expected);
        // The next save removes the temp graph the killed save left, so kills cannot fill the disk.
        await library.ingest([docs]);
        expect((await readdir(join(dataDir, 'library'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      } finally {
        await library.close();
      }
    }
  });
});
