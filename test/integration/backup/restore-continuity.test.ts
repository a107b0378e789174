// Continuity across machines at the real networks' committee size (1000 shards): a restore on a fresh data
// directory adopts the snapshot it read, so the next backup there uploads nothing when nothing changed (no
// PUT reaches the server, nothing is bought) and only the changed document when one file changed.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { restoreSnapshot } from '../../../src-main/backup/restore.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { engine, ingestCorpus, library, testKeys, useBackupWorld } from './backup-fixtures.ts';

const FILES = {
  'heron.txt': 'Herons\n\nThe grey heron waits motionless in the shallows before it strikes.\n',
  'wren.txt': 'Wrens\n\nA tiny brown bird with a loud song, the wren nests in hedges.\n',
  'kite.txt': 'Red kites\n\nForked tails and a mewing call: red kites soar over the valley.\n',
};

let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld({ shards: 1000 });
beforeAll(() => void ({ root, server, walrus } = world));

const puts = () => server.requestLog().filter((e) => e.method === 'PUT');

describe('a restored machine carries on the snapshot chain', () => {
  it('references everything already stored: no upload when nothing changed, one document when one file changed', { timeout: 300_000 }, async () => {
    const keys = testKeys();
    const first = join(root, 'first');
    await ingestCorpus(first, join(root, 'docs'), FILES);
    const original = engine(first, walrus, keys);
    const made = await original.backup();
    original.close();
    expect(made).toMatchObject({ state: 'complete', uploadedItems: 6 });

    // A new machine: a fresh data directory, the same phrase (keys) and the snapshot id.
    const second = join(root, 'second');
    const backups = engine(second, walrus, keys);
    try {
      const restored = await restoreSnapshot({ walrus, keys, db: backups.db }, made.snapshotId, { dataDir: second, target: 'new' });
      expect(restored.documents).toBe(3);
      const history = backups.db.snapshots();
      expect(history.map((s) => [s.manifestBlobId, s.state, s.items, s.uploadedItems])).toEqual([[made.snapshotId, 'complete', 6, 0]]);
      expect(backups.hasChanges()).toBe(false);

      server.clearRequestLog();
      const again = await backups.backup();
      expect(again).toMatchObject({ unchanged: true, snapshotId: made.snapshotId, uploadedItems: 0, cost: 0 });
      expect(puts()).toEqual([]);

      // One file edited on the new machine and ingested again: only its two items (record, file) are uploaded.
      const lib = await library(second);
      const heron = lib.documents({ limit: 10 }).documents.find((d) => d.title.includes('Heron') || d.path.endsWith('heron.txt'));
      expect(heron).toBeDefined();
      const path = (heron as { path: string }).path;
      expect(await readFile(path, 'utf8')).toBe(FILES['heron.txt']);
      await writeFile(path, `${FILES['heron.txt']}Seen again at dawn by the weir.\n`);
      try {
        await lib.ingest([path]);
      } finally {
        await lib.close();
      }
      server.clearRequestLog();
      const changed = await backups.backup();
      expect(changed).toMatchObject({ state: 'complete', unchanged: false, uploadedItems: 2, referencedItems: 4 });
      expect(backups.db.snapshot(changed.runId)?.parent).toBe(made.snapshotId);
      // One quilt with the two items and the new manifest: nothing else is bought.
      expect(puts()).toHaveLength(2);
    } finally {
      backups.close();
    }
  });
});
