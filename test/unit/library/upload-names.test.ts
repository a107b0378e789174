import { describe, expect, it } from 'vitest';
import { planUploads } from '../../../src-main/library/uploads.ts';
import { checkUploadName, numberedName, shownPath, uniqueNames, UPLOADS_LABEL } from '../../../src-shared/upload-names.ts';
import { planUpload } from '../../../src-renderer/stores/upload-plan.ts';
import { MAX_INGEST_FILE_BYTES, tooLargeReason } from '../../../src-shared/contract/library.ts';

const upload = (name: string, text = name) => ({ name, content: Buffer.from(text) });
const names = (platform: NodeJS.Platform, ...files: ReturnType<typeof upload>[]) => planUploads(files, platform).map((p) => p.segments.join('/'));

describe('upload names', () => {
  it('accepts relative paths with either separator and says why it refuses the others', () => {
    expect(checkUploadName('notes\\2024/plan.md')).toEqual({ ok: true, path: 'notes/2024/plan.md', segments: ['notes', '2024', 'plan.md'] });
    expect(checkUploadName('.hidden/ünïcode name.txt').ok).toBe(true);
    expect(checkUploadName('../x')).toEqual({ ok: false, reason: 'the name holds a ".." folder' });
    expect(checkUploadName('D:/x')).toEqual({ ok: false, reason: 'the name starts with a drive letter' });
    expect(checkUploadName('/x')).toEqual({ ok: false, reason: 'the name is an absolute path' });
    expect(checkUploadName('a\u0007b')).toEqual({ ok: false, reason: 'the name holds control characters' });
    expect(checkUploadName(`${'é'.repeat(128)}`)).toEqual({ ok: false, reason: 'a part of the name is longer than 255 bytes' });
  });

  it('numbers later different files with a taken name, before the extension', () => {
    expect(numberedName('a/b/report.final.pdf', 2)).toBe('a/b/report.final (2).pdf');
    expect(numberedName('README', 3)).toBe('README (3)');
    expect(numberedName('.profile', 2)).toBe('.profile (2)');
    expect(uniqueNames(['x', 'x', 'x (2)', 'x'], (n) => n)).toEqual(['x', 'x (2)', 'x (2) (2)', 'x (3)']);
  });

  it('keeps names apart where the disk ignores case, and makes names Windows can hold', () => {
    expect(names('linux', upload('A/readme.txt', '1'), upload('a/README.txt', '2'))).toEqual(['A/readme.txt', 'a/README.txt']);
    expect(names('darwin', upload('A/readme.txt', '1'), upload('a/README.txt', '2'))).toEqual(['A/readme.txt', 'a/README (2).txt']);
    expect(names('win32', upload('why: "x"?.txt'), upload('con.txt'), upload('dots...'))).toEqual(['why_ _x__.txt', '_con.txt', 'dots___']);
    expect(names('linux', upload('why: "x"?.txt'))).toEqual(['why: "x"?.txt']);
  });
});

describe('an upload planned in the browser', () => {
  const chosen = (path: string, bytes = 1, fromFolder = path.includes('/')) => ({ file: new File([new Uint8Array(bytes)], path.split('/').at(-1)!), path, fromFolder });

  it('skips what a folder walk skips, names the whole selection once and packs batches by count and bytes', () => {
    const plan = planUpload(
      [chosen('f/.git/config'), chosen('f/photo.jpg'), chosen('photo.jpg', 5), chosen('f/a/README'), chosen('README', 2), chosen('readme', 2), chosen('big.pdf', 50), chosen('../x.txt', 1, false), chosen('c.md', 3)],
      { files: 2, bytes: 10 },
    );
    expect(plan.skipped).toBe(2);
    expect(plan.refused).toEqual([{ path: '../x.txt', status: 'failed', reason: 'not sent: the name holds a ".." folder' }]);
    expect(plan.batches.map((b) => b.map((f) => f.name))).toEqual([['photo.jpg', 'f/a/README'], ['README', 'readme (2)'], ['big.pdf'], ['c.md']]);
    expect(plan.total).toBe(7);
  });
});

describe('a file larger than ingest reads', () => {
  it('is refused in the browser with the reason main gives, and not sent', () => {
    const file = (name: string, bytes: number) => ({ file: new File([new Uint8Array(bytes)], name), path: name, fromFolder: false });
    const plan = planUpload([file('huge.txt', 3 * 1024 * 1024), file('small.txt', 10)], { files: 100, bytes: 1 << 30, maxFileBytes: 2 * 1024 * 1024 });
    expect(plan.refused).toEqual([{ path: 'huge.txt', status: 'failed', reason: 'not sent: too large (3.0 MB; the limit is 2.0 MB)' }]);
    expect(plan.batches.map((b) => b.map((f) => f.name))).toEqual([['small.txt']]);
    expect(plan.total).toBe(2);
    expect(tooLargeReason(80.4 * 1024 * 1024, MAX_INGEST_FILE_BYTES)).toBe('too large (80.4 MB; the limit is 64.0 MB)');
  });

  it('shows a path under the uploads folder as the name the user chose, on either platform', () => {
    expect(shownPath('/srv/pdw/library/uploads/notes/2024/plan.md', '/srv/pdw/library/uploads')).toBe('notes/2024/plan.md');
    expect(shownPath('C:\\pdw\\library\\uploads\\notes\\plan.md', 'C:\\pdw\\library\\uploads')).toBe('notes/plan.md');
    expect(shownPath('/srv/pdw/library/uploads', '/srv/pdw/library/uploads')).toBe(UPLOADS_LABEL);
    // Not under it: a sibling that only shares the prefix, a path of its own, or no uploads folder known yet.
    expect(shownPath('/srv/pdw/library/uploads-old/a.md', '/srv/pdw/library/uploads')).toBe('/srv/pdw/library/uploads-old/a.md');
    expect(shownPath('/home/me/notes/a.md', '/srv/pdw/library/uploads')).toBe('/home/me/notes/a.md');
    expect(shownPath('/srv/pdw/library/uploads/a.md', undefined)).toBe('/srv/pdw/library/uploads/a.md');
  });
});
