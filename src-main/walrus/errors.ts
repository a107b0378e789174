// Typed failures of the Walrus client. Each class says what went wrong in terms a caller can act on
// (retry later, fix the input, report a bug); `toAppError` maps them onto the app contract's codes.
import { AppError, type ErrorCode } from '../../src-shared/contract/define.ts';
import type { WalrusStatusBody } from './schemas.ts';

export type WalrusHost = 'publisher' | 'aggregator';

export type WalrusErrorKind =
  | 'network'
  | 'timeout'
  | 'http'
  | 'not_found'
  | 'expired'
  | 'invalid_response'
  | 'blob_too_large'
  | 'invalid_input'
  | 'store_failed'
  | 'unauthorized';

export interface WalrusErrorContext {
  host?: WalrusHost;
  /** Method and path, e.g. `PUT /v1/blobs`, without the query. */
  request?: string;
  /** Attempts made, retries included. */
  attempts?: number;
  cause?: unknown;
}

export abstract class WalrusError extends Error {
  abstract readonly kind: WalrusErrorKind;
  readonly host: WalrusHost | undefined;
  readonly request: string | undefined;
  attempts: number;

  constructor(message: string, context: WalrusErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.host = context.host;
    this.request = context.request;
    this.attempts = context.attempts ?? 1;
  }
}

/** The connection failed or dropped: refused, reset, closed mid-body. */
export class WalrusNetworkError extends WalrusError {
  readonly kind = 'network';
  /** The transport's own code, e.g. ECONNREFUSED or UND_ERR_SOCKET. */
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined, context: WalrusErrorContext = {}) {
    super(message, context);
    this.code = code;
  }
}

export class WalrusTimeoutError extends WalrusError {
  readonly kind = 'timeout';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, context: WalrusErrorContext = {}) {
    super(message, context);
    this.timeoutMs = timeoutMs;
  }
}

/** A non-success status; `body` is the parsed `Status` JSON when the server sent one, `text` otherwise. */
export class WalrusHttpError extends WalrusError {
  readonly kind: WalrusErrorKind = 'http';
  readonly status: number;
  readonly body: WalrusStatusBody | undefined;
  readonly text: string;
  /** The response's Retry-After header, when it sent one. */
  retryAfter: string | undefined;
  constructor(message: string, status: number, body: WalrusStatusBody | undefined, text: string, context: WalrusErrorContext = {}) {
    super(message, context);
    this.status = status;
    this.body = body;
    this.text = text;
  }

  /** The `ErrorInfo` reason of a `Status` body (e.g. `TOKEN_ALREADY_USED`), if any. */
  get reason(): string | undefined {
    return this.body?.error.details?.find((d) => typeof d.reason === 'string')?.reason;
  }
}

/**
 * An authenticated publisher refused the store's token (or wanted one). The message says what to fix: the
 * secret, the token lifetime, the clock.
 */
export class WalrusAuthError extends WalrusHttpError {
  override readonly kind = 'unauthorized';
}

/** 404: the blob, quilt or patch is not stored: never was, was deleted, or expired unbeknown to the client. */
export class WalrusNotFoundError extends WalrusHttpError {
  override readonly kind: 'not_found' | 'expired' = 'not_found';
}

/**
 * A 404 for a blob whose end epoch has begun, by what the client knows (see lifetimes.ts): Walrus answers
 * it like a blob never stored. The data is gone; only a re-upload brings it back. Still a NotFound, so
 * code that treats every "gone" alike keeps doing so.
 */
export class WalrusExpiredError extends WalrusNotFoundError {
  override readonly kind = 'expired';
  /** The blob's end epoch (exclusive), as stored or as the caller recorded it. */
  readonly endEpoch: number;
  /** The latest epoch the client knows has begun; at least `endEpoch`. */
  readonly currentEpoch: number;
  constructor(
    message: string,
    status: number,
    body: WalrusStatusBody | undefined,
    text: string,
    lifetime: { endEpoch: number; currentEpoch: number },
    context: WalrusErrorContext = {},
  ) {
    super(message, status, body, text, context);
    this.endEpoch = lifetime.endEpoch;
    this.currentEpoch = lifetime.currentEpoch;
  }
}

/** The server answered, but not with what the API promises: bad JSON, wrong shape, wrong length. */
export class WalrusInvalidResponseError extends WalrusError {
  readonly kind = 'invalid_response';
  readonly issues: { path: string; message: string }[];
  constructor(message: string, issues: { path: string; message: string }[] = [], context: WalrusErrorContext = {}) {
    super(message, context);
    this.issues = issues;
  }
}

/** Over the size limit, found before upload (or reported by the publisher as 413). */
export class WalrusBlobTooLargeError extends WalrusError {
  readonly kind = 'blob_too_large';
  readonly size: number | undefined;
  readonly limit: number | undefined;
  constructor(message: string, size: number | undefined, limit: number | undefined, context: WalrusErrorContext = {}) {
    super(message, context);
    this.size = size;
    this.limit = limit;
  }
}

/** A request the client refuses to send: bad identifiers, epochs out of range, both deletable and permanent. */
export class WalrusInputError extends WalrusError {
  readonly kind = 'invalid_input';
  readonly issues: { path: string; message: string }[];
  constructor(message: string, issues: { path: string; message: string }[] = []) {
    super(message);
    this.issues = issues;
  }
}

/** The publisher answered 200 but the store did not succeed (`error` or `markedInvalid` result). */
export class WalrusStoreError extends WalrusError {
  readonly kind = 'store_failed';
  readonly blobId: string | undefined;
  constructor(message: string, blobId: string | undefined, context: WalrusErrorContext = {}) {
    super(message, context);
    this.blobId = blobId;
  }
}

const APP_CODES: Record<WalrusErrorKind, ErrorCode> = {
  network: 'unavailable',
  timeout: 'unavailable',
  http: 'remote_error',
  not_found: 'not_found',
  expired: 'not_found',
  invalid_response: 'remote_error',
  blob_too_large: 'too_large',
  invalid_input: 'invalid_input',
  store_failed: 'remote_error',
  unauthorized: 'unauthorized',
};

/** Maps any error from the client onto the contract; unknown errors become `internal`. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof WalrusError) {
    let code = APP_CODES[error.kind];
    if (error instanceof WalrusHttpError && !(error instanceof WalrusAuthError)) {
      if (error.status === 413) code = 'too_large';
      else if (error.status >= 500 || error.status === 429) code = 'unavailable';
    }
    const issues = error instanceof WalrusInputError || error instanceof WalrusInvalidResponseError ? error.issues : undefined;
    const where = error.host ? `Walrus ${error.host}` : 'Walrus';
    return new AppError(code, `${where}: ${error.message}`, { cause: error, ...(issues?.length ? { issues } : {}) });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('internal', `Walrus client: ${message}`, { cause: error });
}
