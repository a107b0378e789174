// Sending a store, one attempt at a time (not through the transport's retries) for two reasons:
// an authenticated publisher refuses a token it has seen, so every attempt carries a fresh one; and a store
// whose request may have reached the publisher (a 5xx, no answer in time, a dropped connection, a broken
// answer) may have been stored and paid for. Before repeating such a store the client asks the aggregator
// for the blob id it computes locally; if the blob is there, the store is taken as done instead of bought again.
import { Response, type FormData } from 'undici';
import type { ClientContext } from './context.ts';
import {
  WalrusAuthError,
  WalrusHttpError,
  WalrusInvalidResponseError,
  WalrusNetworkError,
  WalrusNotFoundError,
  WalrusTimeoutError,
  type WalrusError,
  type WalrusErrorContext,
} from './errors.ts';
import type { QueryValue, WalrusResponse } from './http.ts';
import { isRetryableCode, isRetryableStatus, RetryBudget, sleep } from './retry-policy.ts';

export interface StoreSend<T> {
  path: '/v1/blobs' | '/v1/quilts';
  query: Record<string, QueryValue>;
  epochs: number;
  headers: Record<string, string>;
  body: Uint8Array | Blob | FormData;
  /** Exact body length when known (the token's `size` claim); FormData is measured when a token needs it. */
  size: number | undefined;
  signal: AbortSignal | undefined;
  context: WalrusErrorContext;
  /** Reads a 2xx answer; a broken answer (WalrusInvalidResponseError) leaves the store's fate unknown. */
  read(response: WalrusResponse): Promise<T>;
  /** The blob id the publisher gives these bytes, computed only when a store's fate is unknown. */
  blobId(): Promise<string>;
  /**
   * The bytes may be stored already (a renewal storing the same content again): the aggregator having them
   * then proves nothing, and a store whose fate is unknown is repeated.
   */
  mayExist: boolean;
}

export type StoreOutcome<T> = { stored: T } | { recovered: string };

/** Reasons an authenticated publisher gives for refusing a token (crates/walrus-service/.../daemon/auth.rs). */
const CLAIM_REASONS = new Set(['INVALID_EPOCHS', 'EPOCHS_ABOVE_MAX', 'INVALID_SEND_OBJECT_TO', 'MISSING_SEND_OBJECT_TO', 'iNVALID_SIZES', 'INVALID_SIZES', 'MAX_SIZE_EXCEEDED', 'SIZE_INCORRECT']);

/** Connection failures after which the request may have been delivered whole. */
const MAYBE_DELIVERED = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

export async function sendStore<T>(ctx: ClientContext, send: StoreSend<T>): Promise<StoreOutcome<T>> {
  const budget = new RetryBudget(ctx.retry);
  const { body, headers, size } = ctx.publisherTokens && send.size === undefined ? await measured(send) : send;
  let blobId: Promise<string | undefined> | undefined;
  for (;;) {
    const attemptHeaders = { ...headers };
    if (ctx.publisherTokens) {
      const sendObjectTo = typeof send.query.send_object_to === 'string' ? send.query.send_object_to : undefined;
      attemptHeaders.authorization = `Bearer ${await ctx.publisherTokens.mint({ epochs: send.epochs, sendObjectTo, size })}`;
    }
    let failure: unknown;
    try {
      const response = await ctx.http.send({
        host: 'publisher',
        method: 'PUT',
        path: send.path,
        query: send.query,
        headers: attemptHeaders,
        body,
        // One attempt here: the loop decides whether and how to try again.
        budget: new RetryBudget({ ...ctx.retry, retries: 0 }),
        signal: send.signal,
      });
      return { stored: await send.read(response) };
    } catch (error) {
      failure = error;
    }
    if (send.signal?.aborted) throw failure;
    const next = nextStep(failure, ctx.publisherTokens !== undefined);
    if (next === 'fail') throw explained(failure, ctx, send.context);
    const delay = budget.take(failure instanceof WalrusHttpError ? failure.retryAfter : undefined);
    if (next === 'recheck' && !send.mayExist) {
      // Waiting first gives a publisher still working on the lost attempt the time to finish it.
      await sleep(delay ?? 0, send.signal);
      // An id that cannot be computed (e.g. a shard count the encoder refuses) leaves only storing again.
      blobId ??= send.blobId().catch(() => undefined);
      const id = await blobId;
      // A blob this client stored before is served whatever became of this attempt: no proof either way.
      if (id !== undefined && !ctx.lifetimes.knows(id) && (await storedOnAggregator(ctx, id, send.signal).catch(() => false))) return { recovered: id };
      if (delay === undefined) throw withAttempts(failure, budget);
      continue;
    }
    if (delay === undefined) throw withAttempts(failure, budget);
    await sleep(delay, send.signal);
  }
}

/** 'retry': the store did not happen; 'recheck': it may have; 'fail': repeating cannot help. */
function nextStep(error: unknown, authenticated: boolean): 'retry' | 'recheck' | 'fail' {
  if (error instanceof WalrusAuthError) return 'fail';
  if (error instanceof WalrusHttpError) {
    if (error.status === 429) return 'retry'; // overloaded, or a token seen before: the next attempt has a new one
    if (authenticated && error.reason === 'EXPIRED_SIGNATURE') return 'fail';
    return isRetryableStatus(error.status) ? 'recheck' : 'fail';
  }
  if (error instanceof WalrusTimeoutError) {
    const code = (error.cause as { code?: string } | undefined)?.code;
    return code === 'UND_ERR_CONNECT_TIMEOUT' ? 'retry' : 'recheck';
  }
  if (error instanceof WalrusNetworkError) {
    if (error.code !== undefined && MAYBE_DELIVERED.has(error.code)) return 'recheck';
    return isRetryableCode(error.code) ? 'retry' : 'fail';
  }
  // A 2xx whose answer broke on the way: the publisher most likely stored the blob.
  if (error instanceof WalrusInvalidResponseError) return 'recheck';
  return 'fail';
}

/** Whether the aggregator serves `blobId` (HEAD: nothing is downloaded). */
async function storedOnAggregator(ctx: ClientContext, blobId: string, signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const response = await ctx.http.send({ host: 'aggregator', method: 'HEAD', path: `/v1/blobs/${blobId}`, budget: new RetryBudget(ctx.retry), signal });
    await response.body.dump();
    return true;
  } catch (error) {
    if (error instanceof WalrusNotFoundError) return false;
    throw error;
  }
}

/** A FormData body serialised once, so its exact length can go into the token (and every attempt sends the same bytes). */
async function measured<T>(send: StoreSend<T>): Promise<Pick<StoreSend<T>, 'body' | 'headers' | 'size'>> {
  if (send.body instanceof Uint8Array) return { body: send.body, headers: send.headers, size: send.body.byteLength };
  if (send.body instanceof Blob) return { body: send.body, headers: send.headers, size: send.body.size };
  const response = new Response(send.body);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { body: bytes, headers: { ...send.headers, 'content-type': response.headers.get('content-type') ?? 'multipart/form-data' }, size: bytes.byteLength };
}

function withAttempts(error: unknown, budget: RetryBudget): unknown {
  if (error instanceof Error && 'attempts' in error) (error as WalrusError).attempts = budget.attempts;
  return error;
}

/** Refusals by an authenticated publisher become WalrusAuthErrors that say what to change. */
function explained(error: unknown, ctx: ClientContext, context: WalrusErrorContext): unknown {
  if (!(error instanceof WalrusHttpError) || error instanceof WalrusAuthError) return error;
  const fix = authFix(error, ctx.publisherTokens !== undefined);
  if (!fix) return error;
  return new WalrusAuthError(`${error.message} — ${fix}`, error.status, error.body, error.text, { ...context, attempts: error.attempts, cause: error });
}

function authFix(error: WalrusHttpError, authenticated: boolean): string | undefined {
  const reason = error.reason;
  if (error.status === 400 && /authorization/i.test(error.text) && !error.body) {
    return authenticated
      ? 'the publisher did not accept the Authorization header'
      : 'this publisher needs a token for every store (an authenticated publisher): set WALRUS_PUBLISHER_JWT_SECRET, or the publisher JWT secret in Settings, to its --jwt-decode-secret';
  }
  if (!authenticated) return undefined;
  if (error.status === 401 || reason === 'INVALID_SIGNATURE') {
    return 'the publisher refused the token’s signature: the publisher JWT secret (WALRUS_PUBLISHER_JWT_SECRET or Settings) is not its --jwt-decode-secret, or it expects another --jwt-algorithm';
  }
  if (reason === 'EXPIRED_SIGNATURE') {
    return 'the token had expired on arrival: this computer’s clock is behind the publisher’s (set the clock right, e.g. enable network time), or the token lifetime is too short';
  }
  if (reason === 'INVALID_EXPIRATION') {
    return 'the publisher requires a set token lifetime: set WALRUS_PUBLISHER_JWT_EXPIRING_SEC to its --jwt-expiring-sec';
  }
  if (reason === 'INVALID_TOKEN') return 'the publisher could not read the token: check WALRUS_PUBLISHER_JWT_ALGORITHM against its --jwt-algorithm';
  if (reason !== undefined && CLAIM_REASONS.has(reason)) {
    return `the store does not match what the token allows (${reason}): the publisher restricts epochs, owner or size differently from this request`;
  }
  return undefined;
}
