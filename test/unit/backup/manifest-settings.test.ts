// The settings a manifest carries are optional and can never make a snapshot unreadable.
import { describe, expect, it } from 'vitest';
import { MANIFEST_FORMAT, manifestSchema } from '../../../src-main/backup/manifest.ts';

const manifest = {
  format: MANIFEST_FORMAT, runId: 'r', parent: null, createdAt: '2026-12-05T10:00:00.000Z',
  stats: { documents: 0, chunks: 0, bytes: 0 }, embedder: { id: 'e', dimension: 100 }, items: [],
};

describe('manifest settings', () => {
  it('reads a manifest without settings (older versions), with them, and with ones it cannot read (ignored)', () => {
    expect(manifestSchema.parse(manifest).settings).toBeUndefined();
    const settings = { scheduleIntervalMs: 86_400_000, retention: { keepLast: 10, keepDaily: 7, keepWeekly: 0, keepMonthly: 0 } };
    expect(manifestSchema.parse({ ...manifest, settings }).settings).toEqual(settings);
    const parsed = manifestSchema.parse({ ...manifest, settings: { scheduleIntervalMs: -1, retention: { keepLast: 0 } } });
    expect(parsed.settings).toBeUndefined();
    expect(parsed.runId).toBe('r');
  });
});
