// The wallet's facade: its wiring, the service and the types other domains hold. The local Walrus server
// reads two constant files directly (chain-config.ts, blob-id-u256.ts: narrow interfaces, no wallet state).
export { DEFAULT_AUTO_LOCK_MS, wireWallet, type WalletDeps, type WalletFacade, type WalletSlice } from './wiring.ts';
export type { WalletService } from './wallet-service.ts';
export type { BackupKeys } from './backup-keys.ts';
export type { OwnedBlobObject } from './owned-blobs.ts';
export type { SealerParams, SecretSealer } from './sealer.ts';
export { pickChallengePositions } from './backup-challenge.ts';
