// The retry policy as data: which failures are worth another attempt and how long to wait.
// Shared by undici's RetryHandler (connection and status failures) and the read path's re-fetch
// after a broken body, so both spend one budget per operation.

export interface RetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  /** Delay before the first retry; doubles each time. */
  minDelayMs: number;
  /** Cap on the computed backoff and on an honoured Retry-After. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, minDelayMs: 1000, maxDelayMs: 8000 };

/** ±20 % spread so that many clients failing together do not retry in lockstep. */
const JITTER = 0.2;

/** Statuses that say "not now" rather than "never": server faults, 504 store timeouts, overload. */
export function isRetryableStatus(status: number): boolean {
  return (status >= 500 && status !== 501 && status !== 505) || status === 429;
}

/**
 * Transport failures worth repeating. Refused connections and unknown hosts are not: nobody is
 * listening, so failing at once lets the caller (the backup outbox) schedule its own later attempt.
 */
const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export function isRetryableCode(code: string | undefined): boolean {
  return code !== undefined && RETRYABLE_CODES.has(code);
}

/** Exponential backoff with jitter: attempt 1 → minDelay, 2 → 2 × minDelay, … capped at maxDelay. */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const base = Math.min(options.minDelayMs * 2 ** Math.max(0, retry - 1), options.maxDelayMs);
  const spread = base * JITTER * (random() * 2 - 1);
  return Math.max(0, Math.min(Math.round(base + spread), options.maxDelayMs));
}

/** `Retry-After` in seconds or as an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The wait before retry number `retry`: the server's Retry-After when given (capped), else backoff. */
export function retryDelay(retry: number, options: RetryOptions, retryAfter: string | string[] | undefined): number {
  const asked = parseRetryAfter(retryAfter);
  return asked !== undefined ? Math.min(asked, options.maxDelayMs) : backoffDelay(retry, options);
}

/** One operation's retry allowance; every layer that retries draws from the same budget. */
export class RetryBudget {
  readonly options: RetryOptions;
  #used = 0;

  constructor(options: RetryOptions) {
    this.options = options;
  }

  get attempts(): number {
    return this.#used + 1;
  }

  /** Takes one retry if any is left and returns how long to wait first; undefined when exhausted. */
  take(retryAfter?: string | string[]): number | undefined {
    if (this.#used >= this.options.retries) return undefined;
    this.#used += 1;
    return retryDelay(this.#used, this.options, retryAfter);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
