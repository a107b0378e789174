// The expiry warning window: a kept snapshot is expiring soon when it ends within the window and renewal,
// due for an epoch already, has not extended it. Hand-made epochs and dates (UTC).
import { describe, expect, it } from 'vitest';
import { isExpiringSoon, type ExpiryWindow } from '../../../src-main/backup/expiry-warning.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-12-05T12:00:00Z');
const kept = (endEpoch: number) => ({ state: 'complete' as const, forgottenAt: null, endEpoch });

describe('isExpiringSoon', () => {
  // Mainnet-like: 14-day epochs, renewal at 2 epochs (28 days) left, a 7-day window.
  const mainnet: ExpiryWindow = { nowMs: now, currentEpoch: 100, warningDays: 7, renewWithinEpochs: 2 };
  const endsIn = (days: number) => now + days * DAY;

  it('warns within the window when renewal is overdue, not before', () => {
    expect(isExpiringSoon(kept(101), endsIn(6.9), mainnet)).toBe(true);
    expect(isExpiringSoon(kept(101), endsIn(7), mainnet)).toBe(true);
    expect(isExpiringSoon(kept(101), endsIn(7.1), mainnet)).toBe(false);
  });

  it('stays quiet where renewal is not overdue, however close the date (testnet: 1-day epochs)', () => {
    const testnet: ExpiryWindow = { nowMs: now, currentEpoch: 500, warningDays: 7, renewWithinEpochs: 2 };
    // 5 epochs bought: ends in 5 days, always inside a week, renewal not even due.
    expect(isExpiringSoon(kept(505), endsIn(5), testnet)).toBe(false);
    // Due now (2 left): renewal gets one epoch to act before anyone is warned.
    expect(isExpiringSoon(kept(502), endsIn(2), testnet)).toBe(false);
    expect(isExpiringSoon(kept(501), endsIn(1), testnet)).toBe(true);
  });

  it('never warns for expired, forgotten, unfinished snapshots, nor with the window at 0', () => {
    expect(isExpiringSoon(kept(100), endsIn(0), mainnet)).toBe(false);
    expect(isExpiringSoon({ ...kept(101), forgottenAt: 1 }, endsIn(1), mainnet)).toBe(false);
    expect(isExpiringSoon({ ...kept(101), state: 'pending' }, endsIn(1), mainnet)).toBe(false);
    expect(isExpiringSoon({ state: 'complete', forgottenAt: null, endEpoch: null }, endsIn(1), mainnet)).toBe(false);
    expect(isExpiringSoon(kept(101), endsIn(1), { ...mainnet, warningDays: 0 })).toBe(false);
  });
});
