// Tests mirror the source tree: every folder under test/unit names a source folder (src-main/<path>,
// tools/<path>, src-renderer/<path> as renderer/, src-shared/<path> as shared/), and every folder under
// test/integration names a domain of src-main; the cross-cutting categories (CONTRIBUTING.md, Tests) excepted.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
/** Folders grouped by method rather than subject. */
const CATEGORIES = new Set(['e2e', 'fuzz', 'crash', 'load']);

function folders(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) return [];
    const relative = prefix ? `${prefix}/${name}` : name;
    return [relative, ...folders(path, relative)];
  });
}

/** The source folder a unit-test folder mirrors. */
function sourceFolderOf(testFolder: string): string {
  const [first, ...rest] = testFolder.split('/');
  if (first === 'tools') return join('tools', ...rest);
  if (first === 'renderer') return join('src-renderer', ...rest);
  if (first === 'shared') return join('src-shared', ...rest);
  return join('src-main', testFolder);
}

const isCategory = (folder: string): boolean => CATEGORIES.has(folder.split('/')[0]!);

describe('test folders', () => {
  it('under test/unit each name a source folder', () => {
    const orphans = folders(join(ROOT, 'test/unit')).filter((f) => !isCategory(f) && !existsSync(join(ROOT, sourceFolderOf(f))));
    expect(orphans, 'move these tests to the folder mirroring the source they test (CONTRIBUTING.md, Tests)').toEqual([]);
  });

  it('under test/integration each name a domain of src-main', () => {
    const top = readdirSync(join(ROOT, 'test/integration')).filter((name) => statSync(join(ROOT, 'test/integration', name)).isDirectory());
    const orphans = top.filter((f) => !isCategory(f) && !existsSync(join(ROOT, 'src-main', f)));
    expect(orphans, 'an integration test goes to test/integration/<domain>/ (CONTRIBUTING.md, Tests)').toEqual([]);
  });

  it('maps a folder to its source folder', () => {
    expect(sourceFolderOf('kernel/jobs')).toBe(join('src-main', 'kernel/jobs'));
    expect(sourceFolderOf('tools/lint')).toBe(join('tools', 'lint'));
    expect(sourceFolderOf('renderer/stores')).toBe(join('src-renderer', 'stores'));
  });
});
