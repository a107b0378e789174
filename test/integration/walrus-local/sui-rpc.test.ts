import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainConfigFor } from '../../../src-main/wallet/chain-config.ts';
import { listOwnedBlobObjects } from '../../../src-main/wallet/owned-blobs.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';

let walrus: WalrusLocal;
let client: WalrusClient;
const OWNER = '0x00000000000000000000000000000000000000000000000000000000000000AB';

beforeAll(async () => {
  walrus = await startWalrusLocal({ shards: 10, fsync: false });
  client = createWalrusClient({ publisherUrl: walrus.url, aggregatorUrl: walrus.url, shards: 10, retry: { retries: 0 } });
});
afterAll(async () => {
  await client?.close();
  await walrus?.close();
});

describe('the local server answers Sui RPC for the blob objects it created', () => {
  it('lists the blobs sent to an address, whatever case the address was sent in', async () => {
    const stored = await client.storeBlob(new TextEncoder().encode('owned by the wallet'), { epochs: 2, sendObjectTo: OWNER });
    await client.storeBlob(new TextEncoder().encode('owned by the publisher'), { epochs: 2 });
    const chain = chainConfigFor({ suiNetwork: 'testnet', suiRpcUrl: walrus.url });
    const owned = await listOwnedBlobObjects(chain, OWNER.toLowerCase());
    expect(owned.map((o) => o.blobId)).toEqual([stored.blobId]);
    expect(owned[0]).toMatchObject({ objectId: stored.objectId, endEpoch: stored.endEpoch });
  });
});
