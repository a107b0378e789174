import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalrusInvalidResponseError } from '../../../src-main/walrus/index.ts';
import { startPair, type Pair } from './harness.ts';

let pair: Pair;
beforeAll(async () => (pair = await startPair()));
afterAll(() => pair.close());

describe('embeddings and vector indexes as quilts', () => {
  it('round-trips embeddings with their metadata, across several quilts', async () => {
    const embeddings = Array.from({ length: 80 }, (_, i) => ({
      identifier: `emb-${i}`,
      vector: Array.from({ length: 16 }, (_, d) => Math.fround(Math.sin(i + d))),
      metadata: { text: `chunk ${i}`, page: i },
    }));
    const stored = await pair.client.storeEmbeddingsQuilt(embeddings, { epochs: 3 });
    expect(stored.quiltIds).toHaveLength(2);
    expect(stored.dimension).toBe(16);
    const back = await pair.client.retrieveEmbeddingsFromQuilt(stored.quiltIds);
    expect(back).toHaveLength(80);
    const byId = new Map(back.map((e) => [e.identifier, e]));
    for (const original of embeddings) {
      const got = byId.get(original.identifier)!;
      expect(Array.from(got.vector)).toEqual(original.vector);
      expect(got.metadata).toEqual(original.metadata);
    }
  });

  it('round-trips index files with metadata and verifies them against the manifest', async () => {
    const files = [
      { name: 'index.hnsw', data: Buffer.alloc(50_000, 3) },
      { name: 'index.meta', data: Buffer.from(JSON.stringify({ dimension: 768 })) },
    ];
    const stored = await pair.client.storeHnswIndexQuilt(files, { dimension: '768', version: '2.0' }, { epochs: 5 });
    expect(stored.manifest.files.map((f) => f.name)).toEqual(['index.hnsw', 'index.meta']);
    const back = await pair.client.retrieveHnswIndexFromQuilt(stored.quiltId);
    expect(back.metadata).toEqual({ dimension: '768', version: '2.0' });
    expect(back.files.map((f) => [f.name, Buffer.from(f.data).equals(files.find((x) => x.name === f.name)!.data)])).toEqual([
      ['index.hnsw', true],
      ['index.meta', true],
    ]);
  });

  it('refuses a quilt without an index manifest', async () => {
    const other = await pair.client.storeQuilt([{ identifier: 'pdw-index-manifest.json', data: Buffer.from('{"kind":"something else"}') }]);
    await expect(pair.client.retrieveHnswIndexFromQuilt(other.quiltId)).rejects.toBeInstanceOf(WalrusInvalidResponseError);
  });
});

describe('health', () => {
  it('pings both hosts and reports a healthy round trip', async () => {
    const ping = await pair.client.ping();
    expect(ping.ok).toBe(true);
    const report = await pair.client.healthCheck();
    expect(report.status).toBe('healthy');
    expect(report.latencyMs).toBeGreaterThanOrEqual(0);
    // The probe is permanent content: a second check does not buy storage again.
    const before = pair.client.costTracker.summary().totalCost;
    expect((await pair.client.healthCheck()).status).toBe('healthy');
    expect(pair.client.costTracker.summary().totalCost).toBe(before);
  });

  it('reports unhealthy when the publisher fails and degraded when reads fail', async () => {
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 500 }]);
    expect((await pair.client.healthCheck()).status).toBe('unhealthy');
    await pair.server.faults.set([{ route: 'readBlob', kind: 'error', status: 503 }]);
    const degraded = await pair.client.healthCheck();
    expect(degraded.status).toBe('degraded');
    expect(degraded.issue).toMatch(/read-back failed/);
    await pair.server.faults.setDown(true);
    const ping = await pair.client.ping();
    expect(ping).toMatchObject({ ok: false, publisher: { ok: false }, aggregator: { ok: false } });
    await pair.server.faults.clear();
  });
});
