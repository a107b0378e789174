// How the keystore's encryption key is protected at rest. The keystore encrypts the secret with
// AES-256-GCM under a key from a sealer: a passphrase (CLI and web) or the OS keychain (desktop,
// through Electron's safeStorage, injected by the composition root so services never import electron).

export type SealerKind = 'passphrase' | 'os';

/** What a sealer records in the keystore file to open its key again (salts, KDF costs, a wrapped key). */
export type SealerParams = { kind: SealerKind } & Record<string, unknown>;

export interface SecretSealer {
  readonly kind: SealerKind;
  /** True when opening the key takes a passphrase from the user. */
  readonly needsPassphrase: boolean;
  /** A fresh 32-byte key-encryption key and the parameters to record beside the ciphertext. */
  createKey(passphrase: string | undefined): Promise<{ key: Uint8Array; params: SealerParams }>;
  /** The key described by `params`. A wrong passphrase is only detected when the ciphertext fails to authenticate. */
  openKey(params: SealerParams, passphrase: string | undefined): Promise<Uint8Array>;
}
