// The Walrus network's state read from Sui the way the official SDK finds it (the staking object, then its
// `StakingInnerV1` dynamic field), answered by the local server from its clock and shard count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainConfigFor } from '../../../src-main/wallet/chain-config.ts';
import { suiRpcCall } from '../../../src-main/walrus/sui-rpc.ts';
import { readWalrusNetworkState } from '../../../src-main/walrus/network-state.ts';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { z } from 'zod';

let server: WalrusLocal;

beforeAll(async () => {
  server = await startWalrusLocal({ shards: 1000, fsync: false, epochSeconds: 7200 });
});
afterAll(async () => {
  await server?.close();
});

describe('the Walrus network state on the local Sui RPC', () => {
  it('says the current epoch, the epoch length and the shard count, and follows the clock', async () => {
    const chain = chainConfigFor({ suiNetwork: 'testnet', suiRpcUrl: server.url });
    const rpc = { url: chain.rpcUrl };
    const before = await readWalrusNetworkState(rpc, chain.stakingObjectId);
    expect(before).toEqual({ currentEpoch: server.clock.currentEpoch(), epochDurationMs: 7_200_000, nShards: 1000 });
    server.clock.advanceEpochs(3);
    expect((await readWalrusNetworkState(rpc, chain.stakingObjectId)).currentEpoch).toBe(before.currentEpoch + 3);
  });

  it('answers with the real shapes: options honoured, u64 as strings, a missing field as an error object', async () => {
    const { rpcUrl: url, stakingObjectId } = chainConfigFor({ suiNetwork: 'testnet', suiRpcUrl: server.url });
    const bare = await suiRpcCall({ url }, 'sui_getObject', [stakingObjectId, {}], z.object({ data: z.record(z.string(), z.unknown()) }));
    expect(Object.keys(bare.data).sort()).toEqual(['digest', 'objectId', 'version']);
    const field = await suiRpcCall({ url }, 'suix_getDynamicFieldObject', [stakingObjectId, { type: 'u64', value: '1' }], z.any());
    expect(field.data.type).toMatch(/^0x2::dynamic_field::Field<u64, 0x[0-9a-f]{64}::staking_inner::StakingInnerV1>$/);
    expect(field.data.content.fields.value.fields).toMatchObject({ n_shards: 1000, epoch_duration: '7200000', epoch: server.clock.currentEpoch() });
    expect(typeof field.data.content.fields.value.fields.first_epoch_start).toBe('string');
    const missing = await suiRpcCall({ url }, 'suix_getDynamicFieldObject', [stakingObjectId, { type: 'u64', value: '2' }], z.any());
    expect(missing).toEqual({ error: { code: 'dynamicFieldNotFound', parent_object_id: stakingObjectId } });
  });

  it('refuses an object that is not the staking object, naming the setting to check', async () => {
    const { rpcUrl: url } = chainConfigFor({ suiNetwork: 'testnet', suiRpcUrl: server.url });
    await expect(readWalrusNetworkState({ url }, `0x${'12'.repeat(32)}`)).rejects.toMatchObject({ code: 'remote_error', message: expect.stringMatching(/check the Sui network in Settings/) });
  });
});
