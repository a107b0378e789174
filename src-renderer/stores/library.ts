// The library as the renderer sees it: documents, stats, the running ingest and its outcomes.
import { create } from 'zustand';
import type { IngestSummary, LibraryDocument, LibraryStats } from '../../src-shared/contract/library.ts';
import { api } from '../api/client.ts';
import { followJob, useJobsStore } from './jobs.ts';
import { failedSummary, mergeSummaries, planUpload, summaryOf, type ChosenFile, type PlannedFile } from './upload-plan.ts';
import { runAction } from '../api/run-action.ts';

/** A selection being sent in batches: files whose batch has finished, of all chosen. */
export interface UploadProgress {
  done: number;
  total: number;
}

interface LibraryState {
  documents: LibraryDocument[];
  total: number;
  text: string;
  stats: LibraryStats | null;
  ingestJobId: string | null;
  lastIngest: IngestSummary | null;
  lastIngestMessage: string | null;
  /** What the last upload left out on purpose (hidden or non-document files inside folders). */
  lastIngestNote: string | null;
  upload: UploadProgress | null;
  refresh(): Promise<void>;
  setText(text: string): void;
  ingestPaths(paths: string[]): Promise<void>;
  /** Sends chosen files (and folder trees) in batches, one after the other, and reports them as one ingest. */
  ingestFiles(files: ChosenFile[]): Promise<void>;
  /** Desktop only: main opens its native dialog and ingests what the user picked. */
  pickAndIngest(kind: 'files' | 'folder'): Promise<void>;
  cancelIngest(): Promise<void>;
  remove(ids: number[]): Promise<number>;
  removeMissing(): Promise<string[]>;
  dismissIngestReport(): void;
  /** The graph read after opening is in (library.vectorsReady): the stats say so without asking again. */
  onVectorsReady(vectors: number): void;
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
  lastIngestNote: null,
  upload: null,
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
    runAction(get().refresh());
  },
  async ingestPaths(paths) {
    const { jobId } = await api.call('library.ingest', { paths });
    reportIngest(jobId);
  },
  async ingestFiles(files) {
    const plan = planUpload(files);
    uploadCancelled = false;
    set({ upload: { done: 0, total: plan.total }, lastIngest: null, lastIngestMessage: null, lastIngestNote: null });
    const summaries = [summaryOf(plan.refused)];
    let done = plan.refused.length;
    try {
      for (const batch of plan.batches) {
        if (uploadCancelled) {
          summaries.push(summaryOf([], true));
          break;
        }
        set({ upload: { done, total: plan.total } });
        summaries.push(await sendBatch(batch));
        done += batch.length;
      }
    } finally {
      const skipped = plan.skipped ? `${plan.skipped} file(s) inside folders skipped: hidden, or not a document type.` : null;
      set({ upload: null, lastIngest: mergeSummaries(summaries), lastIngestNote: skipped });
      await get().refresh().catch(() => {});
    }
  },
  async pickAndIngest(kind) {
    const { jobId } = await api.call('library.pickAndIngest', { kind });
    if (jobId) reportIngest(jobId);
  },
  async cancelIngest() {
    uploadCancelled = true;
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
  dismissIngestReport: () => set({ lastIngest: null, lastIngestMessage: null, lastIngestNote: null }),
  onVectorsReady(vectors) {
    const stats = get().stats;
    if (stats) set({ stats: { ...stats, vectors, vectorsLoading: false } });
  },
}));

/** Set by Cancel while a selection is being sent: no further batch starts. */
let uploadCancelled = false;

/** Sends one batch and waits for its ingest; a batch the server refuses is reported file by file, with its reason. */
async function sendBatch(batch: PlannedFile[]): Promise<IngestSummary> {
  let jobId: string;
  try {
    const files = await Promise.all(batch.map(async ({ file, name }) => ({ name, contentBase64: await toBase64(file), lastModified: Math.max(0, Math.round(file.lastModified)) })));
    ({ jobId } = await api.call('library.ingestUpload', { files }));
  } catch (error) {
    return failedSummary(batch, `not added: the server refused these files (${(error as Error).message}). Try again with fewer or smaller files.`);
  }
  useLibraryStore.setState({ ingestJobId: jobId });
  try {
    const result = await followJob(jobId, 'ingest');
    return result.outcome ?? failedSummary(batch, `not added: ${result.message ?? 'the ingest failed'}`);
  } catch (error) {
    return failedSummary(batch, `outcome unknown (${(error as Error).message}): check the library list`);
  } finally {
    useLibraryStore.setState({ ingestJobId: null });
  }
}

/** Tracks one ingest job: when it finishes, shows its per-file outcomes and refreshes the list. */
function reportIngest(jobId: string): void {
  useLibraryStore.setState({ ingestJobId: jobId, lastIngest: null, lastIngestMessage: null, lastIngestNote: null });
  runAction(
    followJob(jobId, 'ingest')
      .then((result) => useLibraryStore.setState({ lastIngest: result.outcome ?? null, lastIngestMessage: result.outcome ? null : (result.message ?? null) }))
      .finally(() => {
        useLibraryStore.setState({ ingestJobId: null });
        runAction(useLibraryStore.getState().refresh());
      }),
  );
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}
