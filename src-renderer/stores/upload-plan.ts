// Chosen files (see chosen-files.ts) as uploads that keep their path relative to what was chosen, split into batches
// the contract accepts, and the batches' outcomes as one summary.
import { MAX_INGEST_FILE_BYTES, UPLOAD_BATCH_BYTES, UPLOAD_BATCH_FILES, tooLargeReason, type IngestOutcome, type IngestSummary } from '../../src-shared/contract/library.ts';
import { checkUploadName, takenFromFolder, uniqueNames } from '../../src-shared/upload-names.ts';

export interface ChosenFile {
  file: File;
  /** Relative to what was chosen: "photos/2024/notes.md" for a folder's file, "notes.md" for a file. */
  path: string;
  fromFolder: boolean;
}

export interface PlannedFile {
  file: File;
  name: string;
}

export interface UploadPlan {
  batches: PlannedFile[][];
  /** Files whose name main would refuse: reported, not sent. */
  refused: IngestOutcome[];
  /** Files inside folders that are hidden or not documents (the desktop's folder walk skips them too). */
  skipped: number;
  total: number;
}

/**
 * Names every chosen file once for the whole selection (a second, different file with a taken name gets " (2)",
 * case-insensitively, whatever disk the server has), then packs batches of at most `limits.files` files and about
 * `limits.bytes` of content; a bigger file travels alone.
 */
export function planUpload(
  chosen: readonly ChosenFile[],
  limits: { files: number; bytes: number; maxFileBytes?: number } = { files: UPLOAD_BATCH_FILES, bytes: UPLOAD_BATCH_BYTES },
): UploadPlan {
  const maxFileBytes = limits.maxFileBytes ?? MAX_INGEST_FILE_BYTES;
  const taken = chosen.filter((c) => !c.fromFolder || takenFromFolder(c.path));
  const refused: IngestOutcome[] = [];
  const named: { file: File; path: string }[] = [];
  for (const c of taken) {
    const check = checkUploadName(c.path);
    // A file main would refuse as too large is not sent: uploading it took minutes and left a copy in the data folder.
    if (c.file.size > maxFileBytes) refused.push({ path: c.path, status: 'failed', reason: `not sent: ${tooLargeReason(c.file.size, maxFileBytes)}` });
    else if (check.ok) named.push({ file: c.file, path: check.path });
    else refused.push({ path: c.path, status: 'failed', reason: `not sent: ${check.reason}` });
  }
  const names = uniqueNames(named, (f) => f.path, { key: (n) => n.toLowerCase(), same: (a, b) => a.file === b.file });
  const unique = new Map<string, PlannedFile>();
  names.forEach((name, i) => unique.set(name.toLowerCase(), { file: named[i]!.file, name }));

  const batches: PlannedFile[][] = [];
  let batch: PlannedFile[] = [];
  let bytes = 0;
  for (const file of unique.values()) {
    if (batch.length && (batch.length >= limits.files || bytes + file.file.size > limits.bytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(file);
    bytes += file.file.size;
  }
  if (batch.length) batches.push(batch);
  return { batches, refused, skipped: chosen.length - taken.length, total: unique.size + refused.length };
}

/** The outcomes of every batch as one summary. */
export function mergeSummaries(summaries: readonly IngestSummary[]): IngestSummary {
  return summaryOf(summaries.flatMap((s) => s.outcomes), summaries.some((s) => s.cancelled));
}

/** A summary of `outcomes` (counted by status). */
export function summaryOf(outcomes: IngestOutcome[], cancelled = false): IngestSummary {
  const counts = { ingested: 0, updated: 0, unchanged: 0, failed: 0 };
  for (const o of outcomes) counts[o.status]++;
  return { outcomes, counts, cancelled };
}

/** A summary where each of `files` failed for `reason` (a batch the server refused, or whose ingest failed). */
export function failedSummary(files: readonly { name: string }[], reason: string): IngestSummary {
  return summaryOf(files.map((f) => ({ path: f.name, status: 'failed', reason })));
}
