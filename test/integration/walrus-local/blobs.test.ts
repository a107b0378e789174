import { pbkdf2 } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { blobCost, encodedLength } from '../../../src-main/walrus/cost.ts';
import { computeBlobId, isBlobId } from '../../../src-main/walrus/ids.ts';
import { http, putBlob, startLocal, type NewlyCreated } from './helpers.ts';

const OWNER = '0x' + 'ab'.repeat(32);

describe('PUT /v1/blobs and GET /v1/blobs/{blob_id}', () => {
  it('stores bytes under their real blob id and reads them back with an ETag', async () => {
    const walrus = await startLocal();
    const data = Buffer.from('a private note, encrypted in real life');
    const stored = await putBlob(walrus, data, 'epochs=3');
    expect(stored.status).toBe(200);
    const { blobObject, resourceOperation, cost } = stored.json<NewlyCreated>().newlyCreated;
    expect(blobObject.blobId).toBe(await computeBlobId(data, 100));
    expect(blobObject).toMatchObject({ size: data.length, encodingType: 'RS2', deletable: true, registeredEpoch: 1, certifiedEpoch: 1 });
    expect(blobObject.id).toMatch(/^0x[0-9a-f]{64}$/);
    expect(blobObject.storage).toMatchObject({ startEpoch: 1, endEpoch: 4, storageSize: encodedLength(data.length, 100) });
    expect(resourceOperation).toEqual({ registerFromScratch: { encodedLength: encodedLength(data.length, 100), epochsAhead: 3 } });
    expect(cost).toBe(blobCost(data.length, { shards: 100, epochs: 3 }).cost);

    const read = await http(`${walrus.url}/v1/blobs/${blobObject.blobId}`);
    expect(read.status).toBe(200);
    expect(read.bytes).toEqual(data);
    expect(read.headers.etag).toBe(blobObject.blobId);
    expect(read.headers['content-type']).toBe('application/octet-stream');
  });

  it('answers alreadyCertified only for a permanent re-store, and force makes a new object', async () => {
    const walrus = await startLocal();
    const first = (await putBlob(walrus, 'same bytes', 'permanent=true&epochs=5')).json<NewlyCreated>();
    const again = (await putBlob(walrus, 'same bytes', 'permanent=true&epochs=2')).json<{ alreadyCertified: Record<string, unknown> }>();
    expect(again.alreadyCertified).toMatchObject({ blobId: first.newlyCreated.blobObject.blobId, endEpoch: 6 });
    expect((again.alreadyCertified.event as { txDigest: string }).txDigest).toMatch(/^[1-9A-HJ-NP-Za-km-z]{40,50}$/);

    const forced = (await putBlob(walrus, 'same bytes', 'permanent=true&epochs=2&force=true')).json<NewlyCreated>();
    expect(forced.newlyCreated.blobObject.id).not.toBe(first.newlyCreated.blobObject.id);

    const deletable = (await putBlob(walrus, 'same bytes')).json<NewlyCreated>();
    expect(deletable.newlyCreated.blobObject).toMatchObject({ blobId: first.newlyCreated.blobObject.blobId, deletable: true });
    expect(deletable.newlyCreated.blobObject.id).not.toBe(first.newlyCreated.blobObject.id);
  });

  it('extends a permanent blob stored again for longer (reuseAndExtend)', async () => {
    const walrus = await startLocal();
    const first = (await putBlob(walrus, 'long lived', 'permanent=true&epochs=2')).json<NewlyCreated>();
    const longer = (await putBlob(walrus, 'long lived', 'permanent=true&epochs=10')).json<NewlyCreated>();
    expect(longer.newlyCreated.blobObject.id).toBe(first.newlyCreated.blobObject.id);
    expect(longer.newlyCreated.blobObject.storage.endEpoch).toBe(11);
    expect(longer.newlyCreated.resourceOperation).toEqual({ reuseAndExtend: { encodedLength: encodedLength(10, 100), epochsExtended: 8 } });
  });

  it('records send_object_to as the owner, and shares on request', async () => {
    const walrus = await startLocal();
    const sent = (await putBlob(walrus, 'for someone', `send_object_to=${OWNER}`)).json<NewlyCreated>();
    expect(walrus.objects.listByOwner(OWNER).map((o) => o.objectId)).toEqual([sent.newlyCreated.blobObject.id]);
    const kept = (await putBlob(walrus, 'for the publisher')).json<NewlyCreated>();
    expect(walrus.objects.get(kept.newlyCreated.blobObject.id)?.owner).toBe(walrus.publisherAddress);
    const shared = (await putBlob(walrus, 'for all', 'share=true')).json<NewlyCreated>();
    expect(shared.newlyCreated.sharedBlobObject).toMatch(/^0x[0-9a-f]{64}$/);
    const byObject = await http(`${walrus.url}/v1/blobs/by-object-id/${sent.newlyCreated.blobObject.id}`);
    expect(byObject.text).toBe('for someone');
  });

  it('expires a blob after its end epoch', async () => {
    const walrus = await startLocal();
    const { blobId } = (await putBlob(walrus, 'short lived', 'epochs=2')).json<NewlyCreated>().newlyCreated.blobObject;
    walrus.clock.advanceEpochs(1);
    expect((await http(`${walrus.url}/v1/blobs/${blobId}`)).status).toBe(200);
    walrus.clock.advanceEpochs(1);
    const gone = await http(`${walrus.url}/v1/blobs/${blobId}`);
    expect(gone.status).toBe(404);
    expect(gone.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND', details: [{ reason: 'BLOB_NOT_FOUND' }] } });
    // As the real aggregator: storage nodes drop an expired blob, so it reads exactly like one never stored.
    const unknown = await http(`${walrus.url}/v1/blobs/${'A'.repeat(43)}`);
    expect(gone.text).toBe(unknown.text);
  });

  it('serves Range requests and the byte-range endpoint', async () => {
    const walrus = await startLocal();
    const { blobId } = (await putBlob(walrus, '0123456789')).json<NewlyCreated>().newlyCreated.blobObject;
    const ranged = await http(`${walrus.url}/v1/blobs/${blobId}`, { headers: { range: 'bytes=2-5' } });
    expect(ranged).toMatchObject({ status: 206, text: '2345' });
    expect(ranged.headers['content-range']).toBe('bytes 2-5/10');
    expect((await http(`${walrus.url}/v1/blobs/${blobId}`, { headers: { range: 'bytes=5-99' } })).status).toBe(416);
    expect((await http(`${walrus.url}/v1/blobs/${blobId}/byte-range?start=7&length=3`)).text).toBe('789');
    expect((await http(`${walrus.url}/v1/blobs/${blobId}/byte-range?start=8&length=3`)).status).toBe(400);
    expect((await http(`${walrus.url}/v1/blobs/${blobId}/byte-range?start=1`)).status).toBe(400);
  });

  it('rejects bodies over the limit with 413, streamed or not', async () => {
    const walrus = await startLocal({ maxBlobSize: 1024 });
    const tooBig = await putBlob(walrus, new Uint8Array(1025));
    expect(tooBig.status).toBe(413);
    expect(tooBig.text).toMatch(/length limit exceeded/);
    expect((await putBlob(walrus, new Uint8Array(1024))).status).toBe(200);
  });

  it('rejects bad parameters: plain text for unparsable values, Status JSON for contradictions', async () => {
    const walrus = await startLocal();
    const unparsable = await putBlob(walrus, 'x', 'epochs=many');
    expect(unparsable.status).toBe(400);
    expect(unparsable.headers['content-type']).toMatch(/^text\/plain/);
    for (const query of ['deletable=true&permanent=true', 'epochs=54', 'epochs=0', `share=true&send_object_to=${OWNER}`]) {
      const answer = await putBlob(walrus, 'x', query);
      expect(answer.status, query).toBe(400);
      expect(answer.json(), query).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    }
    expect((await putBlob(walrus, 'x', 'send_object_to=0x12')).status).toBe(400);
    expect((await http(`${walrus.url}/v1/blobs/not-an-id`)).status).toBe(400);
    const stored = (await putBlob(walrus, 'consistency')).json<NewlyCreated>().newlyCreated.blobObject.blobId;
    const both = await http(`${walrus.url}/v1/blobs/${stored}?strict_consistency_check=true&skip_consistency_check=true`);
    expect(both.json()).toMatchObject({ error: { code: 400 } });
    expect((await http(`${walrus.url}/v1/blobs/${stored}?strict_consistency_check=yes`)).status).toBe(400);
    expect((await http(`${walrus.url}/v1/blobs/${stored}?skip_consistency_check=true`)).text).toBe('consistency');
    expect((await http(`${walrus.url}/v1/blobs/${'A'.repeat(43)}`)).status).toBe(404);
  });

  it('answers 451 for blocked blobs on store and read', async () => {
    const walrus = await startLocal();
    const { blobId } = (await putBlob(walrus, 'contested')).json<NewlyCreated>().newlyCreated.blobObject;
    walrus.blocklist.block(blobId);
    const read = await http(`${walrus.url}/v1/blobs/${blobId}`);
    expect(read.status).toBe(451);
    expect(read.json()).toMatchObject({ error: { code: 451 } });
    expect((await putBlob(walrus, 'contested')).status).toBe(451);
    walrus.blocklist.unblock(blobId);
    expect((await http(`${walrus.url}/v1/blobs/${blobId}`)).status).toBe(200);
  });

  it('exposes every stored payload for plaintext scans, and logs requests', async () => {
    const walrus = await startLocal();
    await putBlob(walrus, 'needle-one');
    const seen: string[] = [];
    for await (const bytes of walrus.storedBytes()) seen.push(Buffer.from(bytes).toString());
    expect(seen).toEqual(['needle-one']);
    const log = walrus.requestLog();
    expect(log).toEqual([expect.objectContaining({ method: 'PUT', path: '/v1/blobs', template: '/v1/blobs', status: 200, bytesIn: 10 })]);
    expect(log[0]?.bytesOut).toBeGreaterThan(100);
  });

  it('has logged a read by the time its client holds the whole body, even with the file system slow', async () => {
    const walrus = await startLocal();
    const data = Buffer.from('a manifest-sized payload, '.repeat(70));
    const { blobId } = (await putBlob(walrus, data)).json<NewlyCreated>().newlyCreated.blobObject;
    walrus.clearRequestLog();
    // Keep libuv's file-system threads busy: the server's payload file then closes long after the body is sent.
    const busy = Array.from({ length: 8 }, () => new Promise((resolve) => pbkdf2(data, 'salt', 100_000, 32, 'sha256', resolve)));
    const read = await http(`${walrus.url}/v1/blobs/${blobId}`);
    const log = walrus.requestLog();
    await Promise.all(busy);
    expect(read.bytes).toEqual(data);
    expect(log).toEqual([expect.objectContaining({ method: 'GET', template: '/v1/blobs/{blob_id}', status: 200, bytesOut: data.length })]);
  });

  it('answers /status and /v1/api', async () => {
    const walrus = await startLocal();
    expect(await http(`${walrus.url}/status`)).toMatchObject({ status: 200, text: 'OK' });
    const docs = await http(`${walrus.url}/v1/api`);
    expect(docs.headers['content-type']).toMatch(/text\/html/);
    expect(docs.text).toContain('/v1/quilts');
    expect((await http(`${walrus.url}/v1/nothing`)).status).toBe(404);
    expect((await http(`${walrus.url}/v1/blobs`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('gives mainnet-format sizes at 1000 shards: 17 bytes use 66,034,000 bytes of storage', async () => {
    const walrus = await startLocal({ shards: 1000 });
    const { blobObject } = (await putBlob(walrus, 'seventeen bytes!!')).json<NewlyCreated>().newlyCreated;
    expect(blobObject.storage.storageSize).toBe(66_034_000);
    expect(isBlobId(blobObject.blobId)).toBe(true);
  }, 30_000);
});
