// How far keyword heads reach: to half the chunks in a library of ordinary size, never past a step's bounded cost.
import { describe, expect, it } from 'vitest';
import { commonTermLimit, HEAD_POSTINGS_CAP, headTermLimit } from '../../../src-main/search/term-limits.ts';

describe('headTermLimit', () => {
  it('reaches to just under half the chunks while that is within the cap', () => {
    expect(headTermLimit(10_000)).toBe(4_999);
    expect(headTermLimit(115_557)).toBe(57_778);
  });

  it('stops at the cap in a larger library, and never below the common-term limit', () => {
    expect(headTermLimit(1_155_801)).toBe(HEAD_POSTINGS_CAP);
    expect(headTermLimit(4_000_000)).toBe(commonTermLimit(4_000_000));
    expect(headTermLimit(2_000)).toBe(commonTermLimit(2_000));
  });
});
