import { describe, expect, it } from 'vitest';
import { progressLine } from '../../../src-main/cli/follow-job.ts';

describe('the progress line of `pdw` jobs', () => {
  it('says how many files an ingest has saved, apart from those read ahead of their commit', () => {
    expect(progressLine('ingest', { done: 64, read: 100, total: 500, unit: 'files', current: '/notes/a.md' }, false)).toBe(
      'ingest: 64/500 files saved, 100 read  /notes/a.md',
    );
  });

  it('says what a backup does while its count stands still', () => {
    expect(progressLine('backup', { done: 586, total: 586, unit: 'items', phase: 'uploadingIndex' }, false)).toBe('backup: 586/586 items  Uploading the snapshot index…');
  });

  it('keeps the plain count for jobs that read nothing ahead', () => {
    expect(progressLine('backup', { done: 3, total: null, unit: 'items' }, true)).toBe('backup: 3/? items  (cancelling…)');
  });
});
