import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../../../src-main/library/walk.ts';
import { withTempDir } from '../../helpers/temp-dir.ts';

async function tree(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), content);
  }
}

describe('collectFiles', () => {
  it('walks folders recursively, skipping hidden, ignored and non-document files', async () => {
    await withTempDir(async (root) => {
      await tree(root, {
        'a.txt': 'a',
        'README': 'readme',
        'photo.jpg': 'jpg',
        '.secret.txt': 'hidden',
        '.git/config.txt': 'hidden dir',
        'sub/b.md': 'b',
        'sub/deep/c.pdf': 'c',
        'sub/build/out.txt': 'ignored dir',
        'sub/draft.txt': 'ignored file',
        'sub/.gitignore': 'build/\ndraft.txt\n',
        'other/.pdwignore': '*.html\n',
        'other/page.html': 'ignored',
        'other/keep.htm': 'kept',
      });
      await symlink(join(root, 'sub'), join(root, 'loop'));
      const entries = await collectFiles([root]);
      const rel = entries.map((e) => e.path.slice(root.length + 1)).sort();
      expect(rel).toEqual(['README', 'a.txt', 'other/keep.htm', 'sub/b.md', 'sub/deep/c.pdf']);
      expect(entries.every((e) => 'size' in e)).toBe(true);
    });
  });

  it('always takes a file named explicitly and reports missing paths', async () => {
    await withTempDir(async (root) => {
      await tree(root, { 'photo.jpg': 'x', 'a.txt': 'a' });
      const entries = await collectFiles([join(root, 'photo.jpg'), join(root, 'nope.txt'), join(root, 'a.txt'), root]);
      expect(entries).toEqual([
        { path: join(root, 'photo.jpg'), size: 1, mtimeMs: expect.any(Number) },
        { path: join(root, 'nope.txt'), error: 'file not found' },
        { path: join(root, 'a.txt'), size: 1, mtimeMs: expect.any(Number) },
      ]);
    });
  });

  it('stops when cancelled', async () => {
    await withTempDir(async (root) => {
      await tree(root, { 'a/b.txt': 'b' });
      const controller = new AbortController();
      controller.abort();
      await expect(collectFiles([root], controller.signal)).rejects.toThrow();
    });
  });
});
