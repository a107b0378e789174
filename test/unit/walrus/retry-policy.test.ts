import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, isRetryableCode, isRetryableStatus, parseRetryAfter, RetryBudget, retryDelay } from '../../../src-main/walrus/retry-policy.ts';

describe('retry policy', () => {
  it('doubles from the minimum delay: 1 s, 2 s, 4 s by default', () => {
    const middle = () => 0.5; // no jitter at the midpoint
    expect([1, 2, 3].map((n) => backoffDelay(n, DEFAULT_RETRY, middle))).toEqual([1000, 2000, 4000]);
  });

  it('spreads each delay by at most ±20 % and never beyond the cap', () => {
    for (const r of [0, 0.25, 0.999]) {
      const d = backoffDelay(2, DEFAULT_RETRY, () => r);
      expect(d).toBeGreaterThanOrEqual(1600);
      expect(d).toBeLessThanOrEqual(2400);
    }
    expect(backoffDelay(10, { retries: 10, minDelayMs: 1000, maxDelayMs: 3000 }, () => 0.999)).toBe(3000);
  });

  it('retries server faults, 504 and overload, never other 4xx', () => {
    expect([500, 502, 503, 504, 429].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 413, 416, 451, 501].some(isRetryableStatus)).toBe(false);
  });

  it('retries dropped connections and timeouts but not a refused connection', () => {
    expect(['ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].every(isRetryableCode)).toBe(true);
    expect(isRetryableCode('ECONNREFUSED')).toBe(false);
    expect(isRetryableCode('ENOTFOUND')).toBe(false);
    expect(isRetryableCode(undefined)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(['0.5'])).toBe(500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('prefers Retry-After over backoff, capped at the maximum delay', () => {
    const options = { retries: 3, minDelayMs: 10, maxDelayMs: 5000 };
    expect(retryDelay(1, options, '2')).toBe(2000);
    expect(retryDelay(1, options, '3600')).toBe(5000);
  });

  it('a budget hands out exactly `retries` delays and counts attempts', () => {
    const budget = new RetryBudget({ retries: 2, minDelayMs: 1, maxDelayMs: 1 });
    expect(budget.attempts).toBe(1);
    expect(budget.take()).toBeTypeOf('number');
    expect(budget.take()).toBeTypeOf('number');
    expect(budget.take()).toBeUndefined();
    expect(budget.attempts).toBe(3);
  });
});
