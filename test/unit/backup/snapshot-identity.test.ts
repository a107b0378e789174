import { describe, expect, it } from 'vitest';
import { newestPerRun } from '../../../src-main/backup/snapshot-identity.ts';

describe('newestPerRun', () => {
  it('lists a snapshot once, under its highest manifest revision, then the one stored longest', () => {
    const found = [
      { snapshotId: 'a0', runId: 'a', revision: 0, endEpoch: 9 },
      { snapshotId: 'a1', runId: 'a', revision: 1, endEpoch: 8 },
      { snapshotId: 'b0', runId: 'b', revision: 0, endEpoch: 5 },
      { snapshotId: 'b0-again', runId: 'b', revision: 0, endEpoch: 7 },
      { snapshotId: 'c0', runId: 'c', revision: 0, endEpoch: 3 },
    ];
    expect(newestPerRun(found).map((s) => s.snapshotId).sort()).toEqual(['a1', 'b0-again', 'c0']);
    expect(newestPerRun([...found].reverse()).map((s) => s.snapshotId).sort()).toEqual(['a1', 'b0-again', 'c0']);
  });
});
