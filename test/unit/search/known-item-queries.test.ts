import { describe, expect, it } from 'vitest';
import { deriveKnownItemQuery } from '../../../src-main/search/known-item-queries.ts';

const PASSAGES = [
  'Rsync is a fast and extraordinarily versatile file copying tool.',
  'It can copy locally, to/from another host over any remote shell, or to/from a remote rsync daemon. ' +
    'It offers a large number of options that control every aspect of its behavior and permit very flexible specification of the set of files to be copied.',
];

describe('known-item queries from a document', () => {
  it('takes some content words of one sentence, in order, never the sentence itself', () => {
    const derived = deriveKnownItemQuery(PASSAGES, '/docs/rsync.txt');
    expect(derived).not.toBeNull();
    const words = derived!.query.split(' ');
    expect(words.length).toBeGreaterThanOrEqual(3);
    expect(words.length).toBeLessThanOrEqual(6);
    const source = PASSAGES[derived!.passage]!.toLowerCase();
    let at = -1;
    for (const word of words) {
      const found = source.indexOf(word, at + 1);
      expect(found, `${word} comes from the passage, in order`).toBeGreaterThan(at);
      at = found;
    }
    for (const stop of ['the', 'and', 'of', 'it', 'to', 'a', 'that']) expect(words).not.toContain(stop);
    expect(source).not.toContain(derived!.query);
  });

  it('is the same for the same key and varies with the key', () => {
    const queries = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((key) => deriveKnownItemQuery(PASSAGES, key)?.query));
    expect(deriveKnownItemQuery(PASSAGES, 'a')).toEqual(deriveKnownItemQuery(PASSAGES, 'a'));
    expect(queries.size).toBeGreaterThan(1);
  });

  it('leaves out at least half of a long sentence', () => {
    const sentence = 'Tool permits flexible specification controlling every aspect behavior copying files between hosts remote shells daemons quickly.';
    const derived = deriveKnownItemQuery([sentence], 'k');
    expect(derived!.query.split(' ').length).toBe(6);
  });

  it('gives nothing for text without a sentence of six content words', () => {
    expect(deriveKnownItemQuery(['Name: foo', 'Version: 1.2.3', '| a | b | c |'], 'k')).toBeNull();
    expect(deriveKnownItemQuery([], 'k')).toBeNull();
  });
});
