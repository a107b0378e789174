import { spawn } from 'node:child_process';
import { access, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCorpusFolder } from '../../../tools/bench/retrieval/corpus-folder.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

const gone = (path: string) => access(path).then(() => false, () => true);

describe("the retrieval benchmark's corpus folder", () => {
  it('hands over the same path every time, emptied first and removed after', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'corpus');
      const seen = await withCorpusFolder(async (root) => {
        await writeFile(join(root, 'left-over.txt'), 'from an earlier corpus');
        return root;
      }, folder);
      expect(seen).toBe(folder);
      expect(await gone(folder)).toBe(true);
      expect(await gone(`${folder}.lock`)).toBe(true);
      expect(await withCorpusFolder((root) => readdir(root), folder)).toEqual([]);
    });
  });

  it('refuses a folder a running process holds, and takes over one a dead process left', async () => {
    await withTempDir(async (dir) => {
      const folder = join(dir, 'corpus');
      const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
      try {
        await writeFile(`${folder}.lock`, String(holder.pid));
        await expect(withCorpusFolder(async () => 'ran', folder)).rejects.toThrow(`in use by another retrieval benchmark (pid ${holder.pid})`);
      } finally {
        holder.kill();
      }
      await new Promise((resolve) => holder.once('exit', resolve));
      expect(await withCorpusFolder(async () => 'ran', folder)).toBe('ran');
    });
  });
});
