// The local Walrus server on its own, over raw HTTP (undici, no client library): store and read
// latency by size, quilt stores and patch reads, and what computing real blob ids costs per shard count.
import { randomBytes } from 'node:crypto';
import { Agent, FormData, request } from 'undici';
import { computeBlobId } from '../../src-main/walrus/ids.ts';
import { startWalrusLocal, type WalrusLocal } from '../../src-main/walrus-local/index.ts';
import type { BenchTable } from './table.ts';

const SHARDS = 100;
const KiB = 1024;
const MiB = 1024 * KiB;

export default async function walrusLocalBench(): Promise<BenchTable[]> {
  const server = await startWalrusLocal({ shards: SHARDS, maxBlobSize: 10 * MiB });
  const agent = new Agent({ connections: 4 });
  const rows: (string | number)[][] = [];
  try {
    for (const [label, size, count] of [['10 KiB', 10 * KiB, 100], ['1 MiB', MiB, 10], ['10 MiB', 10 * MiB, 3]] as const) {
      const ids: string[] = [];
      const store = await timed(count, async () => {
        const res = await request(`${server.url}/v1/blobs`, { method: 'PUT', body: randomBytes(size), dispatcher: agent });
        ids.push(((await res.body.json()) as { newlyCreated: { blobObject: { blobId: string } } }).newlyCreated.blobObject.blobId);
      });
      let i = 0;
      const read = await timed(count, async () => {
        const res = await request(`${server.url}/v1/blobs/${ids[i++ % ids.length]}`, { dispatcher: agent });
        await res.body.arrayBuffer();
      });
      rows.push([`blob ${label}`, count, store, (size / MiB) / (store / 1000), read, (size / MiB) / (read / 1000)]);
    }
    rows.push(...(await quiltRows(server, agent)));
  } finally {
    await agent.close();
    await server.close();
  }
  return [
    {
      title: `walrus-local over loopback HTTP (${SHARDS} shards, sequential requests)`,
      columns: ['operation', 'count', 'store ms/op', 'store MiB/s', 'read ms/op', 'read MiB/s'],
      rows,
      notes: ['Store time is dominated by computing the real blob id (@mysten/walrus-wasm, synchronous, on the event loop).'],
    },
    await idTable(),
  ];
}

async function quiltRows(server: WalrusLocal, agent: Agent): Promise<(string | number)[][]> {
  const patches = 66; // the patch limit at 100 shards
  const patchIds: string[] = [];
  const store = await timed(3, async () => {
    const form = new FormData();
    for (let p = 0; p < patches; p++) form.append(`item-${p}`, new Blob([randomBytes(10 * KiB)]), `item-${p}`);
    const res = await request(`${server.url}/v1/quilts`, { method: 'PUT', body: form, dispatcher: agent });
    const body = (await res.body.json()) as { storedQuiltBlobs: { quiltPatchId: string }[] };
    patchIds.push(...body.storedQuiltBlobs.map((s) => s.quiltPatchId));
  });
  let i = 0;
  const read = await timed(200, async () => {
    const res = await request(`${server.url}/v1/blobs/by-quilt-patch-id/${patchIds[i++ % patchIds.length]}`, { dispatcher: agent });
    await res.body.arrayBuffer();
  });
  const quiltMiB = (patches * 10 * KiB) / MiB;
  return [[`quilt ${patches} × 10 KiB / patch read`, '3 / 200', store, quiltMiB / (store / 1000), read, (10 * KiB) / MiB / (read / 1000)]];
}

async function idTable(): Promise<BenchTable> {
  const rows: (string | number)[][] = [];
  for (const shards of [10, 100, 1000]) {
    for (const size of shards === 1000 ? [10 * KiB] : [10 * KiB, MiB]) {
      const data = randomBytes(size);
      await computeBlobId(data, shards); // first call builds the encoder
      const runs = shards === 1000 ? 1 : 10;
      rows.push([shards, size === MiB ? '1 MiB' : '10 KiB', await timed(runs, () => computeBlobId(data, shards))]);
    }
  }
  return { title: 'Real blob id computation (compute_metadata) by shard count', columns: ['shards', 'size', 'ms per id'], rows };
}

async function timed(count: number, op: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await op();
  return (performance.now() - started) / count;
}
