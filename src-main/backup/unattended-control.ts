// Where backup keys come from, and turning unattended backups on and off. The engine's key provider uses
// the wallet while it is unlocked (or PDW_PASSPHRASE unlocks it), else the unattended keys; with neither,
// the error names the action that fixes it, and the run log records it.
import { AppError } from '../../src-shared/contract/define.ts';
import type { UnattendedState } from '../../src-shared/contract/backup.ts';
import type { WalletService } from '../wallet/index.ts';
import { LOCKED_ACTION, type BackupKeysProvider } from './keys.ts';
import type { UnattendedKeys, UnattendedMethod } from './unattended-keys.ts';


/** `passphrase`: PDW_PASSPHRASE, as the configuration read it. */
export function backupKeysProvider(wallet: WalletService, unattended: UnattendedKeys, passphrase: string | undefined): BackupKeysProvider {
  return {
    address: () => wallet.address,
    async backupKeys() {
      if (wallet.status.locked && passphrase) await wallet.unlock(passphrase);
      if (!wallet.status.locked) return wallet.backupKeys();
      const opened = wallet.address ? await unattended.open(wallet.address) : null;
      if (opened && 'keys' in opened) return opened.keys;
      if (opened) {
        throw new AppError('locked', 'Unattended backups take the passphrase from the service environment, and PDW_PASSPHRASE is not set there: set it for the service, or keep a key file instead (pdw schedule enable --every 1d --keys key-file).');
      }
      throw new AppError('locked', `${LOCKED_ACTION} Backups are encrypted with keys derived from the wallet's recovery phrase.`);
    },
  };
}

export interface TurnOnRequest {
  /** Default: the OS keychain where there is one; headless machines must choose (an explicit opt-in). */
  method?: UnattendedMethod | undefined;
  /** Unlocks a locked wallet once, to derive the keys; it is locked again afterwards. */
  passphrase?: string | undefined;
}

export class UnattendedControl {
  readonly #wallet: WalletService;
  readonly #keys: UnattendedKeys;

  constructor(wallet: WalletService, keys: UnattendedKeys) {
    this.#wallet = wallet;
    this.#keys = keys;
    // Removing the wallet deletes its unattended keys (another wallet's keys are refused anyway).
    wallet.onChange((status) => {
      if (!status.exists) {
        try {
          this.#keys.removeNow();
        } catch {
          // Left behind, they are never used: no wallet, no address to open them for.
        }
      }
    });
  }

  async state(): Promise<UnattendedState> {
    const method = await this.#keys.method(this.#wallet.address).catch(() => null);
    return { enabled: method !== null, method, keychainAvailable: this.#keys.keychainAvailable };
  }

  async turnOn(request: TurnOnRequest): Promise<UnattendedState> {
    const address = this.#wallet.address;
    if (!address) throw new AppError('not_found', 'Create or import a wallet first: backups are encrypted with keys derived from its recovery phrase.');
    const method = request.method ?? (this.#keys.keychainAvailable ? 'os-keychain' : undefined);
    if (!method) {
      throw new AppError(
        'invalid_input',
        'This machine has no system keychain: choose how unattended backups get their keys — a key file readable by you alone (whoever reads it can decrypt the backups, but cannot spend from the wallet), or the passphrase in the service environment (PDW_PASSPHRASE).',
      );
    }
    if (method === 'environment') {
      await this.#keys.useEnvironment(address);
      return this.state();
    }
    const wasLocked = this.#wallet.status.locked;
    if (wasLocked) await this.#unlockOnce(request.passphrase);
    try {
      await this.#keys.seal(address, this.#wallet.backupKeys(), method);
    } finally {
      if (wasLocked) this.#wallet.lock();
    }
    return this.state();
  }

  /** Turns unattended backups on with the keychain when that needs no question (unlocked wallet, keychain present). */
  async turnOnQuietly(): Promise<void> {
    if (!this.#keys.keychainAvailable || this.#wallet.status.locked || !this.#wallet.address) return;
    if ((await this.state()).enabled) return;
    await this.turnOn({ method: 'os-keychain' });
  }

  async turnOff(): Promise<UnattendedState> {
    await this.#keys.remove();
    return this.state();
  }

  async #unlockOnce(passphrase: string | undefined): Promise<void> {
    const needsPassphrase = this.#wallet.status.sealer === 'passphrase';
    if (needsPassphrase && !passphrase) throw new AppError('locked', 'Unlock the wallet (or give its passphrase once) to turn on unattended backups.');
    await this.#wallet.unlock(needsPassphrase ? passphrase : undefined);
  }
}
