// Closing the server while requests are being handled: each one finishes or is dropped before close()
// resolves, clients see their connection close, and nothing reaches the store after it has closed (which
// printed "walrus-local: handler failed … database connection is not open" when a store outlived it).
import { mkdtemp, rm } from 'node:fs/promises';
import { request as rawRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { http, multipart, putBlob, startLocal, untrack } from './helpers.ts';

const dirs: string[] = [];
let printed: MockInstance<typeof console.error>;
beforeEach(() => {
  printed = vi.spyOn(console, 'error');
});
afterEach(async () => {
  printed.mockRestore();
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** "answered <status>", or the error's name when the connection ended without an answer. */
function howItEnded(answer: Promise<{ status: number }>): Promise<string> {
  return answer.then(
    (a) => `answered ${a.status}`,
    (error: Error) => error.name,
  );
}

/** Starts an upload of `total` bytes and sends only `sent` of them; resolves with how the connection ended. */
function partialUpload(url: string, headers: Record<string, string>, total: number, sent: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const req = rawRequest(url, { method: 'PUT', headers: { ...headers, 'content-length': String(total) } });
    req.on('response', (res) => resolve(`answered ${res.statusCode}`));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.write(sent);
  });
}

describe('closing with requests in flight', () => {
  it('finishes a store whose blob id is being computed, then closes the store, quietly', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'walrus-close-'));
    dirs.push(dataDir);
    // At 1000 shards an id takes long enough to close the server in the middle of computing it.
    const first = await startLocal({ dataDir, shards: 1000, idWorkers: 1, fsync: false });
    untrack(first);
    const storing = howItEnded(putBlob(first, 'stored while closing'));
    await sleep(300);
    await first.close();
    expect(await storing).not.toBe('answered 200'); // the connection closed before the answer
    await sleep(200); // nothing left to run: a handler outliving close would print here
    expect(printed).not.toHaveBeenCalled();

    // It was finished before the store closed: registered, and readable after a restart.
    const second = await startLocal({ dataDir, shards: 1000, fsync: false });
    const [stored, ...more] = second.objects.listByOwner(second.publisherAddress);
    expect(more).toEqual([]);
    expect((await http(`${second.url}/v1/blobs/${stored?.blobId}`)).text).toBe('stored while closing');
  }, 30_000);

  it('drops a store waiting out a latency fault at once, answering nothing', async () => {
    const walrus = await startLocal({ faults: [{ route: 'storeBlob', kind: 'latency', ms: 800 }] });
    untrack(walrus);
    const storing = howItEnded(putBlob(walrus, 'never stored'));
    await sleep(100);
    await walrus.close();
    expect(await storing).toBe('SocketError');
    await sleep(900); // past the latency: the store must not go on after close
    expect(printed).not.toHaveBeenCalled();
  });

  it('drops blob and quilt uploads cut off mid-body, and close does not wait for the rest', async () => {
    const walrus = await startLocal();
    untrack(walrus);
    const half = Buffer.alloc(64 * 1024, 7);
    const blob = partialUpload(`${walrus.url}/v1/blobs`, {}, 1024 * 1024, half);
    const { body, contentType } = multipart([{ name: 'patch', data: Buffer.alloc(1024 * 1024, 9) }]);
    const quilt = partialUpload(`${walrus.url}/v1/quilts`, { 'content-type': contentType }, body.length, body.subarray(0, 64 * 1024));
    await sleep(200);
    await walrus.close();
    expect(await blob).toBe('ECONNRESET');
    expect(await quilt).toBe('ECONNRESET');
    await sleep(100);
    expect(printed).not.toHaveBeenCalled();
  });
});
