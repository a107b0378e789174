// Every request the client sends and every reply the server gives, checked against the official
// OpenAPI YAMLs (with the documented errata) as they crossed the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { createValidator } from '../../helpers/walrus-openapi/validator.ts';
import { createWalrusClient, type WalrusClient } from '../../../src-main/walrus/index.ts';
import { startRecordingProxy, type Exchange, type RecordingProxy } from './recording-proxy.ts';

const spec = createValidator();
/** Probes outside the API description: the service answers them, the YAML does not list them. */
const UNSPECIFIED = new Set(['/status']);

let server: WalrusLocal;
let proxy: RecordingProxy;
let client: WalrusClient;
beforeAll(async () => {
  server = await startWalrusLocal({ shards: 100 });
  proxy = await startRecordingProxy(server.url);
  client = createWalrusClient({ publisherUrl: proxy.url, aggregatorUrl: proxy.url, shards: 100, retry: { retries: 0, minDelayMs: 1, maxDelayMs: 1 } });
});
afterAll(async () => {
  await client.close();
  await proxy.close();
  await server.close();
});

function check(exchange: Exchange): void {
  const url = new URL(exchange.url, 'http://walrus');
  const where = `${exchange.method} ${url.pathname}${url.search}`;
  const template = spec.matchPath(exchange.method, url.pathname);
  expect(template, `${where} is in the spec`).toBeDefined();
  const request = spec.validateRequest({ method: exchange.method, url: exchange.url, contentType: exchange.requestHeaders['content-type'] });
  expect(request, `request ${where}`).toEqual({ valid: true });
  const contentType = exchange.responseHeaders['content-type'];
  const body: unknown = contentType?.startsWith('application/json') ? JSON.parse(exchange.responseBody.toString('utf8')) : exchange.responseBody;
  expect(spec.validateResponse(exchange.method, url.pathname, exchange.status, body, contentType), `response ${where} → ${exchange.status}`).toEqual({ valid: true });
}

describe('client ↔ official OpenAPI contract', () => {
  it('sends only requests the spec allows and gets only replies the spec describes', async () => {
    const owner = `0x${'ee'.repeat(32)}`;
    const blob = await client.storeBlob(new TextEncoder().encode('contract blob'), { epochs: 3, deletable: true, sendObjectTo: owner });
    await client.storeBlob(new TextEncoder().encode('contract permanent'), { epochs: 2, permanent: true, force: true });
    await client.storeBlob(new TextEncoder().encode('contract permanent'), { epochs: 1, permanent: true });
    await client.retrieveBlob(blob.blobId);
    const quilt = await client.storeQuilt(
      [
        { identifier: 'doc-1.txt', data: new TextEncoder().encode('one'), tags: { kind: 'text' } },
        { identifier: 'doc 2.txt', data: new TextEncoder().encode('two') },
      ],
      { epochs: 2 },
    );
    await client.retrieveFromQuiltByPatchId(quilt.patchIds['doc-1.txt'] as string);
    await client.retrieveFromQuiltById(quilt.quiltId, 'doc 2.txt');
    await client.storeEmbeddingsQuilt([{ identifier: 'e', vector: [1, 2, 3] }]);
    await expect(client.retrieveFromQuiltById(quilt.quiltId, 'missing', { tags: false })).rejects.toThrow();
    await client.ping();

    const exchanges = proxy.exchanges.filter((e) => !UNSPECIFIED.has(new URL(e.url, 'http://walrus').pathname));
    const templates = new Set(exchanges.map((e) => `${e.method} ${spec.matchPath(e.method, new URL(e.url, 'http://walrus').pathname)}`));
    expect([...templates].sort()).toEqual([
      'GET /v1/blobs/by-quilt-id/{quilt_id}/{identifier}',
      'GET /v1/blobs/by-quilt-patch-id/{quilt_patch_id}',
      'GET /v1/blobs/{blob_id}',
      'GET /v1/quilts/{quilt_id}/patches',
      'PUT /v1/blobs',
      'PUT /v1/quilts',
    ]);
    expect(exchanges.some((e) => e.status === 404)).toBe(true);
    for (const exchange of exchanges) check(exchange);
  });

  it('the check itself rejects requests and replies the spec does not allow', () => {
    const errorsOf = (result: { valid: boolean; errors?: string[] }) => (result.valid ? [] : (result.errors ?? []));
    const blob = '/v1/blobs/E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU';
    expect(errorsOf(spec.validateRequest({ method: 'PUT', url: '/v1/blobs?epochs=-1', contentType: 'application/octet-stream' })).join()).toMatch(/epochs/);
    expect(errorsOf(spec.validateRequest({ method: 'PUT', url: '/v1/blobs?colour=red', contentType: 'application/octet-stream' })).join()).toMatch(/colour/);
    expect(errorsOf(spec.validateRequest({ method: 'PUT', url: '/v1/blobs', contentType: 'application/json' })).join()).toMatch(/content type/);
    expect(errorsOf(spec.validateRequest({ method: 'GET', url: `${blob}/byte-range?start=0` })).join()).toMatch(/length/);
    expect(errorsOf(spec.validateRequest({ method: 'GET', url: '/v1/blobs/not+an+id' })).join()).toMatch(/blob_id/);
    expect(errorsOf(spec.validateRequest({ method: 'GET', url: '/v1/blob-list' })).join()).toMatch(/not in the spec/);
    expect(spec.matchPath('DELETE', blob)).toBeUndefined();
    expect(errorsOf(spec.validateResponse('GET', blob, 404, { error: { code: 404, status: 'NOT_FOUND' } }, 'application/json')).join()).toMatch(/message|details/);
    expect(errorsOf(spec.validateResponse('GET', '/v1/quilts/E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU/patches', 200, [{ identifier: 'a' }], 'application/json')).join()).toMatch(/patch_id/);
    expect(errorsOf(spec.validateResponse('GET', blob, 418, undefined)).join()).toMatch(/not declared/);
  });
});
