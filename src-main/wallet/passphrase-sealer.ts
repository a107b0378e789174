// The passphrase sealer: scrypt (Node's built-in, memory-hard) over the passphrase and a random salt.
// The cost parameters are recorded in the keystore, so raising the default never locks out old files.
import { randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { AppError } from '../../src-shared/contract/index.ts';
import type { SealerParams, SecretSealer } from './sealer.ts';

/** 2^17 × r 8 = 128 MiB and ~0.3 s per unlock: expensive for a guesser, fine once per session. */
export const DEFAULT_SCRYPT_COST = 2 ** 17;
export const MIN_PASSPHRASE_LENGTH = 8;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
/** Bounds for costs read back from a file: below is too weak to trust, above would exhaust memory. */
const MIN_COST = 2 ** 10;
const MAX_COST = 2 ** 20;

export interface ScryptParams extends SealerParams {
  kind: 'passphrase';
  kdf: 'scrypt';
  salt: string;
  N: number;
  r: number;
  p: number;
}

export class PassphraseSealer implements SecretSealer {
  readonly kind = 'passphrase' as const;
  readonly needsPassphrase = true;
  readonly #cost: number;

  /** `cost` is scrypt's N for new keys (a power of two); tests lower it to stay fast. */
  constructor(options: { cost?: number } = {}) {
    this.#cost = options.cost ?? DEFAULT_SCRYPT_COST;
    checkCost(this.#cost);
  }

  async createKey(passphrase: string | undefined) {
    const secret = passphrase?.normalize('NFKC') ?? '';
    if (secret.length < MIN_PASSPHRASE_LENGTH) {
      throw new AppError('invalid_input', `Choose a passphrase of at least ${MIN_PASSPHRASE_LENGTH} characters to protect the wallet on this device.`);
    }
    const params: ScryptParams = { kind: 'passphrase', kdf: 'scrypt', salt: randomBytes(16).toString('base64'), N: this.#cost, r: BLOCK_SIZE, p: PARALLELISM };
    return { key: await derive(secret, params), params };
  }

  async openKey(params: SealerParams, passphrase: string | undefined) {
    const { salt, N, r, p, kdf } = params;
    if (kdf !== 'scrypt' || typeof salt !== 'string' || typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') {
      throw new AppError('internal', 'The keystore records passphrase parameters this version cannot read.');
    }
    checkCost(N);
    if (r < 1 || r > 32 || p < 1 || p > 16) throw new AppError('internal', 'The keystore records out-of-range scrypt parameters.');
    return derive(requirePassphrase(passphrase), { kind: 'passphrase', kdf, salt, N, r, p });
  }
}

function requirePassphrase(passphrase: string | undefined): string {
  if (passphrase === undefined || passphrase === '') throw new AppError('invalid_input', 'This wallet is protected by a passphrase: enter it.');
  return passphrase.normalize('NFKC');
}

function checkCost(cost: number): void {
  if (!Number.isInteger(cost) || cost < MIN_COST || cost > MAX_COST || (cost & (cost - 1)) !== 0) {
    throw new AppError('internal', `scrypt cost must be a power of two between ${MIN_COST} and ${MAX_COST}, got ${cost}.`);
  }
}

function derive(passphrase: string, params: ScryptParams): Promise<Uint8Array> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(passphrase, Buffer.from(params.salt, 'base64'), 32, options, (error, key) => (error ? reject(error) : resolve(new Uint8Array(key))));
  });
}
