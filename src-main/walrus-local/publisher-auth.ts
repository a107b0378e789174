// The authenticated publisher: with a decode secret set, every store needs `Authorization: Bearer <JWT>`,
// checked as the official publisher checks it (crates/walrus-service/src/client/daemon/auth.rs): signature
// and expiry (60 s leeway), a single-use `jti`, `exp − iat` against `--jwt-expiring-sec`, and with
// `--jwt-verify-upload` the request against the claims (epochs / max_epochs, send_object_to, size / max_size).
import type { webcrypto } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { errors as joseErrors, importSPKI, jwtVerify, type JWTPayload } from 'jose';
import { isSuiAddress } from '../walrus/ids.ts';
import { plainError, statusError, type HttpError } from './reply.ts';
import type { StoreParams } from './store-params.ts';

export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512', 'ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export interface PublisherAuthOptions {
  /** `0x…` hex is the HMAC key's bytes; other text is used as UTF-8 (or, for asymmetric algorithms, a PEM public key). */
  decodeSecret: string;
  /** Default HS256. */
  algorithm?: JwtAlgorithm;
  /** When > 0, `exp − iat` must equal it exactly. Default 0. */
  expiringSec?: number;
  /** Check the request against the token's claims. Default false. */
  verifyUpload?: boolean;
  /** The publisher's clock (in process only): a test can run it ahead of the client's. Default Date.now. */
  now?: () => number;
}

/** The jsonwebtoken crate's default leeway for `exp`. */
const LEEWAY_SECONDS = 60;
const AUTH_DOMAIN = 'auth.publisher.walrus.space';

/** What is known of the body before reading it: its Content-Length, when sent. */
export interface BodySizeHint {
  lower: number;
  upper: number | undefined;
}

export class PublisherAuth {
  readonly options: Required<Omit<PublisherAuthOptions, 'now'>>;
  readonly #now: () => number;
  /** Used token ids with their `exp` (seconds), dropped once expired: each token stores one blob. */
  readonly #used = new Map<string, number>();
  #key: Promise<Uint8Array | webcrypto.CryptoKey> | undefined;

  constructor(options: PublisherAuthOptions) {
    const { now, ...rest } = options;
    this.options = { algorithm: 'HS256', expiringSec: 0, verifyUpload: false, ...rest };
    this.#now = now ?? Date.now;
    if (!JWT_ALGORITHMS.includes(this.options.algorithm)) throw new Error(`--jwt-algorithm must be one of ${JWT_ALGORITHMS.join(', ')}`);
    if (this.options.decodeSecret.startsWith('0x') && !/^0x([0-9a-fA-F]{2})+$/.test(this.options.decodeSecret)) {
      throw new Error('--jwt-decode-secret starting with 0x must be hex (an even number of hex digits)');
    }
  }

  /** Throws the official error reply when the store may not go ahead; records the token as used when it may. */
  async check(headers: IncomingHttpHeaders, params: StoreParams, body: BodySizeHint, now = this.#now()): Promise<void> {
    const header = headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] : undefined;
    // axum's typed-header extractor answers a missing or malformed header in plain text.
    if (!token) throw plainError(400, header === undefined ? 'Header of type `authorization` was missing' : 'invalid HTTP header (authorization)');
    const claims = await this.#verify(token, now);
    if (typeof claims.jti !== 'string' || typeof claims.exp !== 'number') throw authError(400, 'the JWT token is invalid: missing required claim', 'INVALID_TOKEN');
    this.#forgetExpired(now);
    // Recorded before the other checks (no two requests race on one token), removed again if they fail.
    if (this.#used.has(claims.jti)) throw authError(429, 'the JWT token was already used', 'TOKEN_ALREADY_USED');
    this.#used.set(claims.jti, claims.exp);
    try {
      this.#checkUpload(claims, params, body);
    } catch (error) {
      this.#used.delete(claims.jti);
      throw error;
    }
  }

  async #verify(token: string, now: number): Promise<JWTPayload> {
    const required = this.options.expiringSec > 0 ? ['exp', 'iat'] : ['exp'];
    try {
      const { payload } = await jwtVerify(token, await this.#decodingKey(), {
        algorithms: [this.options.algorithm],
        clockTolerance: LEEWAY_SECONDS,
        currentDate: new Date(now),
        requiredClaims: required,
      });
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw authError(504, `the signature on the token has expired: ${error.message}`, 'EXPIRED_SIGNATURE');
      if (error instanceof joseErrors.JWSSignatureVerificationFailed || error instanceof joseErrors.JOSEAlgNotAllowed) {
        throw authError(401, `the signature on the token is invalid: ${error.message}`, 'INVALID_SIGNATURE');
      }
      throw authError(400, `the JWT token is invalid: ${(error as Error).message}`, 'INVALID_TOKEN');
    }
  }

  #decodingKey(): Promise<Uint8Array | webcrypto.CryptoKey> {
    const { decodeSecret, algorithm } = this.options;
    this.#key ??= algorithm.startsWith('HS')
      ? Promise.resolve(decodeSecret.startsWith('0x') ? Buffer.from(decodeSecret.slice(2), 'hex') : Buffer.from(decodeSecret, 'utf8'))
      : importSPKI(decodeSecret, algorithm);
    return this.#key;
  }

  #checkUpload(claims: JWTPayload, params: StoreParams, body: BodySizeHint): void {
    const c = claims as JWTPayload & { send_object_to?: unknown; epochs?: unknown; max_epochs?: unknown; size?: unknown; max_size?: unknown };
    if (this.options.expiringSec > 0 && (c.exp ?? 0) - (c.iat ?? 0) !== this.options.expiringSec) {
      throw authError(400, 'the expiration in the query does not match the token', 'INVALID_EXPIRATION');
    }
    if (c.size !== undefined && c.max_size !== undefined) throw authError(400, 'Misuse more that one size conditions in the token to restrict upload', 'iNVALID_SIZES');
    if (!this.options.verifyUpload) return;
    if (body.upper !== undefined) {
      if (typeof c.max_size === 'number' && body.upper > c.max_size) throw authError(400, 'the size of the body is above the maximum allowed.', 'MAX_SIZE_EXCEEDED');
      if (typeof c.size === 'number' && body.upper < c.size) throw authError(400, 'the size of the body is incorrect', 'SIZE_INCORRECT');
    }
    if (typeof c.size === 'number' && body.lower > 0 && body.lower > c.size) throw authError(400, 'the size of the body is incorrect', 'SIZE_INCORRECT');
    if (c.epochs !== undefined && c.max_epochs !== undefined) throw authError(400, 'the epochs field in the query does not match the token', 'INVALID_EPOCHS');
    if (c.epochs !== undefined && c.epochs !== params.epochs) throw authError(400, 'the epochs field in the query does not match the token', 'INVALID_EPOCHS');
    if (typeof c.max_epochs === 'number' && params.epochs > c.max_epochs) {
      throw authError(400, 'the epochs field in the query is above the maximum allowed', 'EPOCHS_ABOVE_MAX');
    }
    if (c.send_object_to !== undefined) {
      if (params.sendObjectTo === undefined) throw authError(400, 'the send_object_to field is missing from the query, but it is required', 'MISSING_SEND_OBJECT_TO');
      const expected = typeof c.send_object_to === 'string' && isSuiAddress(c.send_object_to) ? normalizeSuiAddress(c.send_object_to) : undefined;
      if (expected !== params.sendObjectTo) {
        throw authError(400, 'the send_object_to field in the query does not match the token, or is missing', 'INVALID_SEND_OBJECT_TO');
      }
    }
  }

  #forgetExpired(now: number): void {
    const cutoff = now / 1000 - LEEWAY_SECONDS;
    for (const [jti, exp] of this.#used) if (exp < cutoff) this.#used.delete(jti);
  }
}

/** Body size as the publisher knows it before reading: exact with a Content-Length, unknown when chunked. */
export function bodySizeHint(headers: IncomingHttpHeaders): BodySizeHint {
  const length = headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) return { lower: Number(length), upper: Number(length) };
  return { lower: 0, upper: undefined };
}

function authError(status: number, message: string, reason: string): HttpError {
  return statusError(status, message, reason, AUTH_DOMAIN);
}

/** The official publisher's `--jwt-*` flags, as both command lines parse them. */
export const JWT_FLAGS = {
  'jwt-decode-secret': { type: 'string' },
  'jwt-algorithm': { type: 'string' },
  'jwt-expiring-sec': { type: 'string' },
  'jwt-verify-upload': { type: 'boolean' },
} as const;

/** Undefined without `--jwt-decode-secret`; throws a message naming the flag to fix. */
export function jwtOptionsFromFlags(values: Record<string, unknown>): PublisherAuthOptions | undefined {
  const secret = values['jwt-decode-secret'];
  const rest = ['jwt-algorithm', 'jwt-expiring-sec', 'jwt-verify-upload'].filter((name) => values[name] !== undefined);
  if (typeof secret !== 'string' || secret === '') {
    if (rest.length) throw new Error(`--${rest[0]} needs --jwt-decode-secret (the key tokens are checked with)`);
    return undefined;
  }
  const algorithm = values['jwt-algorithm'] ?? 'HS256';
  if (typeof algorithm !== 'string' || !(JWT_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new Error(`--jwt-algorithm must be one of ${JWT_ALGORITHMS.join(', ')}, got ${String(algorithm)}`);
  }
  const expiring = values['jwt-expiring-sec'] ?? '0';
  if (typeof expiring !== 'string' || !/^\d+$/.test(expiring)) throw new Error(`--jwt-expiring-sec must be a whole number of seconds, got ${String(expiring)}`);
  return { decodeSecret: secret, algorithm: algorithm as JwtAlgorithm, expiringSec: Number(expiring), verifyUpload: values['jwt-verify-upload'] === true };
}
