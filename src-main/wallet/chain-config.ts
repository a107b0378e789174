// Which coin is WAL and which Move type is a Walrus blob, per Sui network. Sources: the Walrus network
// reference (docs.wal.app/docs/network-reference) and the package ids behind it. A blob object's type
// names the package that first defined `blob::Blob`, so upgrades of the Walrus package keep this id.
// Override with PDW_WAL_COIN_TYPE / PDW_WALRUS_PACKAGE_ID / PDW_WALRUS_STAKING_ID (e.g. after a testnet reset).
import type { Settings } from '../../src-shared/contract/index.ts';
import type { EnvironmentConfig } from '../kernel/index.ts';

export const SUI_COIN_TYPE = '0x2::sui::SUI';

export const WAL_COIN_TYPES = {
  mainnet: '0x356a26eb9e012a68958082340d4c4116e7f55615cf27affcff209cf0ae544f59::wal::WAL',
  testnet: '0x8270feb7375eee355e64fdb69c50abb6b5f9393a722883c1cf45f8e26048810a::wal::WAL',
} as const;

export const WALRUS_PACKAGE_IDS = {
  mainnet: '0xfdc88f7d7cf30afab2f82e8380d11ee8f70efb90e863d1de8616fae1bb09ea77',
  testnet: '0xd84704c17fc870b8764832c535aa6b11f21a95cd6f5bb38a9b07d2cf42220c66',
} as const;

/** The Walrus staking object (shared), whose state says the current epoch, epoch length and shard count. */
export const WALRUS_STAKING_OBJECT_IDS = {
  mainnet: '0x10b9d30c28448939ce6c4d6c6e0ffce4a7f8a4ada8248bdad09ef8b70e4a3904',
  testnet: '0xbe46180321c30aab2f8b3501e24048377287fa708018a5b7c2792b35fe339ee3',
} as const;

/** 1 SUI = 10^9 MIST; 1 WAL = 10^9 FROST. */
export const COIN_DECIMALS = 9;

export interface ChainConfig {
  rpcUrl: string;
  walCoinType: string;
  walrusPackageId: string;
  /** The Move struct type of Walrus blob objects: `<package>::blob::Blob`. */
  blobType: string;
  /** The Walrus staking object id (`PDW_WALRUS_STAKING_ID` overrides). */
  stakingObjectId: string;
}

/** Devnet and localnet have no fixed Walrus deployment; they use testnet's ids, as the local Walrus server does. */
export function chainConfigFor(settings: Pick<Settings, 'suiNetwork' | 'suiRpcUrl'>, ids: EnvironmentConfig['chain'] = {}): ChainConfig {
  const network = settings.suiNetwork === 'mainnet' ? 'mainnet' : 'testnet';
  const walrusPackageId = ids.walrusPackageId || WALRUS_PACKAGE_IDS[network];
  return {
    rpcUrl: settings.suiRpcUrl,
    walCoinType: ids.walCoinType || WAL_COIN_TYPES[network],
    walrusPackageId,
    blobType: `${walrusPackageId}::blob::Blob`,
    stakingObjectId: ids.stakingObjectId || WALRUS_STAKING_OBJECT_IDS[network],
  };
}

/** "1234500000" MIST → "1.2345". */
export function formatCoinAmount(raw: string, decimals = COIN_DECIMALS): string {
  const value = BigInt(raw);
  const unit = 10n ** BigInt(decimals);
  const fraction = (value % unit).toString().padStart(decimals, '0').replace(/0+$/, '');
  return fraction ? `${value / unit}.${fraction}` : `${value / unit}`;
}
