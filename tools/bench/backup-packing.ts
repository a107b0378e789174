// Storage bought by a full backup's quilts, beside what the same patches would cost packed other ways:
// the best in-order packing (exact, by split point), the fullest quilts (what the client did before), one
// blob per item, and the best packing whose quilt blobs stay under a publisher's 10 MiB blob limit (so a
// quilt could be stored again byte for byte at renewal).
import { blobCost, DEFAULT_PRICES, quiltPatchLimit } from '../../src-main/walrus/cost.ts';
import { packQuilts, DEFAULT_MAX_REQUEST_BYTES } from '../../src-main/walrus/quilt-packing.ts';
import { packingUnits, planQuilts } from '../../src-main/walrus/quilt-plan.ts';
import type { BackupBenchWorld } from './backup-world.ts';

const TEN_MIB = 10 * 1024 * 1024;

export interface PackingFigures {
  items: number;
  quilts: number;
  bought: number;
  best: { units: number; quilts: number };
  fullest: { units: number; quilts: number };
  asBlobs: number;
  capped: { units: number; quilts: number; largestQuiltBytes: number };
  largestQuiltBytes: number;
}

/** Units the recorded quilts bought (from the cost the publisher reported), and the alternatives. */
export function packingFigures(world: BackupBenchWorld): PackingFigures {
  const perUnit = (epochs: number) => DEFAULT_PRICES.storagePricePerUnitPerEpoch * epochs + DEFAULT_PRICES.writePricePerUnit;
  const quilts = world.recorder.quilts;
  const patches = quilts.flatMap((q) => q.patches);
  const bought = quilts.reduce((sum, q) => sum + q.reportedCost / perUnit(q.epochs), 0);
  const limits = { shards: world.shards, maxPatches: quiltPatchLimit(world.shards), maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES };
  const best = planQuilts(patches, limits);
  const capped = planQuilts(patches, { ...limits, maxQuiltBytes: TEN_MIB });
  const fullest = packQuilts(patches, limits);
  return {
    items: patches.length,
    quilts: quilts.length,
    bought,
    best: { units: best.units, quilts: best.quilts.length },
    fullest: { units: packingUnits(fullest, world.shards), quilts: fullest.length },
    asBlobs: patches.reduce((sum, p) => sum + blobCost(p.size, { shards: world.shards, epochs: 1 }).storageUnits, 0),
    capped: { units: capped.units, quilts: capped.quilts.length, largestQuiltBytes: Math.max(...capped.quilts.map((q) => q.quiltBytes)) },
    largestQuiltBytes: Math.max(...best.quilts.map((q) => q.quiltBytes)),
  };
}

/** One row per library: units bought and each alternative, with its ratio to what was bought. */
export function packingRow(f: PackingFigures, docs: number): (string | number)[] {
  const ratio = (units: number) => `${units.toLocaleString('en-US')} (${(units / f.bought).toFixed(2)}×)`;
  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return [
    `${docs.toLocaleString('en-US')} docs, ${f.items.toLocaleString('en-US')} items`,
    `${f.bought.toLocaleString('en-US')} (${f.quilts} quilts, largest ${mib(f.largestQuiltBytes)})`,
    `${ratio(f.best.units)}, ${f.best.quilts} quilts`,
    `${ratio(f.fullest.units)}, ${f.fullest.quilts} quilts`,
    ratio(f.asBlobs),
    `${ratio(f.capped.units)}, ${f.capped.quilts} quilts, largest ${mib(f.capped.largestQuiltBytes)}`,
  ];
}

export const PACKING_COLUMNS = [
  'library',
  'units bought by the backup',
  'best in-order packing (referee)',
  'fullest quilts (patch limit each)',
  'one blob per item',
  'best with every quilt blob ≤ 10 MiB',
];
