import { describe, expect, it } from 'vitest';
import type { SnapshotFileEntry } from '../../../../src-shared/contract/snapshot-files.ts';
import { buildFileTree, restorePaths, type TreeNode } from '../../../../src-renderer/stores/file-tree.ts';

const file = (path: string, size = 10): SnapshotFileEntry => ({ documentId: 1, path, size, modifiedAt: '2026-12-05T10:00:00.000Z', hash: 'ab' });
const shape = (node: TreeNode): unknown => (node.children ? { [`${node.name} (${node.files}, ${node.size})`]: node.children.map(shape) } : node.name);

describe('buildFileTree', () => {
  it('starts at the deepest shared folder, folders before files, with counts and sizes', () => {
    const tree = buildFileTree([
      file('/home/ana/notes/zeta.txt', 1),
      file('/home/ana/notes/garden/tomatoes.md', 2),
      file('/home/ana/notes/garden/herbs/basil.txt', 3),
      file('/home/ana/notes/alpha.txt', 4),
    ]);
    expect(tree?.path).toBe('/home/ana/notes');
    expect(shape(tree as TreeNode)).toEqual({
      'notes (4, 10)': [{ 'garden (2, 5)': [{ 'herbs (1, 3)': ['basil.txt'] }, 'tomatoes.md'] }, 'alpha.txt', 'zeta.txt'],
    });
  });

  it('keeps a lone file under its folder, and files from unrelated places under /', () => {
    expect(buildFileTree([file('/home/ana/notes/a.txt')])?.path).toBe('/home/ana/notes');
    const spread = buildFileTree([file('/home/ana/a.txt'), file('/srv/b.txt')]);
    expect(spread?.path).toBe('/');
    expect(spread?.children?.map((c) => c.path)).toEqual(['/home', '/srv']);
    expect(buildFileTree([])).toBeNull();
  });

  it('names a checked folder once, not the files inside it', () => {
    const tree = buildFileTree([file('/n/a/x.txt'), file('/n/a/y.txt'), file('/n/b/z.txt'), file('/n/c.txt')]) as TreeNode;
    expect(restorePaths(new Set(['/n/a', '/n/a/x.txt', '/n/b/z.txt']), tree)).toEqual(['/n/a', '/n/b/z.txt']);
    expect(restorePaths(new Set([tree.path, '/n/c.txt']), tree)).toEqual(['/n']);
    expect(restorePaths(new Set(), tree)).toEqual([]);
  });
});
