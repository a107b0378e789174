// Backups at 10,000 small documents against the local Walrus server: full backup and restore time,
// what an incremental backup sends after one edit, quilts used against ⌈items / patch limit⌉, and a
// renewal of both snapshots once they near their end (each quilt and manifest read and stored again once),
// then a restore reading each object once beside the per-item reads it replaced (backup-restore.ts).
// PDW_BENCH_BACKUP_DOCS (10000) and PDW_BENCH_BACKUP_SHARDS (100; 1000 is mainnet, ~2 s per quilt id).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BackupEngine } from '../../src-main/backup/engine.ts';
import { createBundledEmbedder } from '../../src-main/embed/bundled-embedder.ts';
import { openLibrary } from '../../src-main/library/library.ts';
import { deriveBackupKeys } from '../../src-main/wallet/backup-keys.ts';
import { quiltPatchLimit } from '../../src-main/walrus/cost.ts';
import { createWalrusClient } from '../../src-main/walrus/index.ts';
import { startWalrusLocal } from '../walrus-local/index.ts';
import { restoreBench } from './backup-restore.ts';
import type { BenchTable } from './table.ts';

const DOCS = Number(process.env.PDW_BENCH_BACKUP_DOCS ?? 10_000);
const SHARDS = Number(process.env.PDW_BENCH_BACKUP_SHARDS ?? 100);
const EPOCH_MS = 3_600_000;
const CACHE_DIR = fileURLToPath(new URL('../../node_modules/.cache/pdw', import.meta.url));
const WORDS = 'river garden honey bread engine lantern orchard violin harbor meadow copper glacier falcon pepper marble canyon ribbon thunder velvet compass'.split(' ');

export default async function backupBench(): Promise<BenchTable[]> {
  const root = await mkdtemp(join(tmpdir(), 'pdw-bench-backup-'));
  const server = await startWalrusLocal({ shards: SHARDS, fsync: false, maxQuiltSize: 200 * 1024 * 1024, epochSeconds: EPOCH_MS / 1000 });
  const walrus = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: SHARDS });
  const keys = deriveBackupKeys(randomBytes(32));
  const provider = { backupKeys: async () => keys, address: () => `0x${'cd'.repeat(32)}` };
  const rows: (string | number)[][] = [];
  try {
    const embedder = await createBundledEmbedder(CACHE_DIR);
    const data = join(root, 'data');
    const docs = join(root, 'docs');
    await mkdir(docs, { recursive: true });
    for (let i = 0; i < DOCS; i++) await writeFile(join(docs, `note-${i}.txt`), text(i));
    let library = await openLibrary({ dataDir: data, embedder });
    let t = performance.now();
    await library.ingest([docs]);
    const ingestS = (performance.now() - t) / 1000;
    await library.close();

    // The engine's clock follows the server's: its epochs last an hour, and renewal moves both ahead.
    let skewMs = 0;
    const engine = BackupEngine.open({ dataDir: data, walrus: () => walrus, keys: provider, epochs: 5, epochMs: EPOCH_MS, now: () => Date.now() + skewMs });
    server.clearRequestLog();
    t = performance.now();
    const full = await engine.backup();
    const fullS = (performance.now() - t) / 1000;
    const quilts = server.requestLog().filter((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts')).length;
    const limit = quiltPatchLimit(SHARDS);
    rows.push(['full backup', full.items, full.uploadedItems, full.uploadedBytes, bytesIn(server), fullS.toFixed(1), `${quilts} (⌈${full.uploadedItems}/${limit}⌉ = ${Math.ceil(full.uploadedItems / limit)})`]);

    library = await openLibrary({ dataDir: data, embedder });
    await writeFile(join(docs, 'note-17.txt'), `${text(17)} An edited line about a ${WORDS[3]}.\n`);
    await library.ingest([join(docs, 'note-17.txt')]);
    await library.close();
    server.clearRequestLog();
    t = performance.now();
    const inc = await engine.backup();
    const incS = (performance.now() - t) / 1000;
    const incQuilts = server.requestLog().filter((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts')).length;
    rows.push(['after 1 edit', inc.items, inc.uploadedItems, inc.uploadedBytes, bytesIn(server), incS.toFixed(1), `${incQuilts} + manifest blob`]);

    server.clock.advanceEpochs(4);
    skewMs += 4 * EPOCH_MS;
    server.clearRequestLog();
    t = performance.now();
    const renewal = await engine.renew();
    const renewS = (performance.now() - t) / 1000;
    if (renewal.failures.length) throw new Error(`renewal failed: ${renewal.failures[0]?.message}`);
    rows.push(['renewal (2 snapshots)', '', renewal.renewed, renewal.bytes, bytesIn(server), renewS.toFixed(1), `${quilts + incQuilts} quilts + 2 manifests, each stored again once`]);
    engine.close();

    const restoreTable = await restoreBench({ server, walrus, keys: provider, snapshotId: inc.snapshotId, root, embedder });
    return [
      {
        title: `Backups: ${DOCS} small documents, local Walrus at ${SHARDS} shards (patch limit ${limit})`,
        columns: ['run', 'items', 'uploaded items', 'uploaded bytes (sealed)', 'bytes sent to publisher', 'seconds', 'quilts'],
        rows,
        notes: [
          `ingest of the corpus (not part of the backup): ${ingestS.toFixed(1)} s`,
          'items: one document record (catalog row, chunks, vectors) and one original file per document',
          'bytes sent include the multipart framing and the manifest blob (the manifest lists every item: it grows with the library)',
        ],
      },
      restoreTable,
    ];
  } finally {
    await walrus.close();
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
}

function bytesIn(server: { requestLog(): { method: string; bytesIn: number }[] }): number {
  return server.requestLog().filter((e) => e.method === 'PUT').reduce((s, e) => s + e.bytesIn, 0);
}

function text(i: number): string {
  const pick = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length];
  return `Note ${i}\n\nThe ${pick(1)} near the ${pick(2)} keeps its ${pick(3)} while the ${pick(4)} waits. Entry ${i} mentions ${pick(5)} and ${pick(6)}.\n`;
}
