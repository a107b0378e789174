// Writing to an authenticated publisher (the way to store on mainnet over HTTP): every store carries
// `Authorization: Bearer <JWT>`, and each token is good for one store (its `jti` is refused the second
// time), so one is minted per attempt. The claims are the ones the publisher checks with
// `--jwt-verify-upload`: the exact epochs, the owner the Blob object goes to, the exact body size.
// Minted with `jose` (maintained, no dependencies, WebCrypto underneath) rather than hand-rolled signing.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { WalrusInputError } from './errors.ts';

export const PUBLISHER_JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type PublisherJwtAlgorithm = (typeof PUBLISHER_JWT_ALGORITHMS)[number];

/** Default token lifetime (`exp − iat`); a publisher started with `--jwt-expiring-sec N` needs exactly N. */
export const DEFAULT_JWT_EXPIRING_SEC = 300;

export interface PublisherJwtOptions {
  /** The publisher's `--jwt-decode-secret`: `0x…` is hex (the key's bytes), anything else is used as UTF-8. */
  secret: string;
  /** Default HS256, the publisher's default. */
  algorithm?: PublisherJwtAlgorithm;
  /** `exp − iat` in seconds; default 300. Must equal the publisher's `--jwt-expiring-sec` when it sets one. */
  expiringSec?: number;
}

/** What one store asks for, as the token must state it. */
export interface StoreClaims {
  epochs: number;
  sendObjectTo: string | undefined;
  /** Exact body length, when known before sending. */
  size: number | undefined;
}

/** Where each store attempt's token comes from: minted here from the secret, or handed out by a token URL. */
export interface TokenSource {
  mint(claims: StoreClaims): Promise<string>;
}

export class PublisherTokens implements TokenSource {
  readonly #key: Uint8Array;
  readonly #algorithm: PublisherJwtAlgorithm;
  readonly #expiringSec: number;
  readonly #now: () => number;

  constructor(options: PublisherJwtOptions, now: () => number = Date.now) {
    this.#key = publisherJwtKey(options.secret);
    this.#algorithm = options.algorithm ?? 'HS256';
    if (!PUBLISHER_JWT_ALGORITHMS.includes(this.#algorithm)) {
      throw new WalrusInputError(`publisher JWT algorithm must be one of ${PUBLISHER_JWT_ALGORITHMS.join(', ')}, got ${String(this.#algorithm)}`, [
        { path: 'publisherJwt.algorithm', message: 'unsupported algorithm' },
      ]);
    }
    this.#expiringSec = options.expiringSec ?? DEFAULT_JWT_EXPIRING_SEC;
    if (!Number.isInteger(this.#expiringSec) || this.#expiringSec < 1) {
      throw new WalrusInputError(`publisher JWT lifetime must be a whole number of seconds ≥ 1, got ${this.#expiringSec}`, [
        { path: 'publisherJwt.expiringSec', message: 'must be a positive integer' },
      ]);
    }
    this.#now = now;
  }

  /** A fresh single-use token for one store attempt. */
  mint(claims: StoreClaims): Promise<string> {
    const iat = Math.floor(this.#now() / 1000);
    const payload: Record<string, unknown> = { epochs: claims.epochs };
    if (claims.sendObjectTo !== undefined) payload.send_object_to = claims.sendObjectTo;
    if (claims.size !== undefined) payload.size = claims.size;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: this.#algorithm, typ: 'JWT' })
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#expiringSec)
      .sign(this.#key);
  }
}

/** The HMAC key as the publisher derives it from `--jwt-decode-secret`. */
export function publisherJwtKey(secret: string): Uint8Array {
  const trimmed = secret.trim();
  if (trimmed === '') throw new WalrusInputError('the publisher JWT secret is empty', [{ path: 'publisherJwt.secret', message: 'empty' }]);
  if (!trimmed.startsWith('0x')) return new TextEncoder().encode(trimmed);
  if (!/^0x([0-9a-fA-F]{2})+$/.test(trimmed)) {
    throw new WalrusInputError('the publisher JWT secret starts with 0x but is not hex: give it exactly as the publisher’s --jwt-decode-secret', [
      { path: 'publisherJwt.secret', message: 'not hex' },
    ]);
  }
  return Uint8Array.from(Buffer.from(trimmed.slice(2), 'hex'));
}
