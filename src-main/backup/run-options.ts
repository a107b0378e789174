// What every long backup operation (backup, flush, renewal, verify, restore) takes and reports.
import type { Progress } from '../../src-shared/contract/jobs.ts';

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}
