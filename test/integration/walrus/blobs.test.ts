import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeBlobId } from '../../../src-main/walrus/ids.ts';
import { toAppError, WalrusBlobTooLargeError, WalrusExpiredError, WalrusInputError, WalrusNotFoundError } from '../../../src-main/walrus/index.ts';
import { bytes, countRequests, startPair, text, type Pair } from './harness.ts';

let pair: Pair;
let dir: string;
beforeAll(async () => {
  pair = await startPair({ server: { maxBlobSize: 4 * 1024 * 1024 }, client: { maxBlobSize: 3 * 1024 * 1024 } });
  dir = await mkdtemp(join(tmpdir(), 'pdw-walrus-blobs-'));
});
afterAll(async () => {
  await pair.close();
  await rm(dir, { recursive: true, force: true });
});

describe('blobs against the local Walrus server', () => {
  it('stores bytes and reads them back, with the real blob id and the reported cost', async () => {
    const data = bytes('Hello, Walrus!');
    const stored = await pair.client.storeBlob(data, { epochs: 5 });
    expect(stored.blobId).toBe(await computeBlobId(data, 100));
    expect(stored).toMatchObject({ size: data.length, alreadyCertified: false, endEpoch: pair.server.clock.currentEpoch() + 5 });
    expect(stored.cost).toBeGreaterThan(0);
    expect(stored.objectId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(text(await pair.client.retrieveBlob(stored.blobId))).toBe('Hello, Walrus!');
  });

  it('stores a file and a stream, byte for byte', async () => {
    const big = Buffer.alloc(2 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i++) big[i] = (i * 31) & 0xff;
    const path = join(dir, 'big.bin');
    await writeFile(path, big);
    const fromFile = await pair.client.storeBlob({ path });
    const fromStream = await pair.client.storeBlob(Readable.from([big.subarray(0, 1000), big.subarray(1000)]));
    expect(fromStream.blobId).toBe(fromFile.blobId);
    expect(Buffer.compare(Buffer.from(await pair.client.retrieveBlob(fromFile.blobId)), big)).toBe(0);
  });

  it('streams a blob into a file atomically and as a stream', async () => {
    const data = Buffer.alloc(300_000, 7);
    const { blobId } = await pair.client.storeBlob(data);
    const target = join(dir, 'out.bin');
    expect(await pair.client.retrieveBlobToFile(blobId, target)).toEqual({ size: data.length });
    expect(Buffer.compare(await readFile(target), data)).toBe(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.part'))).toEqual([]);
    const stream = await pair.client.retrieveBlobStream(blobId);
    // A consumer that starts late still gets every byte.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).toBe(true);
    expect(pair.client.costTracker.operations().at(-1)).toMatchObject({ operation: 'retrieveBlob', bytes: data.length, ids: [blobId] });
  });

  it('answers alreadyCertified for permanent content stored twice, and force makes a new object', async () => {
    const data = bytes(`permanent ${Date.now()}`);
    const first = await pair.client.storeBlob(data, { permanent: true, epochs: 3 });
    const again = await pair.client.storeBlob(data, { permanent: true, epochs: 2 });
    expect(again).toMatchObject({ blobId: first.blobId, alreadyCertified: true, cost: 0 });
    const forced = await pair.client.storeBlob(data, { permanent: true, epochs: 2, force: true });
    expect(forced.alreadyCertified).toBe(false);
    expect(forced.objectId).not.toBe(first.objectId);
  });

  it('sends the Blob object to the requested owner', async () => {
    const owner = `0x${'5a'.repeat(32)}`;
    const stored = await pair.client.storeBlob(bytes('owned'), { sendObjectTo: owner });
    expect(pair.server.objects.listByOwner(owner).map((o) => o.objectId)).toContain(stored.objectId);
  });

  it('refuses an oversize blob before uploading anything', async () => {
    const before = countRequests(pair.server, 'PUT', '/v1/blobs');
    await expect(pair.client.storeBlob(Buffer.alloc(3 * 1024 * 1024 + 1))).rejects.toBeInstanceOf(WalrusBlobTooLargeError);
    expect(countRequests(pair.server, 'PUT', '/v1/blobs')).toBe(before);
  });

  it('maps the publisher 413 to a typed error when the client limit is higher than the server', async () => {
    const loose = pair.clientWith({ maxBlobSize: 8 * 1024 * 1024 });
    await expect(loose.storeBlob(Buffer.alloc(5 * 1024 * 1024))).rejects.toBeInstanceOf(WalrusBlobTooLargeError);
  });

  it('reports an unknown blob as not found and a malformed id as bad input', async () => {
    const missing = await computeBlobId(bytes('never stored'), 100);
    await expect(pair.client.retrieveBlob(missing)).rejects.toBeInstanceOf(WalrusNotFoundError);
    await expect(pair.client.retrieveBlob('not-a-blob-id')).rejects.toBeInstanceOf(WalrusInputError);
  });

  it('reports a blob whose end epoch has begun as expired, and a never-stored one as not found', async () => {
    const stored = await pair.client.storeBlob(bytes(`short-lived ${Date.now()}`), { epochs: 1 });
    await expect(pair.client.retrieveBlob(stored.blobId)).resolves.toBeDefined();
    pair.server.clock.advanceEpochs(1);
    // The aggregator answers exactly as for an unknown blob; the client knows the end epoch from its store,
    // and learns that the epoch has moved on from its next store.
    const unseen = await pair.client.retrieveBlob(stored.blobId).catch((e: unknown) => e);
    expect(unseen).toBeInstanceOf(WalrusNotFoundError);
    expect(unseen).not.toBeInstanceOf(WalrusExpiredError);
    await pair.client.storeBlob(bytes(`later ${Date.now()}`), { epochs: 1 });
    expect(pair.client.currentEpoch).toBe(pair.server.clock.currentEpoch());
    for (const read of [() => pair.client.retrieveBlob(stored.blobId), () => pair.client.retrieveBlobStream(stored.blobId), () => pair.client.retrieveBlobToFile(stored.blobId, join(dir, 'expired.bin'))]) {
      const error = await read().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WalrusExpiredError);
      expect(error).toBeInstanceOf(WalrusNotFoundError); // code that treats every "gone" alike still does
      expect(error).toMatchObject({ kind: 'expired', status: 404, endEpoch: stored.endEpoch, currentEpoch: stored.endEpoch });
      expect(toAppError(error).code).toBe('not_found');
    }
    await expect(readdir(dir)).resolves.not.toContain('expired.bin');
    const missing = await pair.client.retrieveBlob(await computeBlobId(bytes('never stored either'), 100)).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(WalrusNotFoundError);
    expect(missing).not.toBeInstanceOf(WalrusExpiredError);
  });

  it('tells expiry from the end epoch a caller recorded, on a client that did not store the blob', async () => {
    const stored = await pair.client.storeBlob(bytes(`recorded ${Date.now()}`), { epochs: 2 });
    const fresh = pair.clientWith({});
    pair.server.clock.advanceEpochs(2);
    // Without a known current epoch nothing proves expiry: a deleted blob gives the same 404.
    await expect(fresh.retrieveBlob(stored.blobId, { endEpoch: stored.endEpoch })).rejects.not.toBeInstanceOf(WalrusExpiredError);
    fresh.observeEpoch(pair.server.clock.currentEpoch() - 1);
    await expect(fresh.retrieveBlob(stored.blobId, { endEpoch: stored.endEpoch })).rejects.not.toBeInstanceOf(WalrusExpiredError);
    fresh.observeEpoch(pair.server.clock.currentEpoch());
    await expect(fresh.retrieveBlob(stored.blobId)).rejects.not.toBeInstanceOf(WalrusExpiredError);
    await expect(fresh.retrieveBlob(stored.blobId, { endEpoch: stored.endEpoch })).rejects.toBeInstanceOf(WalrusExpiredError);
  });

  it('rejects bad store options without a request', async () => {
    const before = pair.server.requestLog().length;
    await expect(pair.client.storeBlob(bytes('x'), { epochs: 54 })).rejects.toBeInstanceOf(WalrusInputError);
    await expect(pair.client.storeBlob(bytes('x'), { deletable: true, permanent: true })).rejects.toBeInstanceOf(WalrusInputError);
    expect(pair.server.requestLog().length).toBe(before);
  });

  it('records stores and reads in the cost tracker', async () => {
    const summary = pair.client.costTracker.summary();
    expect(summary.stores).toBeGreaterThan(3);
    expect(summary.totalCost).toBeGreaterThan(0);
    // The server computes cost with the same formula, so fresh registrations match the estimate.
    const fresh = pair.client.costTracker.operations().filter((o) => o.operation === 'storeBlob' && !o.alreadyCertified);
    for (const op of fresh) expect(op.reportedCost).toBe(op.estimatedCost);
  });
});
