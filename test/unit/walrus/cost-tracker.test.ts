import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobCost } from '../../../src-main/walrus/cost.ts';
import { CostTracker } from '../../../src-main/walrus/cost-tracker.ts';

describe('CostTracker', () => {
  it('estimates a blob with the official formula and sums reported costs', () => {
    const tracker = new CostTracker({ shards: 1000 });
    const record = tracker.recordStore({ operation: 'storeBlob', bytes: 10_240, epochs: 5, reportedCost: 1234, ids: ['b'], alreadyCertified: false });
    expect(record.estimatedCost).toBe(blobCost(10_240, { shards: 1000, epochs: 5 }).cost);
    tracker.recordRead('retrieveBlob', 10_240, ['b']);
    expect(tracker.summary()).toMatchObject({ operations: 2, stores: 1, reads: 1, bytesStored: 10_240, bytesRead: 10_240, totalCost: 1234, costPerByte: 1234 / 10_240 });
  });

  it('estimates a quilt far below one blob per patch', () => {
    const tracker = new CostTracker({ shards: 1000 });
    const patches = Array.from({ length: 600 }, (_, i) => ({ identifier: `item-${String(i).padStart(4, '0')}`, tags: {}, size: 10_240 }));
    const quilt = tracker.estimate({ operation: 'storeQuilt', bytes: 600 * 10_240, epochs: 1, patches });
    const blobs = 600 * blobCost(10_240, { shards: 1000, epochs: 1 }).cost;
    expect(blobs / quilt).toBeGreaterThan(300);
  });

  it('keeps the summary when old records are dropped, resets and saves atomically', async () => {
    const tracker = new CostTracker({ maxRecords: 2 });
    for (let i = 0; i < 5; i++) tracker.recordStore({ operation: 'storeBlob', bytes: 1, epochs: 1, reportedCost: 10, ids: [String(i)], alreadyCertified: false });
    expect(tracker.operations()).toHaveLength(2);
    expect(tracker.summary().totalCost).toBe(50);
    const dir = await mkdtemp(join(tmpdir(), 'pdw-cost-'));
    try {
      await tracker.save(join(dir, 'costs.json'));
      const saved = JSON.parse(await readFile(join(dir, 'costs.json'), 'utf8')) as { summary: { stores: number } };
      expect(saved.summary.stores).toBe(5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    tracker.reset();
    expect(tracker.summary().operations).toBe(0);
  });
});
