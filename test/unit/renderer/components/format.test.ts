import { describe, expect, it } from 'vitest';
import { describeEpochs, formatWal } from '../../../../src-renderer/components/format.ts';

describe('formatWal', () => {
  it('shows FROST amounts in WAL to four significant digits', () => {
    expect(formatWal(0)).toBe('0 WAL');
    expect(formatWal(12_345_000)).toBe('0.01235 WAL');
    expect(formatWal(1_000_000_000)).toBe('1 WAL');
    expect(formatWal(1_500_000_000_000)).toBe('1,500 WAL');
    expect(formatWal(1)).toBe('0.000000001 WAL');
  });
});

describe('describeEpochs', () => {
  it('says how long an epoch lasts, where the figure comes from, and what the storage epochs add up to', () => {
    expect(describeEpochs(5, { lengthMs: 86_400_000, fromNetwork: false })).toBe('an epoch lasts 1 day (assumed for this network), so 5 ≈ 5 days');
    expect(describeEpochs(2, { lengthMs: 14 * 86_400_000, fromNetwork: true })).toBe('an epoch lasts 14 days on this network, so 2 ≈ 28 days');
    expect(describeEpochs(3, { lengthMs: 3_600_000, fromNetwork: true })).toBe('an epoch lasts 1 hour on this network, so 3 ≈ 3 hours');
    expect(describeEpochs(Number.NaN, { lengthMs: 3_600_000, fromNetwork: true })).toBe('an epoch lasts 1 hour on this network');
  });
});
