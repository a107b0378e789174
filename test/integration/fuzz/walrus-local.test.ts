// Fuzzes the local Walrus server with what a broken client could send: random multipart bodies and
// boundaries to PUT /v1/quilts, random queries to PUT /v1/blobs, random paths and methods, malformed
// JSON-RPC. Every request gets an HTTP answer — 200 or a 4xx, never a 5xx or a dropped connection —
// and the server still answers /status.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWalrusLocal, type WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { rawPath, sendRaw } from './raw-http.ts';

const SEED = 0x5eed_0005;
const RUNS = 150;
let walrus: WalrusLocal;

beforeAll(async () => {
  walrus = await startWalrusLocal({ shards: 10, fsync: false });
});

afterAll(async () => {
  await walrus?.close();
});

const send = (method: string, path: string, headers: Record<string, string>, body?: Uint8Array) => sendRaw(walrus.port, method, path, headers, body);

function expectAnswered(answer: { status: number; text: string }, what: string): void {
  expect(answer.status === 200 || (answer.status >= 400 && answer.status < 500), `${what} → ${answer.status} ${answer.text.slice(0, 200)}`).toBe(true);
}

const part = fc.record({
  name: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('_metadata', 'a', 'a ', '_x', '', 'é\u0000')),
  filename: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  data: fc.oneof(fc.uint8Array({ maxLength: 512 }), fc.json().map((j) => Buffer.from(j)), fc.constant(Buffer.from('[{"identifier":"a","tags":{"k":"v"}}]'))),
});

/** A multipart body built from parts, then maybe cut or spliced; the header's boundary may not match. */
const quiltRequest = fc
  .record({
    boundary: fc.oneof(fc.constant('b0undary'), fc.string({ minLength: 1, maxLength: 70 })),
    headerBoundary: fc.option(fc.string({ maxLength: 70 }), { nil: undefined }),
    contentType: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=', 'text/plain', 'multipart/mixed', ''),
    parts: fc.array(part, { maxLength: 5 }),
    cut: fc.option(fc.nat(), { nil: undefined }),
    junk: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 64 })), { nil: undefined }),
    query: fc.constantFrom('', '?epochs=1', '?epochs=0', '?epochs=x', '?epochs=99999999999', '?permanent=true&deletable=true', '?quilt_version=v9'),
  })
  .map((r) => {
    const crlf = '\r\n';
    let body = Buffer.concat([
      ...r.parts.map((p) =>
        Buffer.concat([
          Buffer.from(`--${r.boundary}${crlf}Content-Disposition: form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}${crlf}${crlf}`),
          p.data,
          Buffer.from(crlf),
        ]),
      ),
      Buffer.from(`--${r.boundary}--${crlf}`),
    ]);
    if (r.cut !== undefined) body = body.subarray(0, r.cut % (body.length + 1));
    if (r.junk) {
      const at = r.junk[0] % (body.length + 1);
      body = Buffer.concat([body.subarray(0, at), r.junk[1], body.subarray(at)]);
    }
    const boundary = r.headerBoundary ?? r.boundary;
    const contentType = r.contentType === 'multipart/form-data' ? `multipart/form-data; boundary=${JSON.stringify(boundary)}` : r.contentType;
    return { query: r.query, contentType, body };
  });

describe('fuzz: local Walrus server inputs', () => {
  it('PUT /v1/quilts with random multipart bodies and boundaries answers 200 or 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(quiltRequest, async ({ query, contentType, body }) => {
        const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
        expectAnswered(await send('PUT', `/v1/quilts${query}`, headers, body), `quilt ${contentType}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('PUT /v1/blobs with random queries answers 200 or 4xx', async () => {
    const param = fc.tuple(
      fc.oneof(fc.constantFrom('epochs', 'deletable', 'permanent', 'force', 'share', 'send_object_to', 'encoding_type', 'quilt_version', 'reuse_resources'), fc.string({ maxLength: 10 })),
      fc.oneof(fc.constantFrom('true', 'false', '1', '0', '-1', '53', '54', '4294967296', 'RS2', `0x${'a'.repeat(64)}`, '0x1', ''), fc.string({ maxLength: 20 })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(param, { maxLength: 5 }), fc.uint8Array({ maxLength: 256 }), async (params, body) => {
        const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        expectAnswered(await send('PUT', `/v1/blobs?${query}`, {}, body), `blobs ?${query}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('random paths and methods get an HTTP answer below 500', async () => {
    const path = rawPath(['v1', 'blobs', 'quilts', 'by-quilt-patch-id', 'by-quilt-id', 'by-object-id', 'byte-range', 'patches', 'status', 'api'])
      .filter((p) => !p.startsWith('/_local/')); // the admin API injects faults on purpose
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), path, fc.option(fc.string({ maxLength: 30 }), { nil: undefined }), async (method, p, range) => {
        const headers: Record<string, string> = range === undefined ? {} : { range: range.replace(/[^\x20-\x7e]/g, '') };
        const answer = await send(method, p, headers, method === 'PUT' ? Buffer.from('x') : undefined);
        expect(answer.status, `${method} ${p} → ${answer.status} ${answer.text.slice(0, 200)}`).toBeGreaterThanOrEqual(200);
        expect(answer.status, `${method} ${p} → ${answer.status} ${answer.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS * 2 },
    );
  });

  it('malformed JSON-RPC to POST / gets an HTTP answer below 500', async () => {
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 512 }),
      fc.json().map((j) => Buffer.from(j)),
      fc.record({ jsonrpc: fc.constantFrom('2.0', '1.0'), id: fc.jsonValue(), method: fc.oneof(fc.constantFrom('suix_getBalance', 'suix_getOwnedObjects', 'sui_getObject', 'suix_getAllBalances'), fc.string()), params: fc.jsonValue() }).map((r) => Buffer.from(JSON.stringify(r))),
    );
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const answer = await send('POST', '/', { 'content-type': 'application/json' }, b);
        expect(answer.status, `${b.toString('utf8').slice(0, 100)} → ${answer.status} ${answer.text.slice(0, 200)}`).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('answers a target that starts with // (it used to reset the connection)', async () => {
    expect(await send('GET', '//', {})).toMatchObject({ status: 404 });
    expect(await send('GET', '//x/status', {})).toMatchObject({ status: 404 });
  });

  it('still answers /status and stores a valid blob afterwards', async () => {
    expect(await send('GET', '/status', {})).toMatchObject({ status: 200 });
    const stored = await send('PUT', '/v1/blobs?epochs=1', {}, Buffer.from('still alive'));
    expect(stored.status).toBe(200);
    const blobId = /"blobId":"([^"]+)"/.exec(stored.text)?.[1];
    expect(await send('GET', `/v1/blobs/${blobId}`, {})).toEqual({ status: 200, text: 'still alive' });
  });
});
