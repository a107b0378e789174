import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuiltPatchId } from '../../../src-main/walrus/ids.ts';
import { startPair, text, type Pair } from './harness.ts';

// Mainnet and testnet run 1000 shards: 666 patches per quilt and ~64 MB of encoded metadata per blob.
let pair: Pair;
beforeAll(async () => (pair = await startPair({ server: { shards: 1000 } })));
afterAll(() => pair.close());

describe('at mainnet committee size (1000 shards)', () => {
  it('stores a full quilt of 666 patches and reads the last one back', { timeout: 120_000 }, async () => {
    expect(pair.server.shards).toBe(1000);
    const items = Array.from({ length: 666 }, (_, i) => ({ identifier: `n${i}`, data: new TextEncoder().encode(`note ${i}`) }));
    const result = await pair.client.storeQuilts(items);
    expect(result.quilts.map((q) => q.patches.length)).toEqual([666]);
    const last = result.locations.n665!;
    expect(parseQuiltPatchId(last.patchId).end).toBeGreaterThan(parseQuiltPatchId(last.patchId).start);
    expect(text((await pair.client.retrieveFromQuiltByPatchId(last.patchId)).data)).toBe('note 665');
    // The client's formula predicts exactly what the publisher charges for the mainnet quilt layout.
    const [record] = pair.client.costTracker.operations();
    expect(result.cost).toBe(record?.estimatedCost);
  });
});
