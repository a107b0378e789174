// The wallet: a Sui key from a recovery phrase, kept encrypted at rest; its address and balances.
// The phrase crosses this contract once, in the reply to wallet.create, so the user can write it down.
import { z } from 'zod';
import { defineRequest } from './define.ts';

const passphrase = z.string().min(1).max(1024);
const suiAddress = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'a Sui address is 0x and 64 hex digits');

export const walletStatusSchema = z.object({
  exists: z.boolean(),
  locked: z.boolean(),
  address: z.string().nullable(),
  /** How the keystore is protected: the existing wallet's sealer, or the one a new wallet would get. */
  sealer: z.enum(['passphrase', 'os']),
  secretKind: z.enum(['phrase', 'privateKey']).nullable(),
  /** False after wallet.create until wallet.confirmBackup succeeded. */
  phraseConfirmed: z.boolean(),
  /** Unlocked wallets lock themselves after this much idle time; null: never. */
  autoLockMinutes: z.number().nullable(),
});
export type WalletStatus = z.infer<typeof walletStatusSchema>;

export const coinAmountSchema = z.object({
  coinType: z.string(),
  symbol: z.enum(['SUI', 'WAL']),
  /** Integer amount in the smallest unit (MIST for SUI, FROST for WAL), as a decimal string. */
  raw: z.string().regex(/^\d+$/),
  /** The same amount in whole coins, e.g. "1.5". */
  formatted: z.string(),
});
export type CoinAmount = z.infer<typeof coinAmountSchema>;

export const walletBalancesSchema = z.object({
  state: z.enum(['online', 'offline']),
  /** Why the balances could not be read (offline), for the user. */
  reason: z.string().optional(),
  rpcUrl: z.string(),
  address: z.string(),
  sui: coinAmountSchema.nullable(),
  wal: coinAmountSchema.nullable(),
  checkedAt: z.string(),
});
export type WalletBalances = z.infer<typeof walletBalancesSchema>;

export const walletRequests = {
  'wallet.status': defineRequest('Whether a wallet exists, is locked, and its address.', z.object({}).strict(), walletStatusSchema),
  'wallet.create': defineRequest(
    'Create a wallet from a new recovery phrase. The reply carries the phrase, once: it is never sent again.',
    z.object({ words: z.union([z.literal(12), z.literal(24)]).default(24), passphrase: passphrase.optional() }).strict(),
    z.object({
      address: z.string(),
      phrase: z.string(),
      /** 1-based positions of the words wallet.confirmBackup asks for. */
      confirmPositions: z.array(z.number().int().min(1)),
      status: walletStatusSchema,
    }),
  ),
  'wallet.confirmBackup': defineRequest(
    'Prove the recovery phrase was written down by giving the words at the asked positions.',
    z
      .object({ words: z.array(z.object({ position: z.number().int().min(1).max(24), word: z.string().trim().min(1).max(32) }).strict()).min(1).max(24) })
      .strict(),
    walletStatusSchema,
  ),
  'wallet.import': defineRequest(
    'Import a wallet from a recovery phrase or a Sui private key (suiprivkey1…).',
    z.object({ secret: z.string().min(1).max(1000), passphrase: passphrase.optional() }).strict(),
    walletStatusSchema,
  ),
  'wallet.unlock': defineRequest('Unlock the wallet for this session.', z.object({ passphrase: passphrase.optional() }).strict(), walletStatusSchema),
  'wallet.lock': defineRequest('Forget the unlocked key now.', z.object({}).strict(), walletStatusSchema),
  'wallet.changePassphrase': defineRequest(
    'Re-encrypt the keystore under a new passphrase.',
    z.object({ current: passphrase, next: passphrase }).strict(),
    walletStatusSchema,
  ),
  'wallet.balances': defineRequest('SUI and WAL balances of the wallet address from the Sui RPC.', z.object({}).strict(), walletBalancesSchema),
  'wallet.remove': defineRequest(
    'Delete the wallet from this device: the address typed back, and its passphrase or its recovery phrase (or private key); while the phrase is unconfirmed, also acceptUnreadableBackups. Without the phrase the key and every backup are gone.',
    z
      .object({
        confirmAddress: suiAddress,
        /** Proves the wallet is the remover's: the keystore's passphrase… */
        passphrase: passphrase.optional(),
        /** …or the recovery phrase (or suiprivkey) itself, e.g. for a wallet the system keychain protects. */
        secret: z.string().min(1).max(1000).optional(),
        /** Needed while the recovery phrase was never confirmed (and is not given): backups become unreadable. */
        acceptUnreadableBackups: z.boolean().optional(),
      })
      .strict(),
    walletStatusSchema,
  ),
};

export const walletEvents = {
  'wallet.changed': walletStatusSchema,
};
