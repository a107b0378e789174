// What the Walrus network itself says about now: its current epoch, how long an epoch lasts and how many
// shards it has. No HTTP endpoint of a publisher or aggregator reports these; the Walrus staking object on
// Sui does. Its fields live in a dynamic field keyed by the object's `version` (u64): a
// `staking_inner::StakingInnerV1` with `n_shards` (u16), `epoch_duration` (u64, ms), `first_epoch_start`
// (u64, ms) and `epoch` (u32) — the same object and fields the official @mysten/walrus SDK reads
// (`stakingState()`). Read through the Sui JSON-RPC: `sui_getObject` for the version, then
// `suix_getDynamicFieldObject`, where u64 values come as strings and u16/u32 as numbers.
import { z } from 'zod';
import { AppError } from '../../src-shared/contract/define.ts';
import { suiRpcCall, type SuiRpcOptions } from './sui-rpc.ts';

export interface NetworkState {
  /** The epoch that has begun (blobs whose end epoch is at or below it are gone). */
  currentEpoch: number;
  epochDurationMs: number;
  nShards: number;
}

/** Reads the network's state; rejects when the network cannot be asked (callers then use what they know). */
export type NetworkStateReader = () => Promise<NetworkState>;

const u64 = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);
const small = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/).transform(Number)]);

const stakingObjectSchema = z.object({
  data: z.object({
    content: z.object({ dataType: z.literal('moveObject'), type: z.string(), fields: z.object({ version: u64 }) }),
  }),
});

const stakingInnerSchema = z.object({
  data: z.object({
    content: z.object({
      dataType: z.literal('moveObject'),
      fields: z.object({
        value: z.object({
          type: z.string().regex(/::staking_inner::StakingInnerV\d+$/),
          fields: z.object({ n_shards: small, epoch_duration: u64, epoch: small }),
        }),
      }),
    }),
  }),
});

/** The network's state, from the Walrus staking object `stakingObjectId` on the Sui RPC at `rpc.url`. */
export async function readWalrusNetworkState(rpc: SuiRpcOptions, stakingObjectId: string): Promise<NetworkState> {
  const notStaking = (what: string, cause?: unknown) =>
    new AppError('remote_error', `Sui object ${stakingObjectId} ${what}: check the Sui network in Settings (or PDW_WALRUS_STAKING_ID).`, cause ? { cause } : {});
  const staking = await suiRpcCall(rpc, 'sui_getObject', [stakingObjectId, { showType: true, showContent: true }], stakingObjectSchema).catch((error: unknown) => {
    throw error instanceof AppError && error.code === 'remote_error' ? notStaking('is not the Walrus staking object on this RPC', error) : error;
  });
  if (!/::staking::Staking$/.test(staking.data.content.type)) throw notStaking(`is a ${staking.data.content.type}, not the Walrus staking object`);
  const name = { type: 'u64', value: String(staking.data.content.fields.version) };
  const inner = await suiRpcCall(rpc, 'suix_getDynamicFieldObject', [stakingObjectId, name], stakingInnerSchema);
  const { n_shards: nShards, epoch_duration: epochDurationMs, epoch } = inner.data.content.fields.value.fields;
  if (nShards < 4 || epochDurationMs <= 0) throw new AppError('remote_error', `The Walrus staking object reports ${nShards} shards and ${epochDurationMs} ms epochs.`);
  return { currentEpoch: epoch, epochDurationMs, nShards };
}

/** The state, or undefined when the network cannot be asked right now: nothing is then claimed from it. */
export async function networkStateIfKnown(reader: NetworkStateReader | undefined): Promise<NetworkState | undefined> {
  if (!reader) return undefined;
  try {
    return await reader();
  } catch {
    return undefined;
  }
}
