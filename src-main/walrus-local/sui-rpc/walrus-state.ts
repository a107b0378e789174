// The Walrus staking object as a Sui full node shows it, from the local Walrus server's clock and shard
// count: `<package>::staking::Staking` (shared; `version` names its inner state) and the dynamic field
// `0x2::dynamic_field::Field<u64, <package>::staking_inner::StakingInnerV1>` under it, with the fields
// PDW and the official SDK read (`n_shards`, `epoch_duration`, `first_epoch_start`, `epoch`, `epoch_state`).
// Move u64 values render as strings, u16/u32 as numbers, enums as `{ variant, fields }`.
import { createHash } from 'node:crypto';
import { normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import type { WalrusNetworkState } from './source.ts';

/** The inner state's version: the dynamic field's name. */
const INNER_VERSION = '1';

export function stakingObject(stakingObjectId: string, walrusPackageId: string): Record<string, unknown> {
  const type = `${walrusPackageId}::staking::Staking`;
  return {
    objectId: stakingObjectId,
    version: '1',
    digest: digest(stakingObjectId),
    type,
    owner: { Shared: { initial_shared_version: 1 } },
    content: {
      dataType: 'moveObject',
      type,
      hasPublicTransfer: false,
      fields: { id: { id: stakingObjectId }, version: INNER_VERSION, package_id: walrusPackageId, new_package_id: null },
    },
  };
}

/** The dynamic field holding the staking state, or undefined when `name` is not its key. */
export function stakingInnerField(stakingObjectId: string, walrusPackageId: string, name: unknown, state: WalrusNetworkState): Record<string, unknown> | undefined {
  const n = name as { type?: unknown; value?: unknown } | null;
  if (n?.type !== 'u64' || String(n.value) !== INNER_VERSION) return undefined;
  const innerType = `${walrusPackageId}::staking_inner::StakingInnerV1`;
  const type = `0x2::dynamic_field::Field<u64, ${innerType}>`;
  const fieldId = normalizeSuiAddress(createHash('sha256').update(`${stakingObjectId}/inner`).digest('hex'));
  return {
    objectId: fieldId,
    version: String(state.epoch),
    digest: digest(`${fieldId}/${state.epoch}`),
    type,
    owner: { ObjectOwner: stakingObjectId },
    content: {
      dataType: 'moveObject',
      type,
      hasPublicTransfer: false,
      fields: {
        id: { id: fieldId },
        name: INNER_VERSION,
        value: {
          type: innerType,
          fields: {
            n_shards: state.nShards,
            epoch_duration: String(state.epochDurationMs),
            first_epoch_start: String(state.firstEpochStartMs),
            epoch: state.epoch,
            epoch_state: { type: `${walrusPackageId}::staking_inner::EpochState`, variant: 'EpochChangeDone', fields: { pos0: String(state.epochStartMs) } },
          },
        },
      },
    },
  };
}

function digest(seed: string): string {
  return toBase58(createHash('sha256').update(seed).digest());
}
