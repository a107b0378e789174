// Balances and blob discovery against the local Sui RPC over real HTTP, and the offline state.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBalances } from '../../../src-main/wallet/balances.ts';
import { readEnvironment, type EnvVars } from '../../../src-main/kernel/config/config-env.ts';
import { chainConfigFor, WAL_COIN_TYPES } from '../../../src-main/wallet/chain-config.ts';
import { listOwnedBlobObjects } from '../../../src-main/wallet/owned-blobs.ts';
import { AppError } from '../../../src-shared/contract/index.ts';
import { startSuiLocal, type SuiLocalServer } from '../../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../../tools/sui-local/source.ts';
import { blobRecord, OWNER, STRANGER } from './fixtures.ts';

let server: SuiLocalServer;
const source = new MemorySuiSource();
const chain = (rpcUrl: string, env: EnvVars = {}) => chainConfigFor({ suiNetwork: 'localnet', suiRpcUrl: rpcUrl }, readEnvironment(env).chain);

beforeAll(async () => {
  for (let n = 0; n < 120; n++) source.addBlobObject(blobRecord(n));
  source.addBlobObject(blobRecord(500, STRANGER));
  source.setBalance(OWNER, '0x2::sui::SUI', 1_234_500_000n);
  source.setBalance(OWNER, WAL_COIN_TYPES.testnet, 42_000_000_000n);
  server = await startSuiLocal({ source });
});
afterAll(() => server.close());

describe('wallet chain reads', () => {
  it('reads SUI and WAL balances in MIST/FROST and whole coins', async () => {
    const balances = await readBalances(chain(server.url), OWNER);
    expect(balances).toMatchObject({
      state: 'online',
      address: OWNER,
      sui: { symbol: 'SUI', raw: '1234500000', formatted: '1.2345' },
      wal: { symbol: 'WAL', raw: '42000000000', formatted: '42', coinType: WAL_COIN_TYPES.testnet },
    });
  });

  it('reports offline with the reason when the RPC is unreachable, without throwing', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const balances = await readBalances(chain(`http://127.0.0.1:${port}`), OWNER);
    expect(balances).toMatchObject({ state: 'offline', sui: null, wal: null });
    expect(balances.reason).toMatch(/unreachable.*ECONNREFUSED/);
  });

  it('reports offline when the RPC answers garbage or hangs', async () => {
    const bad = createServer((req, res) => {
      if (req.url === '/slow') return; // never answers
      res.writeHead(502).end('bad gateway');
    });
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(bad.address() as AddressInfo).port}`;
    try {
      expect(await readBalances(chain(url), OWNER)).toMatchObject({ state: 'offline', reason: expect.stringMatching(/HTTP 502/) });
      expect(await readBalances(chain(`${url}/slow`), OWNER, 300)).toMatchObject({ state: 'offline', reason: expect.stringMatching(/timed out/) });
    } finally {
      bad.closeAllConnections();
      await new Promise<void>((r) => bad.close(() => r()));
    }
  });

  it('lists every Walrus blob object the address owns, across pages, with blob ids and end epochs', async () => {
    const blobs = await listOwnedBlobObjects(chain(server.url), OWNER);
    expect(blobs).toHaveLength(120);
    const expected = blobRecord(7);
    expect(blobs.find((b) => b.objectId === expected.objectId)).toEqual({
      objectId: expected.objectId,
      blobId: expected.blobId,
      size: 1007,
      registeredEpoch: 3,
      certifiedEpoch: 3,
      startEpoch: 3,
      endEpoch: 15,
      deletable: false,
    });
    expect(blobs.some((b) => b.blobId === blobRecord(500, STRANGER).blobId)).toBe(false);
  });

  it('finds nothing under another Walrus package id (the Blob type is configurable)', async () => {
    expect(await listOwnedBlobObjects(chain(server.url, { PDW_WALRUS_PACKAGE_ID: '0x' + '11'.repeat(32) }), OWNER)).toEqual([]);
  });

  it('fails with unavailable when listing blobs while offline', async () => {
    const error = await listOwnedBlobObjects(chain('http://127.0.0.1:9'), OWNER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
  });
});
