// The backup's lifecycle on one library: the full backup (already run by the caller), an incremental one
// after one edit, a renewal of both snapshots once they near their end (each quilt and manifest read and
// stored again once), and a restore into a new data directory (backup-restore.ts).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupRunResult } from '../../src-shared/contract/backup.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import { quiltPatchLimit } from '../../src-main/walrus/cost.ts';
import { bytesIn, noteText, WORDS, type BackupBenchWorld } from './backup-world.ts';
import { restoreBench } from './backup-restore.ts';
import type { BenchTable } from './table.ts';

export interface TimedRun {
  run: BackupRunResult;
  seconds: number;
  quilts: number;
  bytesSent: number;
}

const quiltPuts = (world: BackupBenchWorld) => world.server.requestLog().filter((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts') && e.status === 200).length;

/** A backup with the server's request log cleared first: what it sent and how long it took. */
export async function timedBackup(world: BackupBenchWorld): Promise<TimedRun> {
  world.server.clearRequestLog();
  const t = performance.now();
  const run = await world.engine.backup();
  return { run, seconds: (performance.now() - t) / 1000, quilts: quiltPuts(world), bytesSent: bytesIn(world.server) };
}

/** The lifecycle's table, then the restore of its last snapshot (backup-restore.ts). */
export async function lifecycleTables(world: BackupBenchWorld, full: TimedRun): Promise<BenchTable[]> {
  const rows: (string | number)[][] = [];
  const limit = quiltPatchLimit(world.shards);
  const { run } = full;
  rows.push(['full backup', run.items, run.uploadedItems, run.uploadedBytes, full.bytesSent, full.seconds.toFixed(1), `${full.quilts} (⌈${run.uploadedItems}/${limit}⌉ = ${Math.ceil(run.uploadedItems / limit)})`]);

  const library = await openLibrary({ dataDir: world.dataDir, embedder: world.embedder });
  await writeFile(join(world.docsDir, 'note-17.txt'), `${noteText(17)} An edited line about a ${WORDS[3]}.\n`);
  await library.ingest([join(world.docsDir, 'note-17.txt')]);
  await library.close();
  const inc = await timedBackup(world);
  rows.push(['after 1 edit', inc.run.items, inc.run.uploadedItems, inc.run.uploadedBytes, inc.bytesSent, inc.seconds.toFixed(1), `${inc.quilts} + manifest blob`]);

  world.advanceEpochs(4);
  world.server.clearRequestLog();
  const t = performance.now();
  const renewal = await world.engine.renew();
  const renewS = (performance.now() - t) / 1000;
  if (renewal.failures.length) throw new Error(`renewal failed: ${renewal.failures[0]?.message}`);
  rows.push(['renewal (2 snapshots)', '', renewal.renewed, renewal.bytes, bytesIn(world.server), renewS.toFixed(1), `${full.quilts + inc.quilts} quilts + 2 manifests, each stored again once`]);

  const restore = await restoreBench({ server: world.server, walrus: world.walrus, keys: world.keys, snapshotId: inc.run.snapshotId, root: world.root, embedder: world.embedder });
  const lifecycle: BenchTable = {
    title: `Backups: ${world.docs} small documents, local Walrus at ${world.shards} shards (patch limit ${limit})`,
    columns: ['run', 'items', 'uploaded items', 'uploaded bytes (sealed)', 'bytes sent to publisher', 'seconds', 'quilts'],
    rows,
    notes: [
      `ingest of the corpus (not part of the backup): ${world.ingestS.toFixed(1)} s`,
      'items: one document record (catalog row, chunks, vectors) and one original file per document',
      'bytes sent include the multipart framing and the manifest blob (the manifest lists every item: it grows with the library)',
    ],
  };
  return [lifecycle, restore];
}
