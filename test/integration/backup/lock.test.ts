// The backup lock across processes: a live holder refuses a second run, a dead holder's lock is taken over,
// and opening the history while another process runs a backup leaves that run alone.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackupDb } from '../../../src-main/backup/backup-db.ts';
import { acquireLock } from '../../../src-main/backup/lock.ts';
import { engine, testKeys, walrusClient, useBackupWorld } from './backup-fixtures.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const world = useBackupWorld();

describe('acquireLock', () => {
  it('refuses while another live process holds it and takes over after it died', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'backup.lock');
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
      await writeFile(path, String(child.pid));
      await expect(acquireLock(path)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining(String(child.pid)) });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const release = await acquireLock(path);
      await expect(acquireLock(path)).rejects.toMatchObject({ code: 'conflict' });
      await release();
      await (await acquireLock(path))();
    }));

  it('an engine opened while another live process holds the lock does not fail that process\'s run', async () => {
    const dir = join(world.root, 'held');
    await mkdir(join(dir, 'backup'), { recursive: true });
    const db = BackupDb.open(join(dir, 'backup', 'backup.sqlite'));
    db.insertSnapshot({ runId: 'theirs', parent: null, createdAt: 1, documents: 0, chunks: 0, bytes: 0, items: 0 }, [], {});
    db.close();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    const walrus = walrusClient(world.server);
    try {
      await writeFile(join(dir, 'backup', 'backup.lock'), String(child.pid));
      let opened = engine(dir, walrus, testKeys());
      expect(opened.db.snapshot('theirs')?.state).toBe('running');
      opened.close();
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      opened = engine(dir, walrus, testKeys());
      expect(opened.db.snapshot('theirs')).toMatchObject({ state: 'failed', error: 'interrupted' });
      opened.close();
    } finally {
      child.kill('SIGKILL');
      await walrus.close();
    }
  });
});
