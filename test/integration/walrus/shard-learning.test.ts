// A client at its defaults (it assumes mainnet's 1000 shards) against local servers of other sizes:
// the publisher's refusal teaches it the patch limit, the next store the exact count, and a shard file
// carries both to the next client of the same data directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { createWalrusClient, ShardFile, WalrusHttpError, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { bytes, FAST_RETRY, text } from './harness.ts';

const items = (count: number) => Array.from({ length: count }, (_, i) => ({ identifier: `item-${i}`, data: bytes(`payload ${i}`) }));

function quiltPuts(server: WalrusLocal): number[] {
  return server.requestLog().filter((e) => e.method === 'PUT' && e.template === '/v1/quilts').map((e) => e.status);
}

describe('the shard count is learned from the publisher', () => {
  let dataDir: string;
  const servers: WalrusLocal[] = [];
  const clients: WalrusClient[] = [];
  const client = (server: WalrusLocal, shardFile = ShardFile.inDataDir(dataDir)) => {
    const made = createWalrusClient({ publisherUrl: server.url, aggregatorUrl: server.url, retry: FAST_RETRY, timeoutMs: 30_000, shardMemory: shardFile });
    clients.push(made);
    return made;
  };
  const server = async (shards: number) => {
    const started = await startWalrusLocal({ shards, fsync: false });
    servers.push(started);
    return started;
  };
  beforeAll(async () => (dataDir = await makeTempDir()));
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await Promise.all(servers.map((s) => s.close()));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers too many patches as the official publisher does', async () => {
    const local = await server(10);
    const form = new FormData();
    for (let i = 0; i < 7; i++) form.append(`p${i}`, new Blob([`x${i}`]), `p${i}`);
    const response = await fetch(`${local.url}/v1/quilts?epochs=1`, { method: 'PUT', body: form });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: {
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: 'the request is malformed: failed to construct quilt: ClientError { kind: QuiltError(TooManyBlobs(7, 6)) }',
        details: [{ '@type': 'ErrorInfo', reason: 'MALFORMED_REQUEST', domain: 'daemon.walrus.space' }],
      },
    });
  });

  for (const shards of [10, 100]) {
    it(`stores 150 patches at ${shards} shards with the client at its defaults, then remembers the count`, { timeout: 60_000 }, async () => {
      const local = await server(shards);
      const walrus = client(local);
      expect(walrus.shards).toBe(1000);
      const result = await walrus.storeQuilts(items(150));
      // One refusal (nothing stored, nothing paid), then quilts within the limit.
      expect(quiltPuts(local).filter((s) => s === 400)).toHaveLength(1);
      expect(result.quilts.length).toBe(quiltPuts(local).filter((s) => s === 200).length);
      expect(Math.max(...result.quilts.map((q) => q.patches.length))).toBeLessThanOrEqual(local.shards - Math.floor((local.shards - 1) / 3) - 1);
      expect(local.objects.listByOwner(local.publisherAddress)).toHaveLength(result.quilts.length);
      expect(walrus.shards).toBe(shards);
      expect(walrus.costTracker.shards).toBe(shards);
      for (const quilt of result.quilts) expect(walrus.costTracker.operations().find((o) => o.ids[0] === quilt.quiltId)?.estimatedCost).toBe(quilt.cost);
      expect(text((await walrus.retrieveFromQuiltByPatchId(result.locations['item-149']!.patchId)).data)).toBe('payload 149');

      // Another client of the same data directory (the next run) starts from what was learned.
      local.clearRequestLog();
      const next = client(local);
      expect(next.shards).toBe(shards);
      await next.storeQuilts(items(150).map((i) => ({ ...i, identifier: `again-${i.identifier}` })));
      expect(quiltPuts(local).every((s) => s === 200)).toBe(true);
    });
  }

  it('learns from a refused single quilt too, and the caller can then split', async () => {
    const local = await server(10);
    const walrus = client(local, new ShardFile(`${dataDir}/single.json`));
    const refused = await walrus.storeQuilt(items(7)).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WalrusHttpError);
    expect((refused as WalrusHttpError).status).toBe(400);
    expect(walrus.shards).toBe(10);
    await walrus.storeQuilts(items(7));
    expect(quiltPuts(local)).toEqual([400, 200, 200]);
  });

  it('follows what another client of the same shard file learned after it started (another thread)', async () => {
    const local = await server(10);
    const file = `${dataDir}/shared.json`;
    const [first, second] = [client(local, new ShardFile(file)), client(local, new ShardFile(file))];
    await first.storeQuilts(items(20));
    expect([first.shards, second.shards]).toEqual([10, 1000]);
    local.clearRequestLog();
    await second.storeQuilts(items(20).map((i) => ({ ...i, identifier: `b-${i.identifier}` })));
    expect(quiltPuts(local).every((s) => s === 200)).toBe(true);
    expect(second.shards).toBe(10);
  });

  it('learns 1000 from the first store at mainnet size, with no refusal', { timeout: 120_000 }, async () => {
    const local = await server(1000);
    const walrus = client(local, new ShardFile(`${dataDir}/mainnet.json`));
    await walrus.storeQuilts(items(20));
    expect(quiltPuts(local)).toEqual([200]);
    expect(new ShardFile(`${dataDir}/mainnet.json`).knownShards(local.url)).toMatchObject({ shards: 1000, source: 'stored-blob' });
  });
});
