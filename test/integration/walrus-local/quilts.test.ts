import { describe, expect, it } from 'vitest';
import { encodeQuilt } from '@mysten/walrus';
import { computeBlobId, parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { http, multipart, putQuilt, startLocal, type QuiltStored } from './helpers.ts';

const files = [
  { name: 'notes-2024.txt', data: 'first patch' },
  { name: 'photo.bin', data: new Uint8Array([0, 1, 2, 255, 254, 13, 10]), filename: 'photo.bin' },
  { name: 'ü-unicode name', data: 'third' },
];
const metadata = JSON.stringify([
  { identifier: 'notes-2024.txt', tags: { 'content-type': 'text/plain', author: 'me' } },
  { identifier: 'no-such-file', tags: { ignored: 'yes' } },
]);

describe('PUT /v1/quilts and the patch reads', () => {
  it('stores a quilt under its real id and answers every patch three ways', async () => {
    const walrus = await startLocal();
    const answer = await putQuilt(walrus, [...files, { name: '_metadata', data: metadata }], 'epochs=2');
    expect(answer.status).toBe(200);
    const stored = answer.json<QuiltStored>();
    const quiltId = stored.blobStoreResult.newlyCreated.blobObject.blobId;

    const real = encodeQuilt({
      numShards: 100,
      blobs: files.map((f) => ({
        identifier: f.name,
        contents: Buffer.from(f.data),
        tags: (f.name === 'notes-2024.txt' ? { 'content-type': 'text/plain', author: 'me' } : {}) as Record<string, string>,
      })),
    });
    expect(quiltId).toBe(await computeBlobId(real.quilt, 100));
    expect(stored.storedQuiltBlobs.map((p) => p.identifier)).toEqual(real.index.patches.map((p) => p.identifier));

    for (const file of files) {
      const patch = stored.storedQuiltBlobs.find((p) => p.identifier === file.name);
      const parts = parseQuiltPatchId(patch?.quiltPatchId ?? '');
      expect(parts.quiltId).toBe(quiltId);
      expect([parts.start, parts.end]).toEqual(patch?.range);

      const byPatch = await http(`${walrus.url}/v1/blobs/by-quilt-patch-id/${patch?.quiltPatchId}`);
      const byName = await http(`${walrus.url}/v1/blobs/by-quilt-id/${quiltId}/${encodeURIComponent(file.name)}`);
      for (const read of [byPatch, byName]) {
        expect(read.status).toBe(200);
        expect(read.bytes).toEqual(Buffer.from(file.data));
        expect(decodeURIComponent(read.headers['x-quilt-patch-identifier'] ?? '')).toBe(file.name);
        expect(read.headers.etag).toBe(quiltId);
      }
    }
    const tagged = await http(`${walrus.url}/v1/blobs/by-quilt-id/${quiltId}/notes-2024.txt`);
    expect(tagged.headers['content-type']).toBe('text/plain');
    expect(tagged.headers.author).toBeUndefined(); // not an allowed header name

    const listed = (await http(`${walrus.url}/v1/quilts/${quiltId}/patches`)).json<{ identifier: string; patch_id: string; tags: object }[]>();
    expect(listed).toEqual(
      stored.storedQuiltBlobs.map((p) => ({
        identifier: p.identifier,
        patch_id: p.quiltPatchId,
        tags: p.identifier === 'notes-2024.txt' ? { 'content-type': 'text/plain', author: 'me' } : {},
      })),
    );
    const whole = await http(`${walrus.url}/v1/blobs/${quiltId}`);
    expect(await computeBlobId(whole.bytes, 100)).toBe(quiltId);
  });

  it('sends every tag as a header when configured to', async () => {
    const walrus = await startLocal({ tagHeaders: 'all' });
    const stored = (await putQuilt(walrus, [...files, { name: '_metadata', data: metadata }])).json<QuiltStored>();
    const quiltId = stored.blobStoreResult.newlyCreated.blobObject.blobId;
    expect((await http(`${walrus.url}/v1/blobs/by-quilt-id/${quiltId}/notes-2024.txt`)).headers.author).toBe('me');
  });

  it('answers 404 for unknown patches, unknown quilts and plain blobs', async () => {
    const walrus = await startLocal();
    const stored = (await putQuilt(walrus, files)).json<QuiltStored>();
    const quiltId = stored.blobStoreResult.newlyCreated.blobObject.blobId;
    expect((await http(`${walrus.url}/v1/blobs/by-quilt-id/${quiltId}/missing`)).status).toBe(404);
    const parts = parseQuiltPatchId(stored.storedQuiltBlobs[0]?.quiltPatchId ?? '');
    const { encodeQuiltPatchId } = await import('../../../src-main/walrus/ids.ts');
    const wrongColumns = encodeQuiltPatchId({ ...parts, end: parts.end + 40 });
    expect((await http(`${walrus.url}/v1/blobs/by-quilt-patch-id/${wrongColumns}`)).status).toBe(404);
    expect((await http(`${walrus.url}/v1/quilts/${'A'.repeat(43)}/patches`)).status).toBe(404);
    expect((await http(`${walrus.url}/v1/blobs/by-quilt-patch-id/not-a-patch-id`)).status).toBe(400);
    walrus.clock.advanceEpochs(1);
    expect((await http(`${walrus.url}/v1/quilts/${quiltId}/patches`)).status).toBe(404);
  });

  const badForms: [string, Parameters<typeof putQuilt>[1]][] = [
    ['a leading underscore', [{ name: '_private', data: 'x' }]],
    ['trailing whitespace', [{ name: 'name ', data: 'x' }]],
    ['a control character', [{ name: 'tab\there', data: 'x' }]],
    ['a duplicate identifier', [{ name: 'twice', data: 'x' }, { name: 'twice', data: 'y' }]],
    ['no files', [{ name: '_metadata', data: '[]' }]],
    ['invalid _metadata JSON', [{ name: 'ok', data: 'x' }, { name: '_metadata', data: '{nope' }]],
    ['a duplicate _metadata entry', [{ name: 'ok', data: 'x' }, { name: '_metadata', data: '[{"identifier":"ok"},{"identifier":"ok"}]' }]],
  ];
  for (const [why, parts] of badForms) {
    it(`rejects a form with ${why} (400 Status)`, async () => {
      const walrus = await startLocal();
      const answer = await putQuilt(walrus, parts);
      expect(answer.status).toBe(400);
      expect(answer.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    });
  }

  it('rejects malformed multipart and a non-multipart body with 400', async () => {
    const walrus = await startLocal();
    const { body, contentType } = multipart([{ name: 'a', data: 'x' }]);
    const cut = body.subarray(0, body.length - 12);
    const malformed = await http(`${walrus.url}/v1/quilts`, { method: 'PUT', body: cut, headers: { 'content-type': contentType } });
    expect(malformed.status).toBe(400);
    const notMultipart = await http(`${walrus.url}/v1/quilts`, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/json' } });
    expect(notMultipart.status).toBe(400);
  });

  it('rejects too many patches for the shard count and oversize bodies', async () => {
    const walrus = await startLocal({ shards: 10, maxQuiltSize: 64 * 1024 });
    const many = Array.from({ length: 7 }, (_, i) => ({ name: `p${i}`, data: 'x' }));
    const tooMany = await putQuilt(walrus, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.text).toMatch(/TooManyBlobs\(7, 6\)/);
    expect((await putQuilt(walrus, many.slice(0, 6))).status).toBe(200);
    expect((await putQuilt(walrus, [{ name: 'big', data: new Uint8Array(70 * 1024) }])).status).toBe(413);
  });
});
