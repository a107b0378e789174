import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startWalrusLocal } from '../../../src-main/walrus-local/index.ts';
import {
  createWalrusClient,
  WalrusHttpError,
  WalrusInvalidResponseError,
  WalrusNetworkError,
  WalrusNotFoundError,
  WalrusTimeoutError,
  WalrusError,
} from '../../../src-main/walrus/index.ts';
import { computeBlobId } from '../../../src-main/walrus/ids.ts';
import { bytes, countRequests, FAST_RETRY, startPair, text, type Pair } from './harness.ts';

let pair: Pair;
beforeAll(async () => (pair = await startPair()));
afterAll(() => pair.close());
afterEach(() => pair.server.faults.clear());

const failure = (promise: Promise<unknown>) => promise.then(
  () => expect.unreachable('expected a failure'),
  (error: unknown) => error as WalrusError,
);

describe('retries under injected faults', () => {
  it('stores 1,000 items completely with 30 % of requests failing (5xx and resets)', { timeout: 120_000 }, async () => {
    await pair.server.faults.reseed(7);
    // 1 − 0.9 × 0.889 × 0.875 ≈ 30 % of requests fail, on every route.
    await pair.server.faults.set([
      { route: 'all', kind: 'error', status: 500, probability: 0.1 },
      { route: 'all', kind: 'error', status: 504, probability: 0.111 },
      { route: 'all', kind: 'reset', probability: 0.125 },
    ]);
    // Ten retries make a lost item (0.3^11 per request) vanishingly rare; delays stay in ms.
    const client = pair.clientWith({ retry: { retries: 10, minDelayMs: 1, maxDelayMs: 10 } });
    const items = Array.from({ length: 1000 }, (_, i) => ({ identifier: `item-${i}`, data: bytes(`item ${i} `.padEnd(200, '.')) }));
    const quilted = await client.storeQuilts(items.slice(0, 900), { epochs: 2 });
    const singles = [];
    for (const item of items.slice(900)) singles.push({ identifier: item.identifier, ...(await client.storeBlob(item.data)) });

    expect(Object.keys(quilted.locations)).toHaveLength(900);
    expect(singles).toHaveLength(100);
    for (const i of [0, 450, 899]) {
      expect(text((await client.retrieveFromQuiltByPatchId(quilted.locations[`item-${i}`]!.patchId)).data)).toBe(text(items[i]!.data));
    }
    for (const single of singles.slice(0, 10)) expect(text(await client.retrieveBlob(single.blobId))).toMatch(new RegExp(`^${single.identifier.replace('-', ' ')} `));
    const faults = pair.server.requestLog().filter((e) => e.fault);
    expect(faults.filter((e) => e.fault === 'reset').length).toBeGreaterThan(5);
    expect(faults.filter((e) => e.fault === 'error').length).toBeGreaterThan(10);
  });

  it('resends a file body from disk on every attempt', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pdw-walrus-resend-'));
    try {
      const content = Buffer.alloc(1_500_000);
      for (let i = 0; i < content.length; i++) content[i] = (i * 7) & 0xff;
      await writeFile(join(dir, 'f.bin'), content);
      await pair.server.faults.reseed(11);
      await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 504, probability: 0.6 }]);
      const before = pair.server.requestLog().filter((e) => e.method === 'PUT' && e.fault === 'error').length;
      const patient = pair.clientWith({ retry: { retries: 10, minDelayMs: 1, maxDelayMs: 1 } });
      const stored = await patient.storeBlob({ path: join(dir, 'f.bin') });
      expect(stored.blobId).toBe(await computeBlobId(content, 100));
      expect(pair.server.requestLog().filter((e) => e.method === 'PUT' && e.fault === 'error').length).toBeGreaterThan(before);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a store answered 504 after it was made is looked up, not bought again (unless the bytes may exist already)', async () => {
    // Seed 8 makes the first draw hit and the second miss: one 504 sent after the store was made, then success.
    const storeOnce = async (options: { permanent?: boolean; mayExist?: boolean }) => {
      await pair.server.faults.reseed(8);
      await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 504, phase: 'after', probability: 0.5 }]);
      const content = bytes(`paid write ${JSON.stringify(options)} ${Date.now()}`);
      const puts = countRequests(pair.server, 'PUT', '/v1/blobs');
      const result = await pair.client.storeBlob(content, options);
      const objects = pair.server.objects.listByOwner(pair.server.publisherAddress).filter((o) => o.blobId === result.blobId);
      expect(result.blobId).toBe(await computeBlobId(content, pair.server.shards));
      return { result, objects: objects.length, puts: countRequests(pair.server, 'PUT', '/v1/blobs') - puts };
    };
    for (const options of [{ permanent: true }, {}]) {
      const once = await storeOnce(options);
      expect(once).toMatchObject({ objects: 1, puts: 1 });
      // Bought by the first request: the cost report counts it at the formula's price.
      expect(once.result).toMatchObject({ recovered: true, alreadyCertified: false });
      expect(once.result.cost).toBeGreaterThan(0);
    }
    // A renewal storing the same bytes again cannot tell its own store from the old one: it repeats, and pays twice.
    const renewal = await storeOnce({ mayExist: true });
    expect(renewal).toMatchObject({ objects: 2, puts: 2 });
    expect(renewal.result.recovered).toBeUndefined();
  });

  it('stops waiting as soon as the caller aborts', async () => {
    const { blobId } = await pair.client.storeBlob(bytes('abortable'));
    await pair.server.faults.set([{ route: 'readBlob', kind: 'latency', ms: 3000 }]);
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error('user cancelled')), 50);
    const error = await failure(pair.client.retrieveBlob(blobId, { signal: controller.signal }));
    expect((error as Error).message).toBe('user cancelled');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('gives up after the retry budget with the parsed Status body', async () => {
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 500 }]);
    const before = countRequests(pair.server, 'PUT', '/v1/blobs');
    const error = await failure(pair.client.storeBlob(bytes('never stored')));
    expect(error).toBeInstanceOf(WalrusHttpError);
    expect((error as WalrusHttpError).status).toBe(500);
    expect((error as WalrusHttpError).body?.error.status).toBe('INTERNAL');
    expect(error.attempts).toBe(FAST_RETRY.retries + 1);
    expect(countRequests(pair.server, 'PUT', '/v1/blobs') - before).toBe(FAST_RETRY.retries + 1);
  });

  it('never retries other 4xx', async () => {
    const missing = await computeBlobId(bytes('not there'), 100);
    const before = countRequests(pair.server, 'GET', '/v1/blobs/{blob_id}');
    expect(await failure(pair.client.retrieveBlob(missing))).toBeInstanceOf(WalrusNotFoundError);
    const { blobId } = await pair.client.storeBlob(bytes('to be blocked'));
    pair.server.blocklist.block(blobId);
    const blocked = await failure(pair.client.retrieveBlob(blobId));
    expect((blocked as WalrusHttpError).status).toBe(451);
    expect(countRequests(pair.server, 'GET', '/v1/blobs/{blob_id}') - before).toBe(2);
  });

  it('times out a slow answer per attempt and retries it', async () => {
    const { blobId } = await pair.client.storeBlob(bytes('slow read'));
    // undici checks header timeouts on a ~0.5 s tick, so the latency must clearly exceed one.
    await pair.server.faults.set([{ route: 'readBlob', kind: 'latency', ms: 2500 }]);
    const impatient = pair.clientWith({ timeoutMs: 200, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 1 } });
    const error = await failure(impatient.retrieveBlob(blobId));
    expect(error).toBeInstanceOf(WalrusTimeoutError);
    expect(error.attempts).toBe(2);
  });
});

describe('an unreachable server', () => {
  it('fails fast with a network error when the server is down', async () => {
    await pair.server.faults.setDown(true);
    const started = performance.now();
    const error = await failure(pair.client.storeBlob(bytes('while down')));
    expect(error).toBeInstanceOf(WalrusNetworkError);
    expect(error.host).toBe('publisher');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('does not retry a refused connection at all', async () => {
    const gone = await startWalrusLocal({ shards: 100 });
    const url = gone.url;
    await gone.close();
    const client = createWalrusClient({ publisherUrl: url, aggregatorUrl: url, retry: { retries: 3, minDelayMs: 1000, maxDelayMs: 1000 } });
    try {
      const started = performance.now();
      const error = await failure(client.retrieveBlob('E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU'));
      expect(error).toBeInstanceOf(WalrusNetworkError);
      expect((error as WalrusNetworkError).code).toBe('ECONNREFUSED');
      expect(performance.now() - started).toBeLessThan(500);
    } finally {
      await client.close();
    }
  });
});

describe('broken responses are errors, never data', () => {
  it('detects a truncated blob body and fetches it again', async () => {
    const data = Buffer.alloc(100_000, 9);
    const { blobId } = await pair.client.storeBlob(data);
    await pair.server.faults.set([{ route: 'readBlob', kind: 'truncate' }]);
    expect(await failure(pair.client.retrieveBlob(blobId))).toBeInstanceOf(WalrusError);
    await pair.server.faults.reseed(3);
    await pair.server.faults.set([{ route: 'readBlob', kind: 'truncate', probability: 0.5 }]);
    const patient = pair.clientWith({ retry: { retries: 12, minDelayMs: 1, maxDelayMs: 1 } });
    expect(Buffer.from(await patient.retrieveBlob(blobId)).equals(data)).toBe(true);
  });

  it('fails a streamed read that breaks off, and leaves no partial file', async () => {
    const { blobId } = await pair.client.storeBlob(Buffer.alloc(200_000, 4));
    await pair.server.faults.set([{ route: 'readBlob', kind: 'truncate' }]);
    const stream = await pair.client.retrieveBlobStream(blobId);
    const consumed = (async () => {
      for await (const _ of stream) void _;
    })();
    expect(await failure(consumed)).toBeInstanceOf(WalrusError);
    const dir = await mkdtemp(join(tmpdir(), 'pdw-walrus-trunc-'));
    try {
      expect(await failure(pair.client.retrieveBlobToFile(blobId, join(dir, 'out.bin')))).toBeInstanceOf(WalrusError);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('detects a truncated patch and patch list', async () => {
    const quilt = await pair.client.storeQuilt([{ identifier: 'p', data: Buffer.alloc(5000, 1) }]);
    await pair.server.faults.set([
      { route: 'readPatch', kind: 'truncate' },
      { route: 'listPatches', kind: 'truncate' },
    ]);
    await failure(pair.client.retrieveFromQuiltByPatchId(quilt.patchIds.p as string, { tags: false }));
    await failure(pair.client.listQuiltPatches(quilt.quiltId));
  });

  it('does not resend a store whose reply broke off: it finds the blob on the aggregator instead', async () => {
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'truncate' }]);
    const before = countRequests(pair.server, 'PUT', '/v1/blobs');
    const content = bytes('reply cut');
    const stored = await pair.client.storeBlob(content);
    expect(stored).toMatchObject({ recovered: true, blobId: await computeBlobId(content, pair.server.shards) });
    expect(countRequests(pair.server, 'PUT', '/v1/blobs') - before).toBe(1);
    expect(countRequests(pair.server, 'HEAD', '/v1/blobs/{blob_id}')).toBeGreaterThan(0);
  });

  it('takes a store with a corrupted reply as stored once the aggregator has it, patch ids computed locally', async () => {
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'corrupt' }, { route: 'storeQuilt', kind: 'corrupt' }]);
    const blob = await pair.client.storeBlob(bytes('corrupt reply'));
    expect(blob.recovered).toBe(true);
    const quilt = await pair.client.storeQuilt([
      { identifier: 'q', data: bytes('corrupt quilt reply') },
      { identifier: 'r', data: bytes('second patch'), tags: { kind: 'note' } },
    ]);
    expect(quilt.recovered).toBe(true);
    await pair.server.faults.clear();
    expect(text(await pair.client.retrieveBlob(blob.blobId))).toBe('corrupt reply');
    expect(text((await pair.client.retrieveFromQuiltByPatchId(quilt.patchIds.r as string)).data)).toBe('second patch');
    expect((await pair.client.listQuiltPatches(quilt.quiltId)).map((p) => p.patchId).sort()).toEqual(Object.values(quilt.patchIds).sort());
  });

  it('stores again, up to the retry budget, while the aggregator does not have the blob', async () => {
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 503 }]);
    const puts = countRequests(pair.server, 'PUT', '/v1/blobs');
    const heads = countRequests(pair.server, 'HEAD', '/v1/blobs/{blob_id}');
    expect(await failure(pair.client.storeBlob(bytes('never stored')))).toBeInstanceOf(WalrusHttpError);
    expect(countRequests(pair.server, 'PUT', '/v1/blobs') - puts).toBe(FAST_RETRY.retries + 1);
    expect(countRequests(pair.server, 'HEAD', '/v1/blobs/{blob_id}') - heads).toBe(FAST_RETRY.retries + 1);
  });

  it('detects a corrupted patch list', async () => {
    const quilt = await pair.client.storeQuilt([{ identifier: 'listed', data: bytes('x') }]);
    await pair.server.faults.set([{ route: 'listPatches', kind: 'corrupt' }]);
    expect(await failure(pair.client.listQuiltPatches(quilt.quiltId))).toBeInstanceOf(WalrusInvalidResponseError);
  });

  it('detects corrupted blob bytes when blob ids are verified', async () => {
    const verifying = pair.clientWith({ verifyBlobIds: true });
    const { blobId } = await verifying.storeBlob(bytes('verified content'));
    await pair.server.faults.set([{ route: 'readBlob', kind: 'corrupt' }]);
    expect(await failure(verifying.retrieveBlob(blobId))).toBeInstanceOf(WalrusInvalidResponseError);
  });
});
