import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalrusLocal, type WalrusLocal } from '../../../tools/walrus-local/index.ts';
import { createWalrusClient, WalrusHttpError, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

let server: WalrusLocal;
let proxy: RecordingProxy;
let retryAfter = '1';
const clients: WalrusClient[] = [];

beforeAll(async () => {
  server = await startWalrusLocal({ shards: 100 });
  // The local server's 503 carries no Retry-After; the proxy adds one, as an overloaded aggregator would.
  proxy = await startRecordingProxy(server.url, (status, headers) => (status === 503 ? { ...headers, 'retry-after': retryAfter } : headers));
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await proxy.close();
  await server.close();
});

function client(maxDelayMs: number): WalrusClient {
  const made = createWalrusClient({ publisherUrl: proxy.url, aggregatorUrl: proxy.url, shards: 100, retry: { retries: 1, minDelayMs: 1, maxDelayMs } });
  clients.push(made);
  return made;
}

async function gapBetweenAttempts(walrus: WalrusClient, blobId: string): Promise<number> {
  const before = proxy.exchanges.length;
  await expect(walrus.retrieveBlob(blobId)).rejects.toBeInstanceOf(WalrusHttpError);
  const attempts = proxy.exchanges.slice(before);
  expect(attempts.map((e) => e.status)).toEqual([503, 503]);
  return attempts[1]!.at - attempts[0]!.at;
}

describe('Retry-After', () => {
  it('waits as long as the server asks instead of the much shorter backoff', async () => {
    const walrus = client(5000);
    const { blobId } = await walrus.storeBlob(new TextEncoder().encode('busy aggregator'));
    await server.faults.set([{ route: 'readBlob', kind: 'error', status: 503 }]);
    retryAfter = '1';
    expect(await gapBetweenAttempts(walrus, blobId)).toBeGreaterThanOrEqual(950);
  });

  it('caps what it honours at the maximum delay', async () => {
    const walrus = client(200);
    const { blobId } = await walrus.storeBlob(new TextEncoder().encode('very busy aggregator'));
    await server.faults.set([{ route: 'readBlob', kind: 'error', status: 503 }]);
    retryAfter = '3600';
    const gap = await gapBetweenAttempts(walrus, blobId);
    expect(gap).toBeGreaterThanOrEqual(150);
    expect(gap).toBeLessThan(1000);
  });
});
