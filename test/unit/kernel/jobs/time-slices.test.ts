import { describe, expect, it } from 'vitest';
import { TimeSlices } from '../../../../src-main/kernel/jobs/time-slices.ts';

describe('TimeSlices', () => {
  it('yields once a slice has run its time, and starts the next slice after the yield', async () => {
    let now = 0;
    const slices = new TimeSlices(8, () => now);
    const yielded: boolean[] = [];
    for (let step = 0; step < 10; step++) {
      now += 3; // each item of work takes 3 ms
      yielded.push(await slices.pause());
    }
    // 3, 6 ms: go on; 9 ms: yield; then again after three more items, and so on.
    expect(yielded).toEqual([false, false, true, false, false, true, false, false, true, false]);
  });

  it('lets callbacks queued meanwhile run when it yields, and not before', async () => {
    let now = 0;
    const slices = new TimeSlices(8, () => now);
    let ran = false;
    setImmediate(() => (ran = true));
    now = 5;
    await slices.pause();
    expect(ran).toBe(false);
    now = 9;
    await slices.pause();
    expect(ran).toBe(true);
  });
});
