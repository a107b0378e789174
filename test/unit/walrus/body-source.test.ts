import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prepareBody } from '../../../src-main/walrus/body-source.ts';
import { WalrusBlobTooLargeError, WalrusInputError } from '../../../src-main/walrus/errors.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'pdw-body-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

const text = async (body: Uint8Array | Blob) => (body instanceof Blob ? Buffer.from(await body.arrayBuffer()) : Buffer.from(body)).toString();

describe('prepareBody', () => {
  it('passes bytes through and enforces the limit', async () => {
    const prepared = await prepareBody(Buffer.from('abc'), { maxBytes: 3 });
    expect(prepared.size).toBe(3);
    await expect(prepareBody(Buffer.from('abcd'), { maxBytes: 3 })).rejects.toBeInstanceOf(WalrusBlobTooLargeError);
  });

  it('turns a file into a Blob that can be read more than once', async () => {
    const path = join(dir, 'f.bin');
    await writeFile(path, 'file contents');
    const prepared = await prepareBody({ path }, { maxBytes: 100 });
    expect(prepared.size).toBe(13);
    expect(await text(prepared.body)).toBe('file contents');
    expect(await text(prepared.body)).toBe('file contents');
  });

  it('checks a file size before reading it', async () => {
    const path = join(dir, 'big.bin');
    await writeFile(path, Buffer.alloc(1001));
    await expect(prepareBody({ path }, { maxBytes: 1000 })).rejects.toBeInstanceOf(WalrusBlobTooLargeError);
    await expect(prepareBody({ path: join(dir, 'missing') }, { maxBytes: 1000 })).rejects.toBeInstanceOf(WalrusInputError);
  });

  it('spools a stream to a temp file and removes it on dispose', async () => {
    const prepared = await prepareBody(Readable.from([Buffer.from('ab'), Buffer.from('cd')]), { maxBytes: 10, tempDir: dir });
    expect(prepared.size).toBe(4);
    expect(await text(prepared.body)).toBe('abcd');
    expect(await readdir(dir)).toHaveLength(1);
    await prepared.dispose();
    expect(await readdir(dir)).toHaveLength(0);
  });

  it('stops an oversize stream while spooling and leaves nothing behind', async () => {
    async function* endless() {
      for (;;) yield Buffer.alloc(1024);
    }
    await expect(prepareBody(endless(), { maxBytes: 10_000, tempDir: dir })).rejects.toBeInstanceOf(WalrusBlobTooLargeError);
    expect(await readdir(dir)).toHaveLength(0);
  });

  it('accepts a web ReadableStream', async () => {
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('web'));
        controller.close();
      },
    });
    const prepared = await prepareBody(web, { maxBytes: 10, tempDir: dir });
    expect(await text(prepared.body)).toBe('web');
    await prepared.dispose();
  });
});
