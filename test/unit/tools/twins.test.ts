import { describe, expect, it } from 'vitest';
import { judge } from '../../../tools/bench/retrieval/known-item.ts';
import { countingTwins, twinsOf } from '../../../tools/bench/retrieval/twins.ts';

const shared = 'XZ is the successor to the Lempel-Ziv/Markov-chain Algorithm compression format, which provides memory-hungry but powerful compression and fast, easy decompression.';
const runtime = { name: 'liblzma5', query: 'XZ-format compression library', body: `${shared} The native format of the library is XZ.` };
const dev = { name: 'liblzma-dev', query: 'XZ-format compression library - development files', body: `${shared} The native format of the library is XZ. It provides the development files.` };
const other = { name: 'zstd', query: 'fast lossless compression algorithm', body: 'Zstandard is a fast lossless compression algorithm with a very fast decoder.' };

describe("the retrieval benchmark's indistinguishable twins", () => {
  it('pairs near-identical documents only where the query cannot pick between them', () => {
    const twins = twinsOf([runtime, dev, other]);
    // Every word of the runtime query that its document holds is in the -dev document too.
    expect(twins.get('liblzma5')).toEqual(['liblzma-dev']);
    // The -dev query's "development" and "files" are only in the -dev document.
    expect(twins.has('liblzma-dev')).toBe(false);
    // Different text: no twin, whatever the query words.
    expect(twins.has('zstd')).toBe(false);
  });

  it('does not pair documents whose names tell them apart', () => {
    const create = { name: 'apis_create', query: 'create a new API', body: 'Create or update an API. The API is created in a new project. Flags: --async --display-name.' };
    const update = { name: 'apis_update', query: 'update an API', body: 'Create or update an API. The API is updated in a new project. Flags: --async --display-name.' };
    expect(twinsOf([create, update]).has('apis_create')).toBe(false);
    expect(twinsOf([{ ...create, name: 'apis_x' }, { ...update, name: 'apis_y' }]).get('apis_x')).toEqual(['apis_y']);
  });

  it('scores the first of an item and its twins, and leaves other items to their one right document', async () => {
    const items = [runtime, dev, other];
    const twins = twinsOf(items);
    const ranking: Record<string, string[]> = {
      [runtime.query]: ['liblzma-dev', 'liblzma5', 'zstd'],
      [dev.query]: ['liblzma5', 'liblzma-dev', 'zstd'],
      [other.query]: ['liblzma5', 'zstd'],
    };
    const rank = (query: string) => ranking[query] ?? [];
    expect((await judge(items, rank)).mrr).toBe(0.5);
    // Only the runtime query moves: its twin at rank 1 counts as right.
    expect((await judge(items, countingTwins(items, twins, rank))).mrr).toBe(Number(((1 + 0.5 + 0.5) / 3).toFixed(3)));
  });
});
