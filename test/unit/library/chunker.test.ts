import { describe, expect, it } from 'vitest';
import { chunkText, DEFAULT_CHUNKING } from '../../../src-main/library/chunker.ts';

const sentence = (i: number) => `Sentence number ${i} talks about topic ${i % 7} in some detail.`;
const paragraph = (from: number, n: number) => Array.from({ length: n }, (_, i) => sentence(from + i)).join(' ');

describe('chunkText', () => {
  it('cuts exact slices of the source, so offsets can highlight the original', () => {
    const source = [paragraph(0, 30), paragraph(30, 5), paragraph(35, 40)].join('\n\n');
    const chunks = chunkText(source);
    expect(chunks.length).toBeGreaterThan(3);
    for (const c of chunks) {
      expect(c.text).toBe(source.slice(c.start, c.end));
      expect(c.text.length).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxChars);
    }
  });

  it('covers the whole text, in order, ending chunks on sentence ends', () => {
    const source = paragraph(0, 60);
    const chunks = chunkText(source);
    expect(chunks[0]?.start).toBe(0);
    expect(chunks.at(-1)?.end).toBe(source.length);
    for (let i = 1; i < chunks.length; i++) {
      expect(chunks[i]?.start).toBeLessThanOrEqual(chunks[i - 1]?.end ?? 0); // no gap
      expect(chunks[i]?.start).toBeGreaterThan(chunks[i - 1]?.start ?? 0); // progress
      expect(chunks[i - 1]?.text.endsWith('.')).toBe(true);
    }
  });

  it('repeats trailing sentences in the next chunk of the same paragraph', () => {
    const chunks = chunkText(paragraph(0, 60));
    const overlapping = chunks.slice(1).filter((c, i) => c.start < (chunks[i]?.end ?? 0));
    expect(overlapping.length).toBe(chunks.length - 1);
  });

  it('prefers paragraph breaks and does not overlap across them', () => {
    const source = `${paragraph(0, 8)}\n\n${paragraph(8, 8)}\n\n${paragraph(16, 8)}`;
    const chunks = chunkText(source);
    const paragraphStarts = [0, source.indexOf('Sentence number 8 '), source.indexOf('Sentence number 16 ')];
    expect(chunks.map((c) => c.start)).toEqual(paragraphStarts);
  });

  it('splits a single huge run-on text without losing words', () => {
    const source = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkText(source);
    expect(chunks.every((c) => c.text.length <= DEFAULT_CHUNKING.maxChars)).toBe(true);
    const words = new Set(chunks.flatMap((c) => c.text.split(' ')));
    expect(words.size).toBe(2000);
  });

  it('returns nothing for blank text and one chunk for a short note', () => {
    expect(chunkText('  \n\n \t')).toEqual([]);
    expect(chunkText('Buy milk.')).toEqual([{ start: 0, end: 9, text: 'Buy milk.' }]);
  });
});
