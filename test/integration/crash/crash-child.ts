// The work the crash tests kill, in its own process. Prints a line as each step is acknowledged, so the
// parent knows what had been reported done at the moment of the kill.
//   ingest-folder DATA BATCH DOCS
//                               one ingest of the whole folder in batches of exactly BATCH documents (progress per
//                               file with the documents committed so far; the index is saved once at the end)
//   ingest-kill-in-commit DATA CHUNK DOCS
//                               one ingest of the folder in batches of exactly 8 documents; the child kills itself
//                               (SIGKILL) inside the catalog transaction that inserts chunk id CHUNK
//   ingest-files DATA F...      one ingest per file, each acknowledged only after its index save
//   save-index DATA             saves the vector index again and again (the window of a kill is the save)
//   ingest-unsaved DATA DOCS FILE
//                               ingests DOCS (the graph is saved), then FILE, too small a change to save the graph
//                               for; prints "acked" and waits to be killed
//   remove-unsaved DATA PATH    removes the document at PATH (the graph is not saved); prints "removed" and waits
//   save-delta DATA FILE        ingests FILE and removes it again and again, saving the graph's change (a delta file
//                               and the description) after each; prints "saved N" after each save
//   merge DATA DOCS             ingests DOCS, enough of a change that the graph's delta is merged into a new base;
//                               prints "merging" while the merge runs, "base written" once the new base file is
//                               whole but not yet described, and "merged" once it is in
//   restore DATA URL ROOTHEX SHARDS SNAPSHOT [new|replace [SWAP-STEP]]
//                               with SWAP-STEP, the child kills itself (SIGKILL) at that point of the library swap
import { readdirSync, readFileSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Catalog } from '../../../src-main/library/catalog.ts';
import { buildIndexFromCatalog } from '../../../src-main/library/index-builder.ts';
import { libraryPaths } from '../../../src-main/library/library.ts';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import { saveIndex } from '../../../src-main/vector/index-file.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import { createWalrusClient } from '../../../src-main/walrus/index.ts';
import { crashEmbedder, openCrashLibrary } from './crash-fixtures.ts';

const [mode, dataDir = '', ...rest] = process.argv.slice(2);
/**
 * Prints a line, then waits for the parent's acknowledgement byte on stdin: the child never runs ahead of
 * what the parent has read, so a kill decided on a line lands near that line even on a busy machine.
 */
function say(line: string): void {
  writeSync(1, `${line}\n`);
  const ack = Buffer.alloc(1);
  for (;;) {
    try {
      if (readSync(0, ack, 0, 1, null) === 1) return;
      process.exit(0); // the parent is gone
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}

if (mode === 'ingest-folder') {
  const [batch = '', ...docs] = rest;
  // Batches closed by size alone, so they do not depend on the machine's speed (the 250 ms limit would).
  const library = await openCrashLibrary(dataDir, { documents: Number(batch), chunks: 100_000, waitMs: 3_600_000 });
  say('ready');
  // Each progress line reports done (final) and read (waiting for their batch) beside what the catalog holds.
  await library.ingest(docs, {
    onProgress: (p) => say(`progress done=${p.done} read=${p.read ?? ''} committed=${library.stats().documents} ${p.current ?? ''}`),
  });
  say('done');
  await library.close();
} else if (mode === 'ingest-kill-in-commit') {
  const [chunkId = '', docs = ''] = rest;
  // The catalog this process opens gets a trigger that kills it from inside the transaction inserting that chunk.
  const open = Catalog.open.bind(Catalog);
  Catalog.open = (file: string) => {
    const catalog = open(file);
    catalog.db.function('kill_now', () => process.kill(process.pid, 'SIGKILL'));
    catalog.db.exec(`CREATE TEMP TRIGGER kill_in_commit AFTER INSERT ON main.chunks WHEN new.id = ${Number(chunkId)} BEGIN SELECT kill_now(); END`);
    return catalog;
  };
  const library = await openCrashLibrary(dataDir, { documents: 8, chunks: 100_000, waitMs: 3_600_000 });
  say('ready');
  await library.ingest([docs]);
  say('done');
  await library.close();
} else if (mode === 'ingest-files') {
  const library = await openCrashLibrary(dataDir);
  say('ready');
  for (const file of rest) {
    await library.ingest([file]);
    say(`acked ${file}`);
  }
  say('done');
  await library.close();
} else if (mode === 'ingest-unsaved' || mode === 'remove-unsaved') {
  // The graph is saved only when all of it changed: any later change lives in the catalog alone until the kill.
  const library = await openCrashLibrary(dataDir, undefined, { graphSaveFraction: 1 });
  if (mode === 'ingest-unsaved') {
    const [docs = '', file = ''] = rest;
    await library.ingest([docs]);
    say('saved');
    await library.ingest([file]);
    say('acked');
  } else {
    const [path = ''] = rest;
    const doc = library.documents({ limit: 1000 }).documents.find((d) => d.path === path);
    await library.remove(doc ? [doc.id] : []);
    say('removed');
  }
  setInterval(() => {}, 1000); // alive until killed
} else if (mode === 'save-delta') {
  const [file = ''] = rest;
  const library = await openCrashLibrary(dataDir, undefined, { graphSaveFraction: 1, graphMergeFraction: 1000 });
  await library.settle();
  say('ready');
  for (let i = 0; ; i++) {
    const doc = library.documents({ limit: 1000 }).documents.find((d) => d.path === file);
    if (doc) await library.remove([doc.id]);
    else await library.ingest([file]);
    await library.flush();
    say(`saved ${i}`);
  }
} else if (mode === 'merge') {
  const [docs = ''] = rest;
  const library = await openCrashLibrary(dataDir, undefined, { graphMergeFraction: 0.05 });
  await library.settle();
  say('ready');
  await library.ingest([docs]);
  if (library.graphMerging) say('merging');
  // The new base is written whole before the description names it: the window between the two is told apart.
  const graphDir = dirname(libraryPaths(dataDir).index);
  const watch = setInterval(() => {
    const named = readFileSync(join(graphDir, 'index.json'), 'utf8');
    const written = readdirSync(graphDir).find((name) => /^index\.base-[0-9a-f]{12}\.hnsw$/.test(name) && !named.includes(name));
    if (written) {
      clearInterval(watch);
      say('base written');
    }
  }, 2);
  await library.settle();
  clearInterval(watch);
  say('merged');
  setInterval(() => {}, 1000); // alive until killed
} else if (mode === 'save-index') {
  const embedder = crashEmbedder();
  const paths = libraryPaths(dataDir);
  const catalog = Catalog.open(paths.catalog);
  const index = await buildIndexFromCatalog(catalog, embedder.dimension, {});
  say('ready');
  for (let i = 0; ; i++) {
    await saveIndex(index, paths.index, { embedderId: embedder.id, generation: catalog.generation() });
    say(`saved ${i}`);
  }
} else if (mode === 'restore') {
  const [url = '', rootHex = '', shards = '', snapshot = '', target = 'new', killAtStep] = rest;
  const keys = deriveBackupKeys(Buffer.from(rootHex, 'hex'));
  const walrus = createWalrusClient({ publisherUrl: url, aggregatorUrl: url, shards: Number(shards) });
  say('ready');
  await restoreSnapshot({ walrus, keys: { backupKeys: async () => keys, address: () => `0x${'cd'.repeat(32)}` } }, snapshot, {
    dataDir,
    target: target === 'replace' ? 'replace' : 'new',
    concurrency: 2,
    onProgress: (p) => say(`progress ${p.done}`),
    onSwapStep: (step) => {
      say(`swap ${step}`);
      if (step === killAtStep) process.kill(process.pid, 'SIGKILL');
    },
  });
  say('done');
  await walrus.close();
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
