// The backup lock across processes: a live holder refuses a second run, a dead holder's lock is taken over.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../../src-main/backup/lock.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

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
});
