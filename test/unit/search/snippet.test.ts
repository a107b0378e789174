import { describe, expect, it } from 'vitest';
import type { SnippetSegment } from '../../../src-shared/contract/library.ts';
import { buildSnippet } from '../../../src-main/search/snippet.ts';

const render = (segments: SnippetSegment[]) => segments.map((s) => (s.highlight ? `[${s.text}]` : s.text)).join('');

describe('buildSnippet word matching', () => {
  it('highlights whole words in any case and accent, never a word that only contains a term', () => {
    expect(render(buildSnippet('ÉDUCATION, Éducation and éducations; rééducation is not', ['éducation']))).toBe(
      '[ÉDUCATION], [Éducation] and [éducations]; rééducation is not',
    );
    expect(render(buildSnippet('Backups: BACKUP x2backup backup2 backup', ['backup']))).toBe('[Backups]: [BACKUP] x2backup backup2 [backup]');
  });

  it('treats letters and digits of any script, astral ones included, as parts of words', () => {
    expect(render(buildSnippet('東京 東京タワー, 𝐀𝐁c 𝐀𝐁, x²2 42 a42', ['東京', '𝐀𝐁', '42']))).toBe('[東京] 東京タワー, 𝐀𝐁c [𝐀𝐁], x²2 [42] a42');
    expect(render(buildSnippet('naïve—naïve…NAÏVE', ['naïve']))).toBe('[naïve]—[naïve]…[NAÏVE]');
  });

  it('compares the first letters of words in any case and script, as the lowercase of the term', () => {
    expect(render(buildSnippet('ΣΟΦΙΑ Σοφια σοφια σοφός', ['σοφια']))).toBe('[ΣΟΦΙΑ] [Σοφια] [σοφια] σοφός');
    expect(render(buildSnippet('NAÏVE nAïve Naïve naive', ['naïve']))).toBe('[NAÏVE] [nAïve] [Naïve] naive');
    // "İ" lowers to two code units: the word's head is three, and it matches no plain term.
    expect(render(buildSnippet('İstanbul ISTANBUL istanbul', ['istanbul']))).toBe('İstanbul [ISTANBUL] [istanbul]');
    expect(render(buildSnippet('İ I i', ['i']))).toBe('İ [I] [i]');
  });

  it('finds a term at the very start and end of the text, and none in an empty one', () => {
    expect(render(buildSnippet('backup', ['backup']))).toBe('[backup]');
    expect(render(buildSnippet('', ['backup']))).toBe('');
  });

  it('matches a one-letter term only as a word of its own', () => {
    expect(render(buildSnippet('A cat and a dog ate an apple', ['a']))).toBe('[A] cat and [a] dog ate an apple');
  });

  it('builds each snippet from its own terms when consecutive calls differ', () => {
    expect(render(buildSnippet('solar panels', ['solar']))).toBe('[solar] panels');
    expect(render(buildSnippet('solar panels', ['panels']))).toBe('solar [panels]');
    expect(render(buildSnippet('solar panels', []))).toBe('solar panels');
  });

  it('shows the window with the most distinct terms, then the most hits', () => {
    const text = 'apple apple apple apple one two three four five six seven eight nine ten pear x apple eleven twelve thirteen fourteen fifteen pear apple pear sixteen';
    expect(render(buildSnippet(text, ['apple', 'pear'], 30))).toBe('…[pear] [apple] [pear] sixteen');
    expect(render(buildSnippet(text, ['apple'], 30))).toBe('[apple] [apple] [apple] [apple] one…');
  });

  it('squashes runs of white space, tabs and newlines to one space', () => {
    expect(render(buildSnippet('one\n\ntwo\tthree  four five', ['four']))).toBe('one two three [four] five');
  });
});
