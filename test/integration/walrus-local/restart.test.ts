import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { computeBlobId } from '../../../src-main/walrus/ids.ts';
import { http, putBlob, putQuilt, startLocal, untrack, type NewlyCreated, type QuiltStored } from './helpers.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('durability', () => {
  it('keeps blobs, quilts, owners, the epoch and the faults across a restart', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'walrus-restart-'));
    dirs.push(dataDir);
    const owner = '0x' + '01'.repeat(32);
    const first = await startLocal({ dataDir });
    const blob = (await putBlob(first, 'survives', `epochs=5&send_object_to=${owner}`)).json<NewlyCreated>().newlyCreated.blobObject;
    const quilt = (await putQuilt(first, [{ name: 'kept', data: 'patch data' }], 'epochs=5')).json<QuiltStored>();
    first.clock.advanceEpochs(2);
    await first.faults.set([{ route: 'status', kind: 'error', status: 500 }]);
    const address = first.publisherAddress;
    untrack(first);
    await first.close();

    const second = await startLocal({ dataDir });
    expect(second.clock.currentEpoch()).toBe(3);
    expect(second.publisherAddress).toBe(address);
    expect((await http(`${second.url}/v1/blobs/${blob.blobId}`)).text).toBe('survives');
    expect((await http(`${second.url}/v1/blobs/by-quilt-patch-id/${quilt.storedQuiltBlobs[0]?.quiltPatchId}`)).text).toBe('patch data');
    expect(second.objects.listByOwner(owner).map((o) => o.blobId)).toEqual([blob.blobId]);
    expect((await http(`${second.url}/status`)).status).toBe(500);
  });

  it('keeps data across a restart without fsync too', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'walrus-nofsync-'));
    dirs.push(dataDir);
    const first = await startLocal({ dataDir, fsync: false });
    const { blobId } = (await putBlob(first, 'quick')).json<NewlyCreated>().newlyCreated.blobObject;
    untrack(first);
    await first.close();
    const second = await startLocal({ dataDir, fsync: false });
    expect((await http(`${second.url}/v1/blobs/${blobId}`)).text).toBe('quick');
    const head = await http(`${second.url}/v1/blobs/${blobId}`, { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, text: '' });
    expect(head.headers['content-length']).toBe('5');
  });

  it('runs as a program that prints its URL', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'walrus-main-'));
    dirs.push(dataDir);
    const main = fileURLToPath(new URL('../../../src-main/walrus-local/main.ts', import.meta.url));
    const child = spawn(process.execPath, [main, '--port', '0', '--data-dir', dataDir, '--shards', '10', '--epoch-seconds', '60'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await http(`${url}/status`)).text).toBe('OK');
      expect((await http(`${url}/_local/clock`)).json()).toMatchObject({ epochSeconds: 60 });
      // The program computes ids on worker threads; they must be the real ids all the same.
      const stored = await http(`${url}/v1/blobs`, { method: 'PUT', body: 'from the program' });
      expect(stored.json<NewlyCreated>().newlyCreated.blobObject.blobId).toBe(await computeBlobId(Buffer.from('from the program'), 10));
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
