// The authenticated publisher's JWT secret, kept like the app's other secrets (the embedding API key): never
// written to disk, never sent to the renderer, never logged. It comes from WALRUS_PUBLISHER_JWT_SECRET
// (with WALRUS_PUBLISHER_JWT_ALGORITHM and WALRUS_PUBLISHER_JWT_EXPIRING_SEC), or from the Settings page
// for this session only. The renderer sees where it comes from, not what it is. Without a secret, tokens can
// come from a URL the publisher's operator runs (WALRUS_PUBLISHER_TOKEN_URL).
import { AppError } from '../../src-shared/contract/define.ts';
import type { EnvironmentConfig } from '../kernel/index.ts';
import type { PublisherAuthStatus } from '../../src-shared/contract/app.ts';
import { DEFAULT_JWT_EXPIRING_SEC, PUBLISHER_JWT_ALGORITHMS, type PublisherJwtAlgorithm, type PublisherJwtOptions, publisherJwtKey } from '../walrus/index.ts';

export class PublisherJwtSecret {
  #options: PublisherJwtOptions | undefined;
  readonly #fromEnv: boolean;
  /** Where tokens are asked for when there is no secret. */
  readonly tokenUrl: string | undefined;
  /** Changes whenever the secret does, so Walrus clients built with the old one are replaced. */
  #version = 0;

  /** `auth`: what the configuration read from WALRUS_PUBLISHER_JWT_* and WALRUS_PUBLISHER_TOKEN_URL. */
  constructor(auth: EnvironmentConfig['publisherAuth']) {
    const secret = auth.secret;
    this.#fromEnv = Boolean(secret);
    const tokenUrl = auth.tokenUrl;
    if (tokenUrl && (!URL.canParse(tokenUrl) || !/^https?:$/.test(new URL(tokenUrl).protocol))) {
      throw new AppError('invalid_input', `WALRUS_PUBLISHER_TOKEN_URL must be an http(s) URL, got ${JSON.stringify(tokenUrl)}.`);
    }
    this.tokenUrl = tokenUrl || undefined;
    if (secret) this.#options = checked({ secret, algorithm: auth.algorithm, expiringSec: auth.expiringSec }, 'WALRUS_PUBLISHER_JWT_');
  }

  /** What a Walrus client needs to mint tokens; undefined when stores go unauthenticated. */
  get options(): PublisherJwtOptions | undefined {
    return this.#options;
  }

  get version(): number {
    return this.#version;
  }

  get status(): PublisherAuthStatus {
    const source = this.#fromEnv ? 'env' : this.#options ? 'session' : this.tokenUrl ? 'token-url' : 'none';
    return { source, algorithm: this.#options?.algorithm ?? 'HS256', expiringSec: this.#options?.expiringSec ?? DEFAULT_JWT_EXPIRING_SEC };
  }

  /** Sets (or, with null, clears) the secret for this session. */
  set(input: { secret: string | null; algorithm?: string | undefined; expiringSec?: number | undefined }): PublisherAuthStatus {
    if (this.#fromEnv) throw new AppError('conflict', 'The publisher JWT secret is fixed for this run by WALRUS_PUBLISHER_JWT_SECRET; unset it to choose one here.');
    this.#options = input.secret === null ? undefined : checked({ secret: input.secret, algorithm: input.algorithm, expiringSec: input.expiringSec }, '');
    this.#version += 1;
    return this.status;
  }
}

function checked(input: { secret: string; algorithm: string | undefined; expiringSec: string | number | undefined }, envPrefix: string): PublisherJwtOptions {
  const name = (field: string, setting: string) => (envPrefix ? `${envPrefix}${field}` : setting);
  const algorithm = input.algorithm?.trim() || 'HS256';
  if (!(PUBLISHER_JWT_ALGORITHMS as readonly string[]).includes(algorithm)) {
    throw new AppError('invalid_input', `${name('ALGORITHM', 'The JWT algorithm')} must be one of ${PUBLISHER_JWT_ALGORITHMS.join(', ')} (the publisher's --jwt-algorithm), got ${algorithm}.`);
  }
  const expiringSec = input.expiringSec === undefined || input.expiringSec === '' ? DEFAULT_JWT_EXPIRING_SEC : Number(input.expiringSec);
  if (!Number.isInteger(expiringSec) || expiringSec < 1) {
    throw new AppError('invalid_input', `${name('EXPIRING_SEC', 'The token lifetime')} must be a whole number of seconds ≥ 1 (the publisher's --jwt-expiring-sec when it sets one).`);
  }
  try {
    publisherJwtKey(input.secret);
  } catch (error) {
    throw new AppError('invalid_input', `${name('SECRET', 'The publisher JWT secret')}: ${(error as Error).message}.`);
  }
  return { secret: input.secret.trim(), algorithm: algorithm as PublisherJwtAlgorithm, expiringSec };
}
