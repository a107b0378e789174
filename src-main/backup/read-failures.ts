// Items that could not be read back, sorted by why (expired, not found, damaged) and summarised in one
// line per reason, so a snapshot with 2,000 expired items says so in a sentence instead of 2,000 lines.
import { AppError } from '../../src-shared/contract/define.ts';
import { WalrusExpiredError } from '../walrus/index.ts';
import type { ManifestItem } from './manifest.ts';

/** 'unreadable': any other error (Walrus unreachable, a refused read); verify counts it, restore stops on it. */
export type ReadFailureReason = 'expired' | 'not_found' | 'damaged' | 'unreadable';

export interface ReadFailure {
  kind: ManifestItem['kind'];
  documentId: number;
  message: string;
  reason: ReadFailureReason;
  /** For an expiry: the epoch its storage ended at. */
  endEpoch?: number;
  /** For an expiry: the epoch known to have begun. */
  currentEpoch?: number;
}

const REASON_TEXT = { not_found: 'not found', damaged: 'damaged (failed authentication twice)', unreadable: 'unreadable' } as const;

/** Examples named per reason before "and N more". */
const EXAMPLES = 3;

/**
 * Why an item could not be read, or undefined when the error says nothing about the item (Walrus
 * unreachable, a cancel): such errors stop the operation instead of being counted.
 */
export function readFailure(item: ManifestItem, error: unknown, damaged: boolean): ReadFailure | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const base = { kind: item.kind, documentId: item.documentId, message };
  if (damaged) return { ...base, reason: 'damaged' };
  const cause = error instanceof AppError ? error.cause : error;
  if (cause instanceof WalrusExpiredError) return { ...base, reason: 'expired', endEpoch: cause.endEpoch, currentEpoch: cause.currentEpoch };
  if (error instanceof AppError && error.code === 'not_found') return { ...base, reason: 'not_found' };
  return undefined;
}

/** E.g. "1,998 of 2,400 items expired at epoch 7 (epoch 9 has begun); 2 not found: the content of document 3, …". */
export function summariseFailures(failures: readonly ReadFailure[], total: number): string {
  if (failures.length === 0) return `All ${count(total)} items read back intact.`;
  const parts: { n: number; text: string }[] = [];
  const expired = failures.filter((f) => f.reason === 'expired');
  if (expired.length) {
    const byEnd = new Map<number, number>();
    for (const f of expired) byEnd.set(f.endEpoch ?? 0, (byEnd.get(f.endEpoch ?? 0) ?? 0) + 1);
    const ends = [...byEnd].sort((a, b) => a[0] - b[0]);
    const where = ends.length === 1 ? `at epoch ${ends[0]?.[0]}` : `(${ends.map(([end, n]) => `${count(n)} at epoch ${end}`).join(', ')})`;
    const now = Math.max(...expired.map((f) => f.currentEpoch ?? 0));
    parts.push({ n: expired.length, text: `expired ${where} (epoch ${now} has begun)` });
  }
  for (const reason of ['not_found', 'damaged', 'unreadable'] as const) {
    const some = failures.filter((f) => f.reason === reason);
    if (!some.length) continue;
    const named = some.slice(0, EXAMPLES).map(describe).join(', ');
    const more = some.length > EXAMPLES ? ` and ${count(some.length - EXAMPLES)} more` : '';
    parts.push({ n: some.length, text: `${REASON_TEXT[reason]}: ${named}${more}` });
  }
  const [only] = parts;
  if (parts.length === 1 && only) return `${count(only.n)} of ${count(total)} items ${only.text}.`;
  return `${count(failures.length)} of ${count(total)} items could not be read: ${parts.map((p) => `${count(p.n)} ${p.text}`).join('; ')}.`;
}

function describe(f: ReadFailure): string {
  const what = f.kind === 'content' ? `the file of document ${f.documentId}` : `the record of document ${f.documentId}`;
  return f.reason === 'unreadable' ? `${what} (${f.message})` : what;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
