import { describe, expect, it } from 'vitest';
import { http, putBlob, startLocal, type NewlyCreated } from './helpers.ts';

async function storedBlob(walrus: Awaited<ReturnType<typeof startLocal>>, data: string): Promise<string> {
  return (await putBlob(walrus, data)).json<NewlyCreated>().newlyCreated.blobObject.blobId;
}

describe('fault injection, observed from a raw HTTP client', () => {
  it('error: the configured status with a Status body, only on its route', async () => {
    const walrus = await startLocal();
    const blobId = await storedBlob(walrus, 'payload');
    await walrus.faults.set([{ route: 'readBlob', kind: 'error', status: 503 }]);
    const failed = await http(`${walrus.url}/v1/blobs/${blobId}`);
    expect(failed.status).toBe(503);
    expect(failed.json()).toMatchObject({ error: { code: 503, status: 'UNAVAILABLE', details: [{ reason: 'INJECTED_FAULT' }] } });
    expect((await http(`${walrus.url}/status`)).status).toBe(200);
    expect((await putBlob(walrus, 'other')).status).toBe(200);
  });

  it('error after the work: the blob is stored and paid for, the client still sees 504', async () => {
    const walrus = await startLocal({ faults: [{ route: 'storeBlob', kind: 'error', status: 504, phase: 'after' }] });
    expect((await putBlob(walrus, 'stored anyway')).status).toBe(504);
    await walrus.faults.clear();
    const objects = walrus.objects.listByOwner(walrus.publisherAddress);
    expect(objects).toHaveLength(1);
    expect((await http(`${walrus.url}/v1/blobs/${objects[0]?.blobId}`)).text).toBe('stored anyway');
  });

  it('overload: a plain-text 429 with Retry-After', async () => {
    const walrus = await startLocal({ faults: [{ route: 'storeQuilt', kind: 'error', status: 429, retryAfterSeconds: 2 }] });
    const answer = await http(`${walrus.url}/v1/quilts`, { method: 'PUT', body: 'x', headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    expect(answer).toMatchObject({ status: 429, text: 'Too Many Requests' });
    expect(answer.headers['retry-after']).toBe('2');
    expect(walrus.objects.listByOwner(walrus.publisherAddress)).toEqual([]);
  });

  it('latency: answers arrive late but intact', async () => {
    const walrus = await startLocal({ faults: [{ route: 'status', kind: 'latency', ms: 300 }] });
    const started = performance.now();
    const answer = await http(`${walrus.url}/status`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(answer.text).toBe('OK');
  });

  it('reset: the connection dies before any answer', async () => {
    const walrus = await startLocal();
    await walrus.faults.set([{ route: 'storeBlob', kind: 'reset' }]);
    await expect(putBlob(walrus, 'lost')).rejects.toThrow(/socket|closed|reset/i);
    expect(walrus.requestLog().at(-1)).toMatchObject({ status: 0, fault: 'reset' });
  });

  it('truncate: a full Content-Length, then half the body and a dead connection', async () => {
    const walrus = await startLocal();
    const blobId = await storedBlob(walrus, 'x'.repeat(4000));
    await walrus.faults.set([{ route: 'readBlob', kind: 'truncate' }]);
    await expect(http(`${walrus.url}/v1/blobs/${blobId}`)).rejects.toThrow(/socket|closed|terminated/i);
    expect(walrus.requestLog().at(-1)).toMatchObject({ status: 200, bytesOut: 2000, fault: 'truncate' });
  });

  it('corrupt: same status and length, different bytes', async () => {
    const walrus = await startLocal();
    const data = 'y'.repeat(1000);
    const blobId = await storedBlob(walrus, data);
    await walrus.faults.set([{ route: 'readBlob', kind: 'corrupt' }]);
    const answer = await http(`${walrus.url}/v1/blobs/${blobId}`);
    expect(answer.status).toBe(200);
    expect(answer.bytes.length).toBe(1000);
    const differing = [...answer.bytes].filter((b, i) => b !== data.charCodeAt(i)).length;
    expect(differing).toBe(1);
  });

  it('down: every API request fails, the admin endpoints still answer', async () => {
    const walrus = await startLocal();
    await walrus.faults.setDown(true);
    await expect(http(`${walrus.url}/status`)).rejects.toThrow();
    const admin = await http(`${walrus.url}/_local/faults`);
    expect(admin.json()).toMatchObject({ down: true });
    await http(`${walrus.url}/_local/faults/down`, { method: 'DELETE' });
    expect((await http(`${walrus.url}/status`)).status).toBe(200);
  });

  it('probability: about the share asked for, and the same sequence again for the same seed', async () => {
    const walrus = await startLocal({ faults: [{ route: 'all', kind: 'error', status: 500, probability: 0.3 }] });
    const run = async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await http(`${walrus.url}/status`)).status);
      return statuses;
    };
    await walrus.faults.reseed(42);
    const first = await run();
    const failures = first.filter((s) => s === 500).length;
    expect(failures).toBeGreaterThan(35);
    expect(failures).toBeLessThan(85);
    await walrus.faults.reseed(42);
    expect(await run()).toEqual(first);
  });

  it('can be switched over HTTP by another process', async () => {
    const walrus = await startLocal();
    const rule = { route: 'status', kind: 'error', status: 504 };
    const added = await http(`${walrus.url}/_local/faults`, { method: 'POST', body: JSON.stringify(rule) });
    expect(added.json()).toMatchObject({ rules: [{ ...rule, probability: 1 }] });
    expect((await http(`${walrus.url}/status`)).status).toBe(504);
    const bad = await http(`${walrus.url}/_local/faults`, { method: 'POST', body: JSON.stringify({ route: 'nowhere', kind: 'error' }) });
    expect(bad.status).toBe(400);
    await http(`${walrus.url}/_local/faults`, { method: 'PUT', body: JSON.stringify({ seed: 7, rules: [] }) });
    expect((await http(`${walrus.url}/status`)).status).toBe(200);
    await http(`${walrus.url}/_local/faults`, { method: 'POST', body: JSON.stringify(rule) });
    await http(`${walrus.url}/_local/faults`, { method: 'DELETE' });
    expect((await http(`${walrus.url}/status`)).status).toBe(200);
  });

  it('moves the clock and blocks blobs over HTTP too', async () => {
    const walrus = await startLocal();
    const blobId = await storedBlob(walrus, 'admin');
    expect((await http(`${walrus.url}/_local/blocklist/${blobId}`, { method: 'PUT' })).status).toBe(200);
    expect((await http(`${walrus.url}/v1/blobs/${blobId}`)).status).toBe(451);
    await http(`${walrus.url}/_local/blocklist/${blobId}`, { method: 'DELETE' });
    const clock = await http(`${walrus.url}/_local/clock/advance`, { method: 'POST', body: JSON.stringify({ epochs: 1 }) });
    expect(clock.json()).toMatchObject({ currentEpoch: 2 });
    expect((await http(`${walrus.url}/v1/blobs/${blobId}`)).status).toBe(404);
  });
});
