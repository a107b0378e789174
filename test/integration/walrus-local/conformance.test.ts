// Every endpoint and every status the server produces, checked against the official OpenAPI YAMLs (with
// the documented errata); the requests the tests send are validated against the spec as well.
import { describe, expect, it } from 'vitest';
import { encodeQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { createValidator, SPEC_ERRATA } from '../../helpers/walrus-openapi/validator.ts';
import { http, multipart, putBlob, startLocal, type NewlyCreated, type QuiltStored } from './helpers.ts';

const spec = createValidator();
const OWNER = '0x' + 'cd'.repeat(32);

interface Call {
  method: 'GET' | 'PUT';
  path: string;
  body?: string | Uint8Array;
  headers?: Record<string, string>;
  expect: number;
}

async function check(base: string, call: Call): Promise<void> {
  const url = new URL(call.path, base);
  const template = spec.matchPath(call.method, url.pathname);
  expect(template, `${call.method} ${url.pathname} is in the spec`).toBeDefined();
  const request = spec.validateRequest({
    method: call.method,
    url: url.pathname + url.search,
    contentType: call.body === undefined ? undefined : (call.headers?.['content-type'] ?? 'application/octet-stream'),
  });
  const answer = await http(url.href, { method: call.method, body: call.body, headers: call.headers });
  expect(answer.status, `${call.method} ${call.path}: ${answer.text.slice(0, 200)}`).toBe(call.expect);
  const contentType = answer.headers['content-type'];
  const body = contentType?.startsWith('application/json') ? answer.json() : answer.bytes;
  const response = spec.validateResponse(call.method, url.pathname, answer.status, body, contentType);
  expect(response, `${call.method} ${call.path} → ${answer.status}`).toEqual({ valid: true });
  // Deliberately bad requests are part of the tour; the rest must be valid requests.
  if (call.expect < 400 || call.expect >= 413) expect(request, `request ${call.method} ${call.path}`).toEqual({ valid: true });
}

describe('OpenAPI conformance', () => {
  it('every endpoint and status matches the official spec', async () => {
    const walrus = await startLocal({ maxBlobSize: 4096, maxQuiltSize: 8192 });
    const stored = (await putBlob(walrus, 'conformance')).json<NewlyCreated>().newlyCreated.blobObject;
    const form = multipart([
      { name: 'one', data: 'first' },
      { name: 'two', data: 'second', filename: 'two.txt' },
      { name: '_metadata', data: JSON.stringify([{ identifier: 'one', tags: { kind: 'note' } }]) },
    ]);
    const quiltAnswer = await http(`${walrus.url}/v1/quilts?epochs=2`, { method: 'PUT', body: form.body, headers: { 'content-type': form.contentType } });
    const quilt = quiltAnswer.json<QuiltStored>();
    const quiltId = quilt.blobStoreResult.newlyCreated.blobObject.blobId;
    const patchId = quilt.storedQuiltBlobs[0]?.quiltPatchId ?? '';
    const blocked = (await putBlob(walrus, 'blocked')).json<NewlyCreated>().newlyCreated.blobObject.blobId;
    walrus.blocklist.block(blocked);
    const unknown = 'A'.repeat(43);
    const multipartHeaders = { 'content-type': form.contentType };

    const calls: Call[] = [
      { method: 'PUT', path: '/v1/blobs?epochs=3&permanent=true', body: 'permanent', expect: 200 },
      { method: 'PUT', path: '/v1/blobs?epochs=2&permanent=true', body: 'permanent', expect: 200 }, // alreadyCertified
      { method: 'PUT', path: '/v1/blobs?epochs=9&permanent=true', body: 'permanent', expect: 200 }, // reuseAndExtend
      { method: 'PUT', path: `/v1/blobs?send_object_to=${OWNER}&encoding_type=RS2`, body: 'sent', expect: 200 },
      { method: 'PUT', path: '/v1/blobs?share=true&force=true', body: 'shared', expect: 200 },
      { method: 'PUT', path: '/v1/blobs?deletable=true&permanent=true', body: 'x', expect: 400 },
      { method: 'PUT', path: '/v1/blobs?epochs=lots', body: 'x', expect: 400 },
      { method: 'PUT', path: '/v1/blobs', body: new Uint8Array(5000), expect: 413 },
      { method: 'PUT', path: '/v1/blobs', body: 'blocked', expect: 451 },
      { method: 'PUT', path: '/v1/quilts?epochs=2&quilt_version=V1', body: form.body, headers: multipartHeaders, expect: 200 },
      { method: 'PUT', path: '/v1/quilts', body: multipart([{ name: '_bad', data: 'x' }]).body, headers: multipartHeaders, expect: 400 },
      { method: 'PUT', path: '/v1/quilts', body: multipart([{ name: 'big', data: new Uint8Array(9000) }]).body, headers: multipartHeaders, expect: 413 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}`, expect: 200 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}`, headers: { range: 'bytes=0-3' }, expect: 206 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}`, headers: { range: 'bytes=0-999' }, expect: 416 },
      { method: 'GET', path: `/v1/blobs/${unknown}`, expect: 404 },
      { method: 'GET', path: `/v1/blobs/${blocked}`, expect: 451 },
      { method: 'GET', path: '/v1/blobs/not-an-id', expect: 400 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}?strict_consistency_check=true`, expect: 200 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}?strict_consistency_check=true&skip_consistency_check=true`, expect: 400 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}/byte-range?start=1&length=4`, expect: 200 },
      { method: 'GET', path: `/v1/blobs/${stored.blobId}/byte-range?start=1&length=400`, expect: 400 },
      { method: 'GET', path: `/v1/blobs/by-object-id/${stored.id}`, expect: 200 },
      { method: 'GET', path: `/v1/blobs/by-object-id/0x${'0'.repeat(64)}`, expect: 404 },
      { method: 'GET', path: `/v1/blobs/by-quilt-patch-id/${patchId}`, expect: 200 },
      { method: 'GET', path: `/v1/blobs/by-quilt-patch-id/${encodeQuiltPatchId({ quiltId, version: 1, start: 30, end: 31 })}`, expect: 404 },
      { method: 'GET', path: `/v1/blobs/by-quilt-id/${quiltId}/two`, expect: 200 },
      { method: 'GET', path: `/v1/blobs/by-quilt-id/${quiltId}/three`, expect: 404 },
      { method: 'GET', path: `/v1/quilts/${quiltId}/patches`, expect: 200 },
      { method: 'GET', path: `/v1/quilts/${unknown}/patches`, expect: 404 },
    ];
    for (const call of calls) await check(walrus.url, call);

    const faulted: [Parameters<typeof walrus.faults.set>[0][number], Call][] = [
      [{ route: 'storeBlob', kind: 'error', status: 500 }, { method: 'PUT', path: '/v1/blobs', body: 'x', expect: 500 }],
      [{ route: 'storeBlob', kind: 'error', status: 504 }, { method: 'PUT', path: '/v1/blobs', body: 'x', expect: 504 }],
      [{ route: 'storeQuilt', kind: 'error', status: 504 }, { method: 'PUT', path: '/v1/quilts', body: form.body, headers: multipartHeaders, expect: 504 }],
      [{ route: 'readBlob', kind: 'error', status: 503 }, { method: 'GET', path: `/v1/blobs/${stored.blobId}`, expect: 503 }],
      [{ route: 'readPatch', kind: 'error', status: 503 }, { method: 'GET', path: `/v1/blobs/by-quilt-patch-id/${patchId}`, expect: 503 }],
      [{ route: 'listPatches', kind: 'error', status: 500 }, { method: 'GET', path: `/v1/quilts/${quiltId}/patches`, expect: 500 }],
    ];
    for (const [rule, call] of faulted) {
      await walrus.faults.set([rule]);
      await check(walrus.url, call);
    }
  });

  it('the validator catches wrong bodies, undeclared statuses and bad requests', () => {
    expect(spec.validateResponse('PUT', '/v1/blobs', 200, { newlyCreated: { blobObject: {} } }).valid).toBe(false);
    expect(spec.validateResponse('GET', '/v1/quilts/{quilt_id}/patches', 200, [{ identifier: 'a', patchId: 'x', tags: {} }]).valid).toBe(false);
    expect(spec.validateResponse('GET', '/v1/blobs/{blob_id}', 418, undefined).valid).toBe(false);
    expect(spec.validateResponse('GET', '/v1/blobs/{blob_id}', 404, { error: { code: 404 } }, 'application/json').valid).toBe(false);
    expect(spec.validateRequest({ method: 'PUT', url: '/v1/blobs?epochs=-1&sendObjectTo=0x1' }).valid).toBe(false);
    expect(spec.validateRequest({ method: 'PUT', url: `/v1/blobs?send_object_to=${OWNER}&share=true&epochs=2` })).toEqual({ valid: true });
    expect(spec.validateRequest({ method: 'PUT', url: '/v1/blobs?share=maybe' }).valid).toBe(false);
    expect(spec.validateRequest({ method: 'GET', url: '/v1/quilts/x/patches/all' }).valid).toBe(false);
  });

  it('needs its errata: the raw YAML rejects what the services really send', () => {
    expect(SPEC_ERRATA.length).toBeGreaterThanOrEqual(5);
    const raw = createValidator({ errata: false });
    const camel = { alreadyCertified: { blobId: 'E7_nNXvFU_3qZVu3OH1yycRG7LZlyn1-UxEDCDDqGGU', object: '0x1', endEpoch: 4 } };
    expect(raw.validateResponse('PUT', '/v1/blobs', 200, camel).valid).toBe(false);
    expect(spec.validateResponse('PUT', '/v1/blobs', 200, camel).valid).toBe(true);
  });
});
