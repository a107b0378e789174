// The retention rule and the renewal plan as pure functions: which snapshots to forget, which stored
// objects to store again (each once), given the history and the current epoch.
import { describe, expect, it } from 'vitest';
import { planRenewal, type KeptObject } from '../../../src-main/backup/renewal-plan.ts';
import { forgetRefusal, snapshotsToForget, type RetentionCandidate } from '../../../src-main/backup/retention.ts';

const snap = (runId: string, createdAt: number, extra: Partial<RetentionCandidate> = {}): RetentionCandidate => ({
  runId,
  createdAt,
  state: 'complete',
  forgottenAt: null,
  pinned: false,
  ...extra,
});

describe('snapshotsToForget (keep the last N)', () => {
  const history = [snap('a', 1), snap('b', 2), snap('c', 3), snap('d', 4), snap('e', 5)];

  it('forgets the complete snapshots beyond the newest N, whatever the order given', () => {
    expect(snapshotsToForget(history, 2).sort()).toEqual(['a', 'b', 'c']);
    expect(snapshotsToForget([...history].reverse(), 2).sort()).toEqual(['a', 'b', 'c']);
    expect(snapshotsToForget(history, 5)).toEqual([]);
    expect(snapshotsToForget(history, 50)).toEqual([]);
  });

  it('never forgets the newest complete snapshot, even with N below 1', () => {
    expect(snapshotsToForget(history, 0).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(snapshotsToForget(history, -3)).not.toContain('e');
  });

  it('never forgets pending, running or failed snapshots, and they do not count towards N', () => {
    const mixed = [snap('a', 1), snap('b', 2), snap('p', 3, { state: 'pending' }), snap('f', 4, { state: 'failed' }), snap('r', 5, { state: 'running' })];
    expect(snapshotsToForget(mixed, 1)).toEqual(['a']);
    expect(snapshotsToForget([snap('p', 9, { state: 'pending' })], 1)).toEqual([]);
  });

  it('keeps pinned snapshots besides the N, and does not forget the forgotten twice', () => {
    const pinned = [snap('a', 1, { pinned: true }), snap('b', 2), snap('c', 3), snap('d', 4, { forgottenAt: 10 }), snap('e', 5)];
    expect(snapshotsToForget(pinned, 2)).toEqual(['b']);
  });

  it('breaks ties in creation time by the order of the history (later rows are newer)', () => {
    expect(snapshotsToForget([snap('x', 1), snap('y', 1)], 1)).toEqual(['x']);
  });
});

describe('forgetRefusal', () => {
  const history = [snap('a', 1), snap('b', 2, { state: 'pending' }), snap('c', 3), snap('d', 4, { forgottenAt: 5 })];
  it('allows an older complete snapshot and refuses the rest with a reason', () => {
    expect(forgetRefusal(history, 'a')).toBeUndefined();
    expect(forgetRefusal(history, 'b')).toMatch(/pending/);
    expect(forgetRefusal(history, 'd')).toMatch(/already forgotten/);
    expect(forgetRefusal([...history, snap('e', 9)], 'e')).toMatch(/newest complete/);
    expect(forgetRefusal(history, 'zz')).toMatch(/not in this history/);
  });
});

describe('planRenewal', () => {
  const kept = (runId: string, objectId: string, endEpoch: number, type: KeptObject['type'] = 'quilt'): KeptObject => ({ runId, objectId, endEpoch, type });

  it('renews each object due once, listing every kept snapshot that needs it, most urgent first', () => {
    const plan = planRenewal(
      [kept('s1', 'Q1', 12), kept('s2', 'Q1', 12), kept('s1', 'M1', 13, 'blob'), kept('s2', 'M2', 15, 'blob'), kept('s2', 'Q2', 11)],
      10,
      2,
    );
    expect(plan.renew).toEqual([
      { objectId: 'Q2', type: 'quilt', endEpoch: 11, snapshots: ['s2'] },
      { objectId: 'Q1', type: 'quilt', endEpoch: 12, snapshots: ['s1', 's2'] },
    ]);
    expect(plan.expired).toEqual([]);
  });

  it('leaves objects with time left alone, and reports those already expired apart', () => {
    const plan = planRenewal([kept('s1', 'Q1', 20), kept('s1', 'Q0', 10), kept('s1', 'Q9', 9)], 10, 2);
    expect(plan.renew).toEqual([]);
    expect(plan.expired.map((t) => t.objectId)).toEqual(['Q9', 'Q0']);
  });

  it('takes the longest known end of an object seen through several snapshots', () => {
    expect(planRenewal([kept('s1', 'Q1', 11), kept('s2', 'Q1', 30)], 10, 2).renew).toEqual([]);
  });

  it('has nothing to renew without kept snapshots (forgotten ones are not passed in)', () => {
    expect(planRenewal([], 10, 2)).toEqual({ renew: [], expired: [] });
  });
});
