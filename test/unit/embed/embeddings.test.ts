import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WordVectorEmbedder } from '../../../src-main/embed/bundled-embedder.ts';
import { isZeroVector } from '../../../src-main/embed/embedder.ts';
import { wordTokens } from '../../../src-main/embed/tokenize.ts';
import { convertWinkJson } from '../../../src-main/embed/wink-vectors.ts';
import { WordVectors } from '../../../src-main/embed/word-vectors.ts';
import { tinyVectors } from '../../fixtures/library/embedders.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('WordVectors', () => {
  it('finds every word by rank and misses unknown ones', () => {
    const v = tinyVectors();
    expect(v.rank('the')).toBe(0);
    expect(v.rank('engine')).toBe(7);
    expect(v.rank('spaceship')).toBe(-1);
    expect(v.rank('')).toBe(-1);
  });

  it('round-trips through its file format with int8 precision', async () => {
    await withTempDir(async (dir) => {
      const words = ['alpha', 'beta', 'gämma', '日本'];
      const vectors = [
        [0.5, -0.25, 0.125],
        [-3, 2, 1],
        [0, 0, 0],
        [1e-3, 2e-3, -4e-3],
      ];
      const path = join(dir, 't.wvec');
      await WordVectors.fromFloat(words, 3, vectors).save(path);
      const loaded = await WordVectors.load(path);
      expect(loaded.count).toBe(4);
      words.forEach((w, i) => {
        expect(loaded.rank(w)).toBe(i);
        const out = new Float32Array(3);
        loaded.accumulate(i, 1, out);
        const max = Math.max(...(vectors[i] ?? []).map(Math.abs));
        out.forEach((x, d) => expect(Math.abs(x - (vectors[i]?.[d] ?? 0))).toBeLessThanOrEqual(max / 127 + 1e-9));
      });
    });
  });

  it('refuses a truncated or foreign file', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 't.wvec');
      await tinyVectors().save(path);
      const { readFile } = await import('node:fs/promises');
      const data = await readFile(path);
      await writeFile(path, data.subarray(0, data.length - 7));
      await expect(WordVectors.load(path)).rejects.toThrow(/truncated|corrupt/);
      await writeFile(path, 'hello world, not vectors at all');
      await expect(WordVectors.load(path)).rejects.toThrow(/not a word vector table/);
    });
  });

  it('converts the wink JSON layout (vector + norm + index per word)', async () => {
    await withTempDir(async (dir) => {
      const source = join(dir, 'wink.json');
      const json = {
        precision: 8,
        l2NormIndex: 2,
        wordIndex: 3,
        size: 2,
        dimensions: 2,
        words: ['the', 'cat'],
        vectors: { the: [1, 0, 1, 0], cat: [0, 2, 2, 1] },
        unkVector: [0, 0, 0, -1],
      };
      await writeFile(source, JSON.stringify(json));
      await convertWinkJson(source, join(dir, 'out.wvec'));
      const v = await WordVectors.load(join(dir, 'out.wvec'));
      expect(v.dimension).toBe(2);
      expect(v.rank('cat')).toBe(1);
      const out = new Float32Array(2);
      v.accumulate(1, 1, out);
      expect([...out]).toEqual([0, 2]);
    });
  });
});

describe('WordVectorEmbedder (SIF pooling)', () => {
  const embedder = new WordVectorEmbedder(tinyVectors(), 'tiny');

  it('tokenizes to lower-case words and keeps stop words', () => {
    expect(wordTokens("The cat's back-up, UP!")).toEqual(['the', 'cat', 's', 'back', 'up', 'up']);
  });

  it('returns unit vectors, and zeros when no word is known', async () => {
    const [a, b] = await embedder.embed(['the cat', 'zzz qqq']);
    expect(dot(a as Float32Array, a as Float32Array)).toBeCloseTo(1, 5);
    expect(isZeroVector(b as Float32Array)).toBe(true);
  });

  it('weighs frequent words less than rare ones but does not drop them', () => {
    expect(embedder.weight(0)).toBeLessThan(embedder.weight(5));
    expect(embedder.weight(0)).toBeGreaterThan(0);
    const withStop = embedder.embedOne('the');
    expect(isZeroVector(withStop)).toBe(false);
  });

  it('puts texts about similar things closer together', () => {
    const cat = embedder.embedOne('the cat');
    const kitten = embedder.embedOne('the kitten of the dog');
    const truck = embedder.embedOne('the truck engine');
    expect(dot(cat, kitten)).toBeGreaterThan(dot(cat, truck));
  });
});
