// Backups of small-document libraries against the local Walrus server, at mainnet's 1000 shards by default:
// storage units bought against the best in-order packing and one blob per item, for each library size, then
// the lifecycle (full, incremental, renewal) of the largest and its restore, reading each stored object once
// beside the per-item reads it replaced (backup-restore.ts).
// PDW_BENCH_BACKUP_DOCS (1200,10000) and PDW_BENCH_BACKUP_SHARDS (1000, ~2 s per quilt id; 100 is faster).
// A section is a function of the world (backup-world.ts) returning its table: add one with one call below.
import { lifecycleTables, timedBackup } from './backup-lifecycle.ts';
import { PACKING_COLUMNS, packingFigures, packingRow } from './backup-packing.ts';
import { withBackupWorld } from './backup-world.ts';
import type { BenchTable } from './table.ts';

const LIBRARIES = (process.env.PDW_BENCH_BACKUP_DOCS ?? '1200,10000').split(',').map(Number);
const SHARDS = Number(process.env.PDW_BENCH_BACKUP_SHARDS ?? 1000);

export default async function backupBench(): Promise<BenchTable[]> {
  const tables: BenchTable[] = [];
  const packing: (string | number)[][] = [];
  const largest = Math.max(...LIBRARIES);
  for (const docs of LIBRARIES) {
    await withBackupWorld(docs, SHARDS, async (world) => {
      const full = await timedBackup(world);
      packing.push(packingRow(packingFigures(world), docs));
      if (docs !== largest) return;
      tables.push(...(await lifecycleTables(world, full)));
    });
  }
  tables.unshift({
    title: `Storage units bought by a full backup's quilts, local Walrus at ${SHARDS} shards (×: against what was bought)`,
    columns: PACKING_COLUMNS,
    rows: packing,
    notes: [
      'units: ⌈encoded size / 1 MiB⌉ per quilt, from the cost the publisher reported; each is paid per epoch stored',
      'best in-order packing: the same patches in the same order, split exactly (dynamic programming over split points, quilt sizes by the official encoder rules)',
      'fullest quilts: the patch limit per quilt, as the client packed before; one blob per item: each sealed item stored alone',
      'best with every quilt blob ≤ 10 MiB: a quilt could then be stored again byte for byte through a publisher capped at 10 MiB',
    ],
  });
  return tables;
}
