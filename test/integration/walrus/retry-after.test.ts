import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalrusHttpError, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { bytes, countRequests, startPair, type Pair } from './harness.ts';

let pair: Pair;
beforeAll(async () => (pair = await startPair()));
afterAll(() => pair.close());

const client = (maxDelayMs: number): WalrusClient => pair.clientWith({ retry: { retries: 1, minDelayMs: 1, maxDelayMs } });

async function timedFailure(work: Promise<unknown>): Promise<{ ms: number; error: WalrusHttpError }> {
  const started = performance.now();
  const error = await work.then(
    () => expect.unreachable('expected a failure'),
    (e: unknown) => e as WalrusHttpError,
  );
  return { ms: performance.now() - started, error };
}

describe('Retry-After', () => {
  it('waits as long as a 503 asks instead of the much shorter backoff', async () => {
    const walrus = client(5000);
    const { blobId } = await walrus.storeBlob(bytes('busy aggregator'));
    await pair.server.faults.set([{ route: 'readBlob', kind: 'error', status: 503, retryAfterSeconds: 1 }]);
    const before = countRequests(pair.server, 'GET', '/v1/blobs/{blob_id}');
    const { ms, error } = await timedFailure(walrus.retrieveBlob(blobId));
    expect(error.status).toBe(503);
    expect(countRequests(pair.server, 'GET', '/v1/blobs/{blob_id}') - before).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('retries a plain-text 429 and caps what it honours at the maximum delay', async () => {
    const walrus = client(200);
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 429, retryAfterSeconds: 3600 }]);
    const before = countRequests(pair.server, 'PUT', '/v1/blobs');
    const { ms, error } = await timedFailure(walrus.storeBlob(bytes('overloaded publisher')));
    expect(error).toBeInstanceOf(WalrusHttpError);
    expect(error.status).toBe(429);
    expect(error.body).toBeUndefined();
    expect(error.text).toMatch(/Too Many Requests/);
    expect(countRequests(pair.server, 'PUT', '/v1/blobs') - before).toBe(2);
    expect(ms).toBeGreaterThanOrEqual(150);
    expect(ms).toBeLessThan(1000);
  });
});
