import { describe, expect, it } from 'vitest';
import { higherFirst } from '../../../src-main/search/order.ts';

describe('higherFirst', () => {
  it('sorts as the difference of the scores does, higher first, ties left to the next key', () => {
    const scores = [0.25, -1.5, 1 / 3, 0.25, 2, -0, 0, Infinity, -Infinity, 1e-9];
    const items = scores.map((score, id) => ({ id, score }));
    const byDifference = [...items].sort((a, b) => b.score - a.score || a.id - b.id);
    const byComparator = [...items].sort((a, b) => higherFirst(a.score, b.score) || a.id - b.id);
    expect(byComparator).toEqual(byDifference);
    expect(byComparator.map((item) => item.score).slice(0, 3)).toEqual([Infinity, 2, 1 / 3]);
  });

  it('gives 0 where a difference is NaN, so the next key decides', () => {
    expect(higherFirst(NaN, 1)).toBe(0);
    expect(higherFirst(Infinity, Infinity)).toBe(0);
    expect(higherFirst(0.1, 0.1)).toBe(0);
  });
});
