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

const localServerStateSchema = z.object({
  currentEpoch: z.number().int().nonnegative(),
  epochDurationMs: z.number().int().positive(),
  nShards: z.number().int().min(4),
});

/** How long a deployment that is not a local server gets to answer the probe (it answers 404 at once). */
const LOCAL_PROBE_TIMEOUT_MS = 3000;

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

/**
 * The state a local Walrus server (`pdw walrus-local`, or the app's in-process one) reports at
 * `GET /_local/network` of its aggregator URL: its own epochs, not any network's. Rejects elsewhere (a real
 * aggregator has no such path), so callers fall back to the network's staking object.
 */
export async function readLocalServerNetworkState(aggregatorUrl: string, signal?: AbortSignal): Promise<NetworkState> {
  const url = new URL('_local/network', aggregatorUrl.endsWith('/') ? aggregatorUrl : `${aggregatorUrl}/`);
  // A local server listens on this machine: a remote aggregator is a real one and is never asked for this path.
  if (!LOOPBACK_HOSTS.has(url.hostname) && !url.hostname.startsWith('127.')) throw new AppError('not_found', `${url.origin} is not a local Walrus server.`);
  const timeout = AbortSignal.timeout(LOCAL_PROBE_TIMEOUT_MS);
  const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  if (!response.ok) throw new AppError('not_found', `${url.origin} is not a local Walrus server (HTTP ${response.status}).`);
  const parsed = localServerStateSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) throw new AppError('remote_error', `${url.origin} answered /_local/network with something else than its epoch state.`);
  return parsed.data;
}

/** The first reader that answers: the local server's own state before the network's, so a local deployment is never read as testnet. */
export function firstAnswering(...readers: NetworkStateReader[]): NetworkStateReader {
  return async () => {
    let last: unknown = new AppError('unavailable', 'No source of the Walrus epoch is configured.');
    for (const read of readers) {
      try {
        return await read();
      } catch (error) {
        last = error;
      }
    }
    throw last;
  };
}
