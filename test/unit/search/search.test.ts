import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from '../../../src-main/search/fusion.ts';
import { buildSnippet } from '../../../src-main/search/snippet.ts';
import { ftsMatch, queryTerms, stemKey } from '../../../src-main/search/terms.ts';

const render = (segments: { text: string; highlight: boolean }[]) => segments.map((s) => (s.highlight ? `[${s.text}]` : s.text)).join('');

describe('reciprocal rank fusion', () => {
  it('ranks an item found by both lists above items found by one', () => {
    const fused = reciprocalRankFusion([{ ids: [1, 2, 3] }, { ids: [4, 3, 5] }]);
    expect(fused[0]?.id).toBe(3);
    expect(fused.map((f) => f.id).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('honours list weights and the k constant', () => {
    expect(reciprocalRankFusion([{ ids: [1] }, { ids: [2], weight: 2 }])[0]?.id).toBe(2);
    const [top] = reciprocalRankFusion([{ ids: [7] }], 10);
    expect(top?.score).toBeCloseTo(1 / 11);
  });
});

describe('query terms', () => {
  it('quotes every term so user text is never FTS syntax', () => {
    expect(queryTerms('Backup AND "keys" NEAR(x) -y backup')).toEqual(['backup', 'and', 'keys', 'near', 'x', 'y']);
    expect(ftsMatch(['a"b', 'c'])).toBe('"a""b" OR "c"');
    expect(ftsMatch([])).toBeNull();
  });

  it('gives word forms a common stem key', () => {
    expect(stemKey('warranties')).toBe(stemKey('warranty'));
    expect(stemKey('backups')).toBe(stemKey('backup'));
    expect(stemKey('running')).toBe('run');
    expect(stemKey('keys')).toBe(stemKey('key'));
    expect(stemKey('classes')).toBe(stemKey('class'));
  });
});

describe('buildSnippet', () => {
  it('highlights query terms in plain segments', () => {
    const s = buildSnippet('Keys are encrypted before each backup.', ['backups', 'key']);
    expect(render(s)).toBe('[Keys] are encrypted before each [backup].');
    expect(s.every((seg) => typeof seg.text === 'string')).toBe(true);
  });

  it('centres a long text on the densest cluster of distinct terms, with ellipses', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(40);
    const text = `${filler}solar once. ${filler}solar panels need cleaning twice a year. ${filler}`;
    const out = render(buildSnippet(text, ['solar', 'panels', 'cleaning'], 120));
    expect(out).toContain('[solar] [panels] need [cleaning]');
    expect(out.startsWith('…')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(out.length).toBeLessThanOrEqual(130);
  });

  it('never interprets markup in the text', () => {
    const s = buildSnippet('<img src=x onerror=alert(1)> hello', ['hello']);
    expect(s).toEqual([
      { text: '<img src=x onerror=alert(1)> ', highlight: false },
      { text: 'hello', highlight: true },
    ]);
  });
});
