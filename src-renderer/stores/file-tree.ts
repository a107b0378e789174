// A snapshot's files as a folder tree for browsing and choosing what to restore. The tree starts at the
// deepest folder all files share (a library under /home/ana/notes shows `notes`, not `/`); a folder carries
// its file count and size. Pure: the Backups page renders it, the unit tests check it.
import type { SnapshotFileEntry } from '../../src-shared/contract/snapshot-files.ts';

export interface TreeNode {
  name: string;
  /** Full path as the snapshot lists it (what a restore request names). */
  path: string;
  files: number;
  size: number;
  /** Sorted: folders first, then files, each by name. Absent on a file. */
  children?: TreeNode[];
  entry?: SnapshotFileEntry;
}

export function buildFileTree(files: readonly SnapshotFileEntry[]): TreeNode | null {
  if (files.length === 0) return null;
  const sep = files[0]?.path.includes('\\') && !files[0].path.startsWith('/') ? '\\' : '/';
  const split = files.map((f) => f.path.split(sep));
  // The shared folder: the longest common prefix of the folders (never the file's own name).
  let common = (split[0] as string[]).slice(0, -1);
  for (const parts of split) {
    let i = 0;
    while (i < common.length && i < parts.length - 1 && parts[i] === common[i]) i++;
    common = common.slice(0, i);
  }
  const rootPath = common.join(sep) || sep;
  const root: TreeNode = { name: common[common.length - 1] || rootPath, path: rootPath, files: 0, size: 0, children: [] };
  files.forEach((entry, n) => {
    const parts = (split[n] as string[]).slice(common.length);
    let node = root;
    node.files++;
    node.size += entry.size;
    parts.forEach((name, i) => {
      const path = [...common, ...parts.slice(0, i + 1)].join(sep);
      if (i === parts.length - 1) {
        node.children?.push({ name, path, files: 1, size: entry.size, entry });
        return;
      }
      let child = node.children?.find((c) => c.children && c.name === name);
      if (!child) {
        child = { name, path, files: 0, size: 0, children: [] };
        node.children?.push(child);
      }
      child.files++;
      child.size += entry.size;
      node = child;
    });
  });
  sortTree(root);
  return root;
}

function sortTree(node: TreeNode): void {
  node.children?.sort((a, b) => Number(!a.children) - Number(!b.children) || a.name.localeCompare(b.name));
  node.children?.forEach(sortTree);
}

/**
 * What a restore request should name for the checked paths: a checked folder covers everything below it, so
 * paths inside a checked folder are dropped.
 */
export function restorePaths(checked: ReadonlySet<string>, root: TreeNode): string[] {
  const out: string[] = [];
  const walk = (node: TreeNode) => {
    if (checked.has(node.path)) out.push(node.path);
    else node.children?.forEach(walk);
  };
  walk(root);
  return out;
}
