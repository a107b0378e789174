// 1,000 items of 10 KiB stored through the Walrus client against the local server, once as single
// blobs and once packed into quilts: requests, wall time and cost. Then the same comparison with the
// official formula at mainnet scale (1000 shards), which the local run cannot afford to encode.
import { randomBytes } from 'node:crypto';
import { startWalrusLocal } from '../../src-main/walrus-local/index.ts';
import { mapLimit } from '../../src-main/walrus/concurrency.ts';
import { DEFAULT_PRICES, estimateQuiltVsBlobs, quiltPatchLimit } from '../../src-main/walrus/cost.ts';
import { createWalrusClient } from '../../src-main/walrus/index.ts';
import type { BenchTable } from './table.ts';

const ITEMS = 1000;
const ITEM_BYTES = 10 * 1024;
const LOCAL_SHARDS = 100;
const EPOCHS = 1;
const CONCURRENCY = 4;

interface Run {
  mode: string;
  requests: number;
  seconds: number;
  reported: number;
  estimated: number;
  objects: number;
}

export default async function walrusBench(): Promise<BenchTable[]> {
  const items = Array.from({ length: ITEMS }, (_, i) => ({ identifier: `item-${String(i).padStart(4, '0')}`, data: randomBytes(ITEM_BYTES) }));
  const server = await startWalrusLocal({ shards: LOCAL_SHARDS });
  const client = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, shards: LOCAL_SHARDS, concurrency: CONCURRENCY });
  const runs: Run[] = [];
  try {
    const measure = async (mode: string, work: () => Promise<number>) => {
      server.clearRequestLog();
      client.costTracker.reset();
      const started = performance.now();
      const objects = await work();
      const seconds = (performance.now() - started) / 1000;
      const { totalCost, estimatedCost } = client.costTracker.summary();
      runs.push({ mode, requests: server.requestLog().length, seconds, reported: totalCost, estimated: estimatedCost, objects });
    };
    await measure('single blobs', async () => (await mapLimit(items, CONCURRENCY, (item) => client.storeBlob(item.data, { epochs: EPOCHS }))).length);
    await measure('quilts (storeQuilts)', async () => (await client.storeQuilts(items, { epochs: EPOCHS })).quilts.length);
  } finally {
    await client.close();
    await server.close();
  }
  const [blobs, quilts] = runs as [Run, Run];
  const measured: BenchTable = {
    title: `Walrus client: ${ITEMS.toLocaleString('en-US')} × 10 KiB, single blobs vs quilts (local server, ${LOCAL_SHARDS} shards, ${EPOCHS} epoch)`,
    columns: ['mode', 'Walrus objects', 'requests', 'wall time (s)', 'items/s', 'reported cost (FROST)', 'formula cost (FROST)'],
    rows: runs.map((r) => [r.mode, r.objects, r.requests, r.seconds, ITEMS / r.seconds, r.reported, r.estimated]),
    notes: [
      `Cost ratio blobs / quilts at ${LOCAL_SHARDS} shards: ${(blobs.reported / quilts.reported).toFixed(1)}× (reported by the server), ${(blobs.estimated / quilts.estimated).toFixed(1)}× (client formula).`,
      `Requests: ${blobs.requests} vs ${quilts.requests} (${(blobs.requests / quilts.requests).toFixed(0)}× fewer round trips with quilts; ${LOCAL_SHARDS} shards allow ${quiltPatchLimit(LOCAL_SHARDS)} patches per quilt, 1000 shards 666).`,
      `Wall time is dominated by the server computing real blob ids (@mysten/walrus-wasm), once per stored object; ${CONCURRENCY} requests in flight.`,
    ],
  };
  return [measured, mainnetTable()];
}

/** The formula at 1000 shards: where the per-blob metadata overhead (~64 MB encoded) dominates small files. */
function mainnetTable(): BenchTable {
  const cases = [
    { label: `${ITEMS.toLocaleString('en-US')} × 10 KiB`, sizes: Array<number>(ITEMS).fill(ITEM_BYTES) },
    { label: '600 × 10 KiB (the seed case)', sizes: Array<number>(600).fill(ITEM_BYTES) },
    { label: '600 × 100 KiB', sizes: Array<number>(600).fill(100 * 1024) },
    { label: '600 × 1 MiB', sizes: Array<number>(600).fill(1024 * 1024) },
  ];
  const rows = cases.map(({ label, sizes }) => {
    const e = estimateQuiltVsBlobs(sizes, { shards: 1000, epochs: EPOCHS, prices: DEFAULT_PRICES, identifierBytes: 9 });
    return [label, e.asBlobs.storageUnits, e.asQuilts.quilts, e.asQuilts.storageUnits, e.asBlobs.cost, e.asQuilts.cost, `${e.ratio.toFixed(1)}×`];
  });
  return {
    title: 'Walrus cost, official formula at mainnet scale (1000 shards, 1 epoch, launch prices)',
    columns: ['items', 'units as blobs', 'quilts', 'units as quilts', 'cost as blobs (FROST)', 'cost as quilts (FROST)', 'ratio'],
    rows,
    notes: [
      'Units are 1 MiB of encoded size; cost = units × (storage price × epochs + write price), so the ratio is the ratio of units and does not depend on epochs or prices.',
      'Every blob up to ~200 KiB encodes to 63 units at 1000 shards: the per-blob metadata (~64 MB) dwarfs a 10 KiB file. A quilt pays that overhead once for up to 666 patches.',
      'The seed claims ~409× for 10 KiB files: the formula gives 410.9× for one full quilt of 600 such files (37,800 vs 92 units). With 1,000 files the second, part-filled quilt pays the overhead again, so the ratio drops; for larger files the data itself dominates and the advantage shrinks towards 1×.',
      `At ${LOCAL_SHARDS} shards (the measured run) the metadata overhead is 100× smaller (~0.6 MB), so a 10 KiB blob costs 1 unit and quilts save far less: the saving is a property of the committee size, not a constant.`,
    ],
  };
}
