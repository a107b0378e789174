// What every long backup operation (backup, flush, renewal, verify, restore) takes and reports.
export interface Progress {
  done: number;
  total: number | null;
  unit: 'items' | 'bytes';
  current?: string;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}
