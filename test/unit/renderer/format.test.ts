import { describe, expect, it } from 'vitest';
import { formatWal } from '../../../src-renderer/components/format.ts';

describe('formatWal', () => {
  it('shows FROST amounts in WAL to four significant digits', () => {
    expect(formatWal(0)).toBe('0 WAL');
    expect(formatWal(12_345_000)).toBe('0.01235 WAL');
    expect(formatWal(1_000_000_000)).toBe('1 WAL');
    expect(formatWal(1_500_000_000_000)).toBe('1,500 WAL');
    expect(formatWal(1)).toBe('0.000000001 WAL');
  });
});
