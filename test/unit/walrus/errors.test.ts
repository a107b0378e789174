import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/contract/define.ts';
import {
  toAppError,
  WalrusBlobTooLargeError,
  WalrusExpiredError,
  WalrusHttpError,
  WalrusInputError,
  WalrusInvalidResponseError,
  WalrusNetworkError,
  WalrusNotFoundError,
  WalrusStoreError,
  WalrusTimeoutError,
} from '../../../src-main/walrus/errors.ts';

describe('toAppError', () => {
  it('maps each Walrus failure onto the contract code a user can act on', () => {
    const cases: [Error, string][] = [
      [new WalrusNetworkError('refused', 'ECONNREFUSED', { host: 'publisher' }), 'unavailable'],
      [new WalrusTimeoutError('slow', 100), 'unavailable'],
      [new WalrusHttpError('boom', 500, undefined, ''), 'unavailable'],
      [new WalrusHttpError('busy', 429, undefined, ''), 'unavailable'],
      [new WalrusHttpError('blocked', 451, undefined, ''), 'remote_error'],
      [new WalrusHttpError('too big', 413, undefined, ''), 'too_large'],
      [new WalrusNotFoundError('gone', 404, undefined, ''), 'not_found'],
      [new WalrusExpiredError('expired', 404, undefined, '', { endEpoch: 3, currentEpoch: 4 }), 'not_found'],
      [new WalrusInvalidResponseError('garbage'), 'remote_error'],
      [new WalrusBlobTooLargeError('big', 11, 10), 'too_large'],
      [new WalrusInputError('bad', [{ path: 'epochs', message: 'x' }]), 'invalid_input'],
      [new WalrusStoreError('invalid', undefined), 'remote_error'],
      [new Error('surprise'), 'internal'],
    ];
    for (const [error, code] of cases) {
      const mapped = toAppError(error);
      expect(mapped).toBeInstanceOf(AppError);
      expect(mapped.code, error.message).toBe(code);
      expect(mapped.cause).toBe(error);
    }
  });

  it('names the host and keeps input issues', () => {
    expect(toAppError(new WalrusNetworkError('refused', 'ECONNREFUSED', { host: 'aggregator' })).message).toMatch(/^Walrus aggregator: refused/);
    expect(toAppError(new WalrusInputError('bad', [{ path: 'epochs', message: 'too many' }])).issues).toEqual([{ path: 'epochs', message: 'too many' }]);
  });

  it('keeps an expiry a not-found, with the lifetime that proves it', () => {
    const error = new WalrusExpiredError('expired', 404, undefined, '', { endEpoch: 3, currentEpoch: 4 });
    expect(error).toBeInstanceOf(WalrusNotFoundError);
    expect(error).toMatchObject({ kind: 'expired', name: 'WalrusExpiredError', endEpoch: 3, currentEpoch: 4 });
    expect(new WalrusNotFoundError('gone', 404, undefined, '').kind).toBe('not_found');
  });

  it('gives every error class its own name and kind', () => {
    const error = new WalrusTimeoutError('slow', 5, { attempts: 4 });
    expect(error.name).toBe('WalrusTimeoutError');
    expect(error.kind).toBe('timeout');
    expect(error.attempts).toBe(4);
  });
});
