// The local Sui RPC speaks real JSON-RPC: the official @mysten/sui client reads it without complaint.
import { SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WAL_COIN_TYPES, WALRUS_PACKAGE_IDS } from '../../../src-main/wallet/chain-config.ts';
import { blobIdFromU256 } from '../../../src-main/wallet/blob-id-u256.ts';
import { startSuiLocal, type SuiLocalServer } from '../../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../../tools/sui-local/source.ts';
import { blobRecord, OWNER, STRANGER } from './fixtures.ts';

const BLOB_TYPE = `${WALRUS_PACKAGE_IDS.testnet}::blob::Blob`;
let server: SuiLocalServer;
let client: SuiJsonRpcClient;
const source = new MemorySuiSource();

beforeAll(async () => {
  for (let n = 0; n < 5; n++) source.addBlobObject(blobRecord(n));
  source.addBlobObject(blobRecord(99, STRANGER));
  source.setBalance(OWNER, '0x2::sui::SUI', 2_500_000_000n);
  source.setBalance(OWNER, WAL_COIN_TYPES.testnet, 7n);
  server = await startSuiLocal({ source });
  client = new SuiJsonRpcClient({ url: server.url, network: 'testnet' });
});
afterAll(() => server.close());

async function rpc(body: unknown): Promise<unknown> {
  const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return response.json();
}

describe('local Sui JSON-RPC', () => {
  it('answers balances as a full node does', async () => {
    expect(await client.getBalance({ owner: OWNER })).toMatchObject({ coinType: '0x2::sui::SUI', totalBalance: '2500000000' });
    expect(await client.getBalance({ owner: OWNER, coinType: WAL_COIN_TYPES.testnet })).toMatchObject({ totalBalance: '7' });
    expect(await client.getBalance({ owner: STRANGER })).toMatchObject({ totalBalance: '0', coinObjectCount: 0 });
    const all = await client.getAllBalances({ owner: OWNER });
    expect(all.map((b) => b.totalBalance).sort()).toEqual(['2500000000', '7']);
  });

  it('lists owned blob objects by struct type, page by page, with their Move content', async () => {
    const ids: string[] = [];
    let cursor: string | null | undefined = null;
    let pages = 0;
    do {
      const page = await client.getOwnedObjects({ owner: OWNER, filter: { StructType: BLOB_TYPE }, options: { showContent: true, showType: true }, cursor, limit: 2 });
      pages++;
      for (const item of page.data) {
        expect(item.data?.type).toBe(BLOB_TYPE);
        const content = item.data?.content;
        if (content?.dataType !== 'moveObject') throw new Error('expected a Move object');
        const fields = content.fields as Record<string, unknown>;
        ids.push(blobIdFromU256(fields.blob_id as string));
      }
      cursor = page.hasNextPage ? page.nextCursor : null;
    } while (cursor);
    expect(pages).toBe(3);
    expect(ids.sort()).toEqual([0, 1, 2, 3, 4].map((n) => blobRecord(n).blobId).sort());
    const other = await client.getOwnedObjects({ owner: OWNER, filter: { StructType: '0x2::coin::Coin<0x2::sui::SUI>' } });
    expect(other.data).toEqual([]);
  });

  it('reads objects one by one and in bulk, and says which do not exist', async () => {
    const record = blobRecord(1);
    const one = await client.getObject({ id: record.objectId, options: { showOwner: true, showContent: true } });
    expect(one.data?.owner).toEqual({ AddressOwner: OWNER });
    expect(one.data?.content).toMatchObject({ fields: { size: '1001', certified_epoch: 3, storage: { fields: { end_epoch: 9 } } } });
    const missing = '0x' + '00'.repeat(31) + '01';
    const many = await client.multiGetObjects({ ids: [record.objectId, missing] });
    expect(many[0]?.data?.objectId).toBe(record.objectId);
    expect(many[1]?.error).toMatchObject({ code: 'notExists' });
    // (the SDK's getChainIdentifier reads checkpoint 0 instead; the RPC method itself is what tools call)
    expect(await rpc({ jsonrpc: '2.0', id: 9, method: 'sui_getChainIdentifier', params: [] })).toEqual({ jsonrpc: '2.0', id: 9, result: '4c78adac' });
    expect(await client.getReferenceGasPrice()).toBe(1000n);
  });

  it('follows JSON-RPC 2.0 for batches and errors', async () => {
    const batch = (await rpc([
      { jsonrpc: '2.0', id: 1, method: 'sui_getChainIdentifier', params: [] },
      { jsonrpc: '2.0', id: 2, method: 'sui_nope', params: [] },
      { jsonrpc: '2.0', id: 3, method: 'suix_getBalance', params: ['not an address'] },
    ])) as { id: number; result?: unknown; error?: { code: number } }[];
    expect(batch.map((r) => r.result ?? r.error?.code)).toEqual(['4c78adac', -32601, -32602]);
    expect(await rpc('{"jsonrpc":')).toMatchObject({ error: { code: -32700 } });
    expect(await rpc({ id: 4, method: 'sui_getChainIdentifier' })).toMatchObject({ id: 4, error: { code: -32600 } });
  });
});
