// Two rows of the fault matrix, small: the local Walrus server restarts while a quilt upload is in flight,
// and it corrupts bodies; either way the app's backup ends complete and restores with nothing lost.
// The whole matrix is `node tools/reliability/fault-matrix.ts` (docs/reliability.md).
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../../../tools/reliability/faults.ts';
import { runScenario } from '../../../tools/reliability/scenario.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let root: string;

beforeAll(async () => {
  await bundledEmbedder(); // converts the packaged vectors into the shared cache once
  root = await makeTempDir();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('fault matrix (small)', () => {
  it('loses no document when the server restarts mid-quilt', async () => {
    const fault = FAULTS.find((f) => f.midBatch === 'restart');
    if (!fault) throw new Error('the matrix has no restart row');
    const result = await runScenario(fault, { root, cacheDir: TEST_CACHE_DIR, seed: 7, documents: 12 });
    expect(result).toMatchObject({ documents: 12, lost: 0, restore: 'ok' });
    // Either the client's retries carried the run through, or the rest waited in the outbox and was flushed.
    // The restart fell inside the batch: quilts were stored both before and after it.
    expect(result.backup).toMatch(/^(complete|pending → flushed) \(/);
    const [, before, total] = /\((\d+) of (\d+) quilts before the restart\)$/.exec(result.backup) ?? [];
    expect(Number(before)).toBeGreaterThan(0);
    expect(Number(total)).toBeGreaterThan(Number(before));
  }, 90_000);

  it('loses no document when bodies arrive corrupted', async () => {
    const fault = FAULTS.find((f) => f.name.startsWith('corrupted body'));
    if (!fault) throw new Error('the matrix has no corruption row');
    const result = await runScenario(fault, { root, cacheDir: TEST_CACHE_DIR, seed: 7, documents: 6 });
    expect(result).toMatchObject({ documents: 6, lost: 0 });
    expect(result.faulted).toBeGreaterThan(0);
    // Whatever failed under the fault was finished once it was gone.
    expect(result.backup).toMatch(/complete$|flushed$/);
    expect(result.restore).toMatch(/^ok$|retried ok$/);
  }, 90_000);
});
