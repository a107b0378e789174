// kill -9 in the middle of a backup, at several points: the next run completes, nothing already paid
// for is uploaded again, and the library and the earlier snapshot stay intact.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifySnapshot } from '../../../src-main/backup/verify.ts';
import { deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import type { WalrusClient } from '../../../src-main/walrus/index.ts';
import type { WalrusLocal } from '../../../src-main/walrus-local/index.ts';
import { ADDRESS, CORPUS, engine, ingestCorpus, library, SHARDS, useBackupWorld } from './backup-fixtures.ts';

const CHILD = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
let root: string;
let server: WalrusLocal;
let walrus: WalrusClient;

const world = useBackupWorld();
beforeAll(() => void ({ root, server, walrus } = world));

/** Runs the child backup and SIGKILLs it after `steps` progress lines; resolves with whether it was killed. */
function backupKilledAfter(dataDir: string, rootHex: string, steps: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir, server.url, rootHex, String(SHARDS)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let seen = 0;
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      seen += text.split('\n').filter((l) => l.startsWith('progress')).length;
      if (seen >= steps && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('exit', () => resolve(killed));
  });
}

describe('a backup killed with SIGKILL', () => {
  // Changed documents are re-ingested with new ids, so they come last: steps 3 and 4 fall among their uploads.
  for (const steps of [3, 4]) {
    it(`resumes after a kill at progress step ${steps}`, async () => {
      const rootBytes = randomBytes(32);
      const keys = deriveBackupKeys(rootBytes);
      const provider = { backupKeys: async () => keys, address: () => ADDRESS };
      const data = join(root, `d${steps}`);
      const docs = join(root, `docs${steps}`);
      await ingestCorpus(data, docs);
      let backups = engine(data, walrus, provider);
      const earlier = await backups.backup();
      backups.close();

      // Change three documents so the killed run has work to do.
      const changed = Object.fromEntries(Object.entries(CORPUS).slice(0, 3).map(([name, text]) => [name, `${text}\nRevised on day ${steps}.\n`]));
      await ingestCorpus(data, docs, changed);
      server.clearRequestLog();
      expect(await backupKilledAfter(data, rootBytes.toString('hex'), steps)).toBe(true);

      backups = engine(data, walrus, provider, { batchBytes: 1 }); // one quilt per item, as in the child
      try {
        expect(backups.db.snapshots().find((s) => s.runId !== earlier.runId)).toMatchObject({ state: 'failed', error: 'interrupted' });
        const next = await backups.backup();
        expect(next.state).toBe('complete');
        // The items the killed run stored are referenced, not bought again.
        expect(next.uploadedItems).toBeLessThan(6);
        expect(next.uploadedItems + next.referencedItems).toBe(10);
        // Six new items in all; at most the one in flight at the kill (stored, never recorded) goes twice.
        const stores = server.requestLog().filter((e) => e.method === 'PUT' && e.path.startsWith('/v1/quilts') && e.status === 200);
        expect(stores.length).toBeGreaterThanOrEqual(6);
        expect(stores.length).toBeLessThanOrEqual(7);
        for (const id of [earlier.snapshotId, next.snapshotId]) {
          expect((await verifySnapshot({ walrus, keys: provider, db: backups.db }, id, { all: true })).failures).toEqual([]);
        }
      } finally {
        backups.close();
      }
      const lib = await library(data);
      try {
        expect(lib.stats().documents).toBe(5);
      } finally {
        await lib.close();
      }
    });
  }
});
