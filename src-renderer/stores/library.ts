// The library as the renderer sees it: documents, stats, the running ingest and its outcomes.
import { create } from 'zustand';
import type { IngestSummary, LibraryDocument, LibraryStats } from '../../src-shared/contract/library.ts';
import { api } from '../api/client.ts';
import { useJobsStore } from './jobs.ts';

interface LibraryState {
  documents: LibraryDocument[];
  total: number;
  text: string;
  stats: LibraryStats | null;
  ingestJobId: string | null;
  lastIngest: IngestSummary | null;
  lastIngestMessage: string | null;
  refresh(): Promise<void>;
  setText(text: string): void;
  ingestPaths(paths: string[]): Promise<void>;
  ingestFiles(files: File[]): Promise<void>;
  /** Desktop only: main opens its native dialog and ingests what the user picked. */
  pickAndIngest(kind: 'files' | 'folder'): Promise<void>;
  cancelIngest(): Promise<void>;
  remove(ids: number[]): Promise<number>;
  removeMissing(): Promise<string[]>;
  dismissIngestReport(): void;
}

const PAGE_SIZE = 200;

export const useLibraryStore = create<LibraryState>()((set, get) => ({
  documents: [],
  total: 0,
  text: '',
  stats: null,
  ingestJobId: null,
  lastIngest: null,
  lastIngestMessage: null,
  async refresh() {
    const text = get().text.trim();
    const [list, stats] = await Promise.all([
      api.call('library.documents', { limit: PAGE_SIZE, ...(text ? { text } : {}) }),
      api.call('library.stats', {}),
    ]);
    set({ documents: list.documents, total: list.total, stats });
  },
  setText(text) {
    set({ text });
    void get().refresh().catch(() => {});
  },
  async ingestPaths(paths) {
    const { jobId } = await api.call('library.ingest', { paths });
    followIngest(jobId);
  },
  async ingestFiles(files) {
    const encoded = await Promise.all(files.map(async (f) => ({ name: f.name, contentBase64: await toBase64(f) })));
    const { jobId } = await api.call('library.ingestUpload', { files: encoded });
    followIngest(jobId);
  },
  async pickAndIngest(kind) {
    const { jobId } = await api.call('library.pickAndIngest', { kind });
    if (jobId) followIngest(jobId);
  },
  async cancelIngest() {
    const jobId = get().ingestJobId;
    if (jobId) await useJobsStore.getState().cancel(jobId);
  },
  async remove(ids) {
    const { removed } = await api.call('library.remove', { ids });
    await get().refresh();
    return removed;
  },
  async removeMissing() {
    const { removed } = await api.call('library.removeMissing', {});
    await get().refresh();
    return removed;
  },
  dismissIngestReport: () => set({ lastIngest: null, lastIngestMessage: null }),
}));

/** Tracks one ingest job: when it finishes, fetch its per-file outcomes and refresh the list. */
function followIngest(jobId: string): void {
  useLibraryStore.setState({ ingestJobId: jobId, lastIngest: null, lastIngestMessage: null });
  const finish = async () => {
    unsubscribe();
    try {
      const result = await api.call('library.ingestResult', { jobId });
      useLibraryStore.setState({ lastIngest: result.summary ?? null, lastIngestMessage: result.message ?? null });
    } finally {
      useLibraryStore.setState({ ingestJobId: null });
      await useLibraryStore.getState().refresh().catch(() => {});
    }
  };
  const unsubscribe = useJobsStore.subscribe((s) => {
    if (s.finished[jobId]) void finish();
  });
  if (useJobsStore.getState().finished[jobId]) void finish();
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}
