// Files dropped or picked in the browser arrive as content with a path relative to the folder or selection they came
// from; they are kept under <dataDir>/library/uploads/<that path> so the library has a real file to point at, with the
// original modification time. The same path sent again replaces the earlier upload (an edit); two different files
// never share a path. Main alone decides where a file goes: every name is checked before anything is written.
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import type { IngestOutcome } from '../../src-shared/contract/library.ts';
import { checkUploadName, uniqueNames } from '../../src-shared/upload-names.ts';
import { writeFileAtomic } from '../kernel/fs/atomic.ts';

export interface Upload {
  /** Relative path with `/` (or `\`) separators: `notes/2024/plan.md`, or just `plan.md`. */
  name: string;
  content: Uint8Array;
  /** Modification time, ms since the epoch; absent: the time of the upload. */
  lastModified?: number | undefined;
}

export interface PlannedUpload extends Upload {
  /** Where the file goes, relative to the uploads folder, in the platform's terms. */
  segments: string[];
}

/**
 * Checks every name (the first bad one refuses the whole request, before anything is written) and gives the files of
 * one request distinct places: a second, different file with the same path gets " (2)"; the same bytes twice are one.
 */
export function planUploads(files: readonly Upload[], platform: NodeJS.Platform = process.platform): PlannedUpload[] {
  const checked = files.map((file) => {
    const check = checkUploadName(file.name);
    if (!check.ok) throw new AppError('invalid_input', `Cannot upload "${printable(file.name)}": ${check.reason}. Send paths relative to the chosen folder, like notes/plan.md.`);
    return { ...file, name: portableSegments(check.segments, platform).join('/') };
  });
  // Where the disk ignores case (macOS, Windows) README.txt and readme.txt are one file: keep them apart there too.
  const key = platform === 'linux' ? undefined : (name: string) => name.toLowerCase();
  const names = uniqueNames(checked, (f) => f.name, { ...(key ? { key } : {}), same: (a, b) => Buffer.from(a.content).equals(b.content) });
  const planned = new Map<string, PlannedUpload>();
  names.forEach((name, i) => planned.set(name, { ...checked[i]!, name, segments: name.split('/') }));
  return [...planned.values()];
}

/** Writes each planned file under `dir` (durably, with its modification time); a file that cannot be written fails alone. */
export async function saveUploads(dir: string, planned: readonly PlannedUpload[]): Promise<{ saved: string[]; failed: IngestOutcome[] }> {
  const saved: string[] = [];
  const failed: IngestOutcome[] = [];
  for (const file of planned) {
    const path = join(dir, ...file.segments);
    try {
      await writeFileAtomic(path, file.content);
      if (file.lastModified !== undefined) await utimes(path, new Date(), new Date(file.lastModified));
      saved.push(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOTDIR' || code === 'EISDIR' || code === 'EEXIST' ? `${file.name} clashes with an uploaded ${code === 'EISDIR' ? 'folder' : 'file'} of the same name` : `cannot be saved (${code ?? String(error)})`;
      failed.push({ path, status: 'failed', reason });
    }
  }
  return { saved, failed };
}

// Windows cannot hold these characters, trailing dots or spaces, or device names in a file name: the closest name it can.
const WINDOWS_RESERVED = /[<>:"|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

function portableSegments(segments: string[], platform: NodeJS.Platform): string[] {
  if (platform !== 'win32') return segments;
  return segments.map((s) => {
    const replaced = s.replace(WINDOWS_RESERVED, '_').replace(/[. ]+$/, (tail) => '_'.repeat(tail.length));
    return WINDOWS_DEVICE.test(replaced) ? `_${replaced}` : replaced;
  });
}

/** A name as it can be shown in one line of an error message. */
function printable(name: string): string {
  return JSON.stringify(name.slice(0, 200)).slice(1, -1).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
