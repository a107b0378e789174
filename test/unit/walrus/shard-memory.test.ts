import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodedLength, quiltPatchLimit } from '../../../src-main/walrus/cost.ts';
import { WalrusHttpError } from '../../../src-main/walrus/errors.ts';
import { createWalrusClient } from '../../../src-main/walrus/index.ts';
import { refusedPatchLimit } from '../../../src-main/walrus/shard-learning.ts';
import { InMemoryShardMemory, publisherKey, ShardFile, shardsFromEncodedLength, shardsFromPatchLimit } from '../../../src-main/walrus/shard-memory.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const PUBLISHER = 'http://127.0.0.1:31415';

function refusal(message: string, status = 400): WalrusHttpError {
  const body = { error: { code: status, status: 'INVALID_ARGUMENT', message, details: [{ reason: 'MALFORMED_REQUEST', domain: 'daemon.walrus.space' }] } };
  return new WalrusHttpError(`HTTP ${status}`, status, body, JSON.stringify(body));
}

describe('the shard count from what a publisher says', () => {
  it('reads the patch limit from the official refusal, in debug and display form', () => {
    expect(refusedPatchLimit(refusal('the request is malformed: failed to construct quilt: ClientError { kind: QuiltError(TooManyBlobs(667, 666)) }'))).toBe(666);
    expect(refusedPatchLimit(refusal('quilt error: too many blobs to fit in the quilt: 150 > max number of blobs: 66'))).toBe(66);
  });

  it('ignores every other error', () => {
    expect(refusedPatchLimit(refusal('the request is malformed: failed to parse multipart form'))).toBeUndefined();
    expect(refusedPatchLimit(refusal('TooManyBlobs(667, 666)', 500))).toBeUndefined();
    expect(refusedPatchLimit(new Error('TooManyBlobs(667, 666)'))).toBeUndefined();
  });

  it('maps a patch limit to the committee size of that limit (the 3k + 1 one of the two)', () => {
    expect(shardsFromPatchLimit(666)).toBe(1000);
    expect(shardsFromPatchLimit(66)).toBe(100);
    expect(shardsFromPatchLimit(6)).toBe(10);
    for (let n = 4; n < 1200; n++) expect(quiltPatchLimit(shardsFromPatchLimit(quiltPatchLimit(n)) as number)).toBe(quiltPatchLimit(n));
    expect(shardsFromPatchLimit(0)).toBeUndefined();
  });

  it('pins the exact count from a fresh store’s encoded length', () => {
    for (const n of [4, 10, 99, 100, 101, 999, 1000, 1001]) {
      for (const size of [1, 17, 10_240, 3_000_000]) expect(shardsFromEncodedLength(size, encodedLength(size, n))).toBe(n);
    }
    // The NOTES' measurement: a 17-byte blob on a 1000-shard network reports 66,034,000 bytes.
    expect(shardsFromEncodedLength(17, 66_034_000)).toBe(1000);
    expect(shardsFromEncodedLength(17, 66_034_001)).toBeUndefined();
  });
});

describe('remembering what was learned', () => {
  it('keys by publisher, however the URL is spelled', () => {
    expect(publisherKey('http://Example.org:8080/')).toBe(publisherKey('http://example.org:8080'));
    expect(publisherKey('http://example.org/a/')).not.toBe(publisherKey('http://example.org/b'));
  });

  it('keeps an exact count over a refusal’s estimate with the same limit, and takes a contradicting one', async () => {
    const memory = new InMemoryShardMemory();
    await memory.learnShards(PUBLISHER, 999, 'stored-blob');
    await memory.learnShards(PUBLISHER, 1000, 'refusal');
    expect(memory.knownShards(PUBLISHER)).toMatchObject({ shards: 999, source: 'stored-blob' });
    await memory.learnShards(PUBLISHER, 100, 'refusal');
    expect(memory.knownShards(PUBLISHER)).toMatchObject({ shards: 100, source: 'refusal' });
    await memory.learnShards(PUBLISHER, 99, 'system-state');
    expect(memory.knownShards(PUBLISHER)).toMatchObject({ shards: 99, source: 'system-state' });
    await expect(memory.learnShards(PUBLISHER, 2, 'refusal')).rejects.toThrow(RangeError);
  });

  it('persists across instances sharing the data directory, and treats a damaged file as empty', () =>
    withTempDir(async (dir) => {
      const first = ShardFile.inDataDir(dir);
      expect(first.knownShards(PUBLISHER)).toBeUndefined();
      await first.learnShards(PUBLISHER, 100, 'refusal');
      const second = ShardFile.inDataDir(dir);
      expect(second.knownShards(`${PUBLISHER}/`)).toMatchObject({ shards: 100, source: 'refusal' });
      // What another instance learns later is seen by the first one too.
      await second.learnShards('http://127.0.0.1:1', 10, 'stored-blob');
      expect(first.knownShards('http://127.0.0.1:1')?.shards).toBe(10);
      const file = join(dir, 'walrus', 'shards.json');
      expect(JSON.parse(await readFile(file, 'utf8')).publishers).toHaveProperty([publisherKey(PUBLISHER), 'shards'], 100);
      await writeFile(file, '{ not json');
      expect(ShardFile.inDataDir(dir).knownShards(PUBLISHER)).toBeUndefined();
  }));

  it('takes a count read from the network through the client, at once and for the next client', async () => {
    const memory = new InMemoryShardMemory();
    const walrus = createWalrusClient({ publisherUrl: PUBLISHER, aggregatorUrl: PUBLISHER, shardMemory: memory });
    expect(walrus.shards).toBe(1000);
    await walrus.learnShards(100);
    expect([walrus.shards, walrus.costTracker.shards]).toEqual([100, 100]);
    expect(memory.knownShards(PUBLISHER)).toMatchObject({ shards: 100, source: 'system-state' });
    const next = createWalrusClient({ publisherUrl: `${PUBLISHER}/`, aggregatorUrl: PUBLISHER, shardMemory: memory, shards: 1000 });
    expect(next.shards).toBe(100);
    await Promise.all([walrus.close(), next.close()]);
  });
});
