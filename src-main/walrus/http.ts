// The transport: one keep-alive pool per Walrus host, undici's RetryHandler (through its retry
// interceptor) for connection failures and retryable statuses, and one place that turns undici errors
// and error statuses into WalrusErrors.
import { Pool, interceptors, type Dispatcher, type FormData } from 'undici';
import type { RetryHandler } from 'undici';
import {
  WalrusBlobTooLargeError,
  WalrusHttpError,
  WalrusInvalidResponseError,
  WalrusNetworkError,
  WalrusNotFoundError,
  WalrusTimeoutError,
  type WalrusError,
  type WalrusErrorContext,
  type WalrusHost,
} from './errors.ts';
import { isRetryableCode, isRetryableStatus, type RetryBudget } from './retry-policy.ts';
import { statusBodySchema, type WalrusStatusBody } from './schemas.ts';

export interface WalrusHttpOptions {
  publisherUrl: string;
  aggregatorUrl: string;
  /** Per attempt: wait for response headers, and at most this long between body chunks. */
  timeoutMs: number;
  /** Keep-alive connections per host. */
  connections?: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface WalrusRequest {
  host: WalrusHost;
  method: 'GET' | 'HEAD' | 'PUT';
  /** Path below the host's base URL, already percent-encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string>;
  /** Replayable bodies only (bytes, a file-backed Blob, FormData of those), so retries resend the same bytes. */
  body?: Uint8Array | Blob | FormData;
  budget: RetryBudget;
  signal?: AbortSignal;
}

export type WalrusResponse = Dispatcher.ResponseData;

interface HostTarget {
  base: URL;
  dispatcher: Dispatcher;
}

/** Passed through undici's dispatch options so the interceptor below can flag the moment a response starts. */
interface StartMarker {
  walrusOnResponseStart?: () => void;
}

/**
 * Flags the first response handed to us. After that a broken body must not be resumed by the
 * RetryHandler (it would re-send a PUT with a Range header); the read path re-fetches instead.
 */
const markResponseStart: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const onStart = (opts as StartMarker).walrusOnResponseStart;
  if (!onStart) return dispatch(opts, handler);
  return dispatch(opts, {
    onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
    onRequestUpgrade: (controller, status, headers, socket) => handler.onRequestUpgrade?.(controller, status, headers, socket),
    onResponseStart: (controller, status, headers, message) => {
      if (status >= 200) onStart();
      handler.onResponseStart?.(controller, status, headers, message);
    },
    onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
    onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
    onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
  });
};

export class WalrusHttp {
  readonly timeoutMs: number;
  readonly #hosts: Record<WalrusHost, HostTarget>;
  readonly #pools: Pool[] = [];

  constructor(options: WalrusHttpOptions) {
    this.timeoutMs = options.timeoutMs;
    const make = (url: string): HostTarget => {
      const base = new URL(url.endsWith('/') ? url : `${url}/`);
      const pool = new Pool(base.origin, { connections: options.connections ?? 8, keepAliveTimeout: 30_000 });
      this.#pools.push(pool);
      // throwOnError: false hands the final error response to us, so its Status body can be read.
      return { base, dispatcher: pool.compose(interceptors.retry({ throwOnError: false }), markResponseStart) };
    };
    this.#hosts = { publisher: make(options.publisherUrl), aggregator: make(options.aggregatorUrl) };
  }

  url(host: WalrusHost): string {
    return this.#hosts[host].base.href.replace(/\/$/, '');
  }

  /** Sends with retries; resolves only with a 2xx response, otherwise throws a WalrusError. */
  async send(request: WalrusRequest): Promise<WalrusResponse> {
    const target = this.#hosts[request.host];
    const url = new URL(request.path.replace(/^\//, ''), target.base);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const context: WalrusErrorContext = { host: request.host, request: `${request.method} ${url.pathname}` };
    const state = { started: false };
    const retryOptions: RetryHandler.RetryOptions = {
      retry: (error, _context, callback) => {
        const { statusCode, code, headers } = error as { statusCode?: number; code?: string; headers?: Record<string, string | string[]> };
        const byStatus = code === 'UND_ERR_REQ_RETRY' && statusCode !== undefined;
        const retryable = !state.started && (byStatus ? isRetryableStatus(statusCode) : isRetryableCode(code));
        const delay = retryable ? request.budget.take(headers?.['retry-after']) : undefined;
        if (delay === undefined) return callback(error);
        // Returning the timer lets the handler cancel the wait when the caller aborts.
        return setTimeout(() => callback(null), delay) as unknown as void;
      },
    };
    let response: WalrusResponse;
    try {
      response = await target.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: request.method,
        headers: request.headers,
        body: request.body as Dispatcher.DispatchOptions['body'],
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: request.signal,
        retryOptions,
        walrusOnResponseStart: () => (state.started = true),
      } as Dispatcher.RequestOptions & StartMarker & { retryOptions: RetryHandler.RetryOptions });
    } catch (error) {
      throw this.transportError(error, { ...context, attempts: request.budget.attempts }, request.signal);
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response;
    throw await statusError(response, { ...context, attempts: request.budget.attempts });
  }

  /** Maps an undici failure onto a WalrusError; a caller's abort passes through unchanged. */
  transportError(error: unknown, context: WalrusErrorContext, signal?: AbortSignal): unknown {
    if (signal?.aborted) return signal.reason ?? error;
    const { code, message } = error as { code?: string; message?: string };
    const full = { ...context, cause: error };
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new WalrusTimeoutError(`no answer within ${this.timeoutMs} ms (${code})`, this.timeoutMs, full);
    }
    if (code === 'UND_ERR_REQ_RETRY' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH') {
      return new WalrusInvalidResponseError(`response body does not match its Content-Length (${message ?? code})`, [], full);
    }
    return new WalrusNetworkError(`${message ?? 'connection failed'}${code ? ` (${code})` : ''}`, code, full);
  }

  async close(): Promise<void> {
    await Promise.all(this.#pools.map((pool) => pool.close()));
  }
}

const MAX_ERROR_BODY = 64 * 1024;

/** Reads an error response (JSON `Status` or plain text, both occur) into the matching WalrusError. */
export async function statusError(response: WalrusResponse, context: WalrusErrorContext): Promise<WalrusError> {
  const status = response.statusCode;
  let text = '';
  try {
    text = await readLimitedText(response, MAX_ERROR_BODY);
  } catch {
    // The status code alone is the error; a broken error body adds nothing.
  }
  const body = parseStatusBody(text);
  const detail = body?.error.message ?? (text.trim().slice(0, 300) || `HTTP ${status}`);
  const message = `${context.request ?? 'request'} failed with ${status}: ${detail}`;
  // Walrus answers an expired blob like one never stored; lifetimes.ts tells them apart where it can.
  if (status === 404) return new WalrusNotFoundError(message, status, body, text, context);
  if (status === 413) return new WalrusBlobTooLargeError(message, undefined, undefined, context);
  const error = new WalrusHttpError(message, status, body, text, context);
  const retryAfter = response.headers['retry-after'];
  error.retryAfter = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  return error;
}

function parseStatusBody(text: string): WalrusStatusBody | undefined {
  try {
    const parsed = statusBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

async function readLimitedText(response: WalrusResponse, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    if (size < limit) chunks.push(chunk.subarray(0, limit - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString('utf8');
}
