// The wallet's lifecycle: create, import, unlock, lock, change passphrase, remove. The unlocked secret
// lives only in this object (main process memory); it is forgotten on lock, after the idle timeout
// and on stop. Other main-side services get derived keys, never the secret itself.
import type { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { AppError } from '../../src-shared/contract/index.ts';
import type { WalletStatus } from '../../src-shared/contract/wallet.ts';
import { deriveBackupKeys, type BackupKeys } from './backup-keys.ts';
import { checkChallenge, pickChallengePositions } from './backup-challenge.ts';
import { backupRootOf, deriveWallet, generatePhrase, parseSecretInput, phraseWords, type PhraseLength, type WalletSecret } from './keys.ts';
import { decryptSecret, deleteKeystore, encryptSecret, keystorePath, readKeystore, writeKeystore, type KeystoreFile } from './keystore-file.ts';
import { PassphraseSealer } from './passphrase-sealer.ts';
import type { SecretSealer } from './sealer.ts';

export interface WalletServiceOptions {
  dataDir: string;
  /** Protects new wallets; default: a passphrase. The desktop app injects the OS keychain sealer. */
  sealer?: SecretSealer;
  /** Opens passphrase-protected keystores (and seals new ones when no other sealer is given). */
  passphraseSealer?: PassphraseSealer;
  /** Lock after this much time without use of the key; 0 or undefined: never. */
  autoLockMs?: number;
}

export interface RemoveRequest {
  confirmAddress: string;
  passphrase?: string | undefined;
  secret?: string | undefined;
  acceptUnreadableBackups?: boolean | undefined;
}

interface Unlocked {
  secret: WalletSecret;
  keypair: Ed25519Keypair;
}

export class WalletService {
  readonly #path: string;
  readonly #sealer: SecretSealer;
  readonly #passphraseSealer: PassphraseSealer;
  readonly #autoLockMs: number;
  readonly #listeners = new Set<(status: WalletStatus) => void>();
  #file: KeystoreFile | null = null;
  /** Why an existing keystore could not be read: the rest of the app keeps working, the wallet reports this. */
  #unreadable: AppError | null = null;
  #unlocked: Unlocked | null = null;
  /** Positions asked by the backup check of the wallet created in this session. */
  #challenge: number[] | null = null;
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: WalletServiceOptions) {
    this.#path = keystorePath(options.dataDir);
    this.#passphraseSealer = options.passphraseSealer ?? new PassphraseSealer();
    this.#sealer = options.sealer ?? this.#passphraseSealer;
    this.#autoLockMs = options.autoLockMs ?? 0;
  }

  async start(): Promise<void> {
    try {
      this.#file = await readKeystore(this.#path);
      this.#unreadable = null;
    } catch (error) {
      this.#unreadable = error instanceof AppError ? error : new AppError('internal', `The keystore ${this.#path} cannot be read: ${String(error)}`);
    }
  }

  stop(): void {
    this.#forget();
  }

  get status(): WalletStatus {
    const file = this.#file;
    return {
      exists: file !== null || this.#unreadable !== null,
      locked: this.#unlocked === null,
      address: file?.address ?? null,
      sealer: file?.sealer.kind ?? this.#sealer.kind,
      secretKind: file?.secretKind ?? null,
      phraseConfirmed: file?.phraseConfirmed ?? false,
      autoLockMinutes: this.#autoLockMs > 0 ? this.#autoLockMs / 60_000 : null,
    };
  }

  /** The public address (readable while locked); null without a wallet. */
  get address(): string | null {
    return this.#file?.address ?? null;
  }

  onChange(listener: (status: WalletStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  create(options: { words?: PhraseLength; passphrase?: string }): Promise<{ address: string; phrase: string; confirmPositions: number[] }> {
    return this.#exclusive(async () => {
      const phrase = generatePhrase(options.words ?? 24);
      const address = await this.#save({ kind: 'phrase', phrase }, options.passphrase, false);
      this.#challenge = pickChallengePositions(phraseWords(phrase).length);
      this.#changed();
      return { address, phrase, confirmPositions: this.#challenge };
    });
  }

  import(options: { secret: string; passphrase?: string }): Promise<WalletStatus> {
    return this.#exclusive(async () => {
      await this.#save(parseSecretInput(options.secret), options.passphrase, true);
      this.#challenge = null;
      return this.#changed();
    });
  }

  confirmBackup(answers: { position: number; word: string }[]): Promise<WalletStatus> {
    return this.#exclusive(async () => {
      const file = this.#requireFile();
      if (file.secretKind !== 'phrase') throw new AppError('unsupported', 'This wallet was imported from a private key: it has no recovery phrase to confirm.');
      const { secret } = this.#requireUnlocked();
      if (secret.kind !== 'phrase') throw new AppError('internal', 'The unlocked secret is not a phrase.');
      // After a restart the original challenge is gone: then every position given must match, at least three.
      const positions = this.#challenge ?? [...new Set(answers.map((a) => a.position))];
      if (positions.length < Math.min(3, phraseWords(secret.phrase).length)) throw new AppError('invalid_input', 'Give at least three words of the phrase.');
      checkChallenge(secret.phrase, positions, answers);
      if (!file.phraseConfirmed) await this.#write({ ...file, phraseConfirmed: true });
      this.#challenge = null;
      return this.#changed();
    });
  }

  unlock(passphrase?: string): Promise<WalletStatus> {
    return this.#exclusive(async () => {
      const file = this.#requireFile();
      const secret = await this.#open(file, passphrase);
      const derived = deriveWallet(secret);
      if (derived.address !== file.address) throw new AppError('internal', 'The keystore does not match its recorded address; it may be corrupted.');
      this.#unlocked = { secret, keypair: derived.keypair };
      this.#touch();
      return this.#changed();
    });
  }

  lock(): WalletStatus {
    this.#forget();
    return this.#changed();
  }

  changePassphrase(current: string, next: string): Promise<WalletStatus> {
    return this.#exclusive(async () => {
      const file = this.#requireFile();
      if (file.sealer.kind !== 'passphrase') throw new AppError('unsupported', 'This wallet is protected by the system keychain, not by a passphrase.');
      const secret = await this.#open(file, current);
      const { key, params } = await this.#passphraseSealer.createKey(next);
      await this.#write({ ...file, sealer: params, cipher: encryptSecret(secret, key, file) });
      key.fill(0);
      return this.#changed();
    });
  }

  /**
   * Deletes the keystore. The address typed back guards against the wrong wallet; the passphrase (or the phrase or key
   * itself) proves the remover owns it; while the phrase was never confirmed, the remover must also accept that the
   * backups become unreadable — unless they just gave the phrase.
   */
  remove(request: RemoveRequest): Promise<WalletStatus> {
    return this.#exclusive(async () => {
      const file = this.#requireFile();
      if (request.confirmAddress.toLowerCase() !== file.address) throw new AppError('invalid_input', 'Type the wallet address exactly to confirm its removal.');
      if (request.secret === undefined && request.passphrase === undefined) {
        const proof = file.sealer.kind === 'passphrase' ? 'its passphrase (or its recovery phrase)' : `its ${file.secretKind === 'phrase' ? 'recovery phrase' : 'private key'}`;
        throw new AppError('invalid_input', `Removing the wallet needs ${proof}.`);
      }
      if (request.secret === undefined && file.secretKind === 'phrase' && !file.phraseConfirmed && request.acceptUnreadableBackups !== true) {
        throw new AppError(
          'invalid_input',
          'The recovery phrase of this wallet was never confirmed: without it, every backup on Walrus becomes unreadable. Confirm the phrase first (pdw wallet confirm), or accept the loss explicitly (acceptUnreadableBackups; pdw wallet remove --accept-unreadable-backups).',
        );
      }
      await this.#proveOwnership(file, request);
      await deleteKeystore(this.#path);
      this.#file = null;
      this.#challenge = null;
      this.#forget();
      return this.#changed();
    });
  }

  async #proveOwnership(file: KeystoreFile, request: RemoveRequest): Promise<void> {
    if (request.secret !== undefined) {
      const secret = parseSecretInput(request.secret);
      const matches = deriveWallet(secret).address === file.address;
      if (secret.kind === 'privateKey') secret.privateKey.fill(0);
      if (!matches) throw new AppError('unauthorized', `That ${secret.kind === 'phrase' ? 'recovery phrase' : 'private key'} belongs to another wallet.`);
      return;
    }
    if (file.sealer.kind !== 'passphrase') throw new AppError('unsupported', 'This wallet is protected by the system keychain, not by a passphrase: give its recovery phrase to remove it.');
    const secret = await this.#open(file, request.passphrase);
    if (secret.kind === 'privateKey') secret.privateKey.fill(0);
  }

  /** Keys for backup encryption; throws 'locked' while the wallet is locked. */
  backupKeys(): BackupKeys {
    const root = backupRootOf(this.#requireUnlocked().secret);
    try {
      return deriveBackupKeys(root);
    } finally {
      root.fill(0);
    }
  }

  /** The signing key, for main-side services that send transactions; throws 'locked' while locked. */
  signer(): Ed25519Keypair {
    return this.#requireUnlocked().keypair;
  }

  async #save(secret: WalletSecret, passphrase: string | undefined, phraseConfirmed: boolean): Promise<string> {
    // Never write over a keystore we could not read: it may hold the only copy of a key.
    if (this.#unreadable) throw this.#unreadable;
    if (this.#file) throw new AppError('conflict', 'A wallet already exists on this device. Remove it first to create or import another.');
    const { keypair, address } = deriveWallet(secret);
    const { key, params } = await this.#sealer.createKey(passphrase);
    const header = { address, secretKind: secret.kind };
    const file: KeystoreFile = {
      format: 'pdw-keystore',
      version: 1,
      ...header,
      phraseConfirmed: secret.kind === 'privateKey' || phraseConfirmed,
      createdAt: new Date().toISOString(),
      sealer: params,
      cipher: encryptSecret(secret, key, header),
    };
    key.fill(0);
    await this.#write(file);
    this.#unlocked = { secret, keypair };
    this.#touch();
    return address;
  }

  async #open(file: KeystoreFile, passphrase: string | undefined): Promise<WalletSecret> {
    const sealer = file.sealer.kind === 'passphrase' ? this.#passphraseSealer : this.#sealer.kind === file.sealer.kind ? this.#sealer : null;
    if (!sealer) throw new AppError('unsupported', 'This wallet is protected by the desktop app\'s system keychain: unlock it in the desktop app.');
    const key = await sealer.openKey(file.sealer, passphrase);
    try {
      return decryptSecret(file, key);
    } finally {
      key.fill(0);
    }
  }

  async #write(file: KeystoreFile): Promise<void> {
    await writeKeystore(this.#path, file);
    this.#file = file;
  }

  #requireFile(): KeystoreFile {
    if (this.#unreadable) throw this.#unreadable;
    if (!this.#file) throw new AppError('not_found', 'There is no wallet on this device yet: create or import one.');
    return this.#file;
  }

  #requireUnlocked(): Unlocked {
    this.#requireFile();
    if (!this.#unlocked) throw new AppError('locked', 'The wallet is locked: unlock it first.');
    this.#touch();
    return this.#unlocked;
  }

  /** Restarts the idle timer: the wallet locks after autoLockMs without use. */
  #touch(): void {
    if (this.#autoLockMs <= 0) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      if (this.#unlocked) this.lock();
    }, this.#autoLockMs);
    this.#timer.unref();
  }

  #forget(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#unlocked = null;
  }

  #changed(): WalletStatus {
    const status = this.status;
    for (const listener of this.#listeners) listener(status);
    return status;
  }

  /** One state change at a time: two concurrent creates must not both pass the "no wallet yet" check. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }
}
