// Files dropped in the browser arrive as content; they are kept under <dataDir>/library/uploads so the
// library has a real file to point at. The same name again replaces the earlier upload (an edit).
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic.ts';

export interface Upload {
  name: string;
  content: Uint8Array;
}

export async function saveUploads(dir: string, files: readonly Upload[]): Promise<string[]> {
  const paths: string[] = [];
  for (const file of files) {
    const path = join(dir, safeName(file.name));
    await writeFileAtomic(path, file.content);
    paths.push(path);
  }
  return paths;
}

/** A plain file name: no folders, no control characters, not hidden, never empty. */
export function safeName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'))
     
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^\.+/, '_')
    .trim()
    .slice(0, 200);
  return base || 'upload';
}
