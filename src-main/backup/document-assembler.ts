// A restore reads items object by object, so a document's record and its file arrive in any order (often
// from the same quilt, sometimes from quilts read far apart). This holds each half until the other is read;
// a document is ready once its record and, if it had one, its file are both there.
import { AppError } from '../../src-shared/contract/define.ts';
import type { DocumentSnapshotRecord } from './snapshot-source.ts';
import type { ManifestItem } from './manifest.ts';

export type DocumentItems = { document?: ManifestItem; content?: ManifestItem };

export interface ReadyDocument {
  entry: DocumentItems;
  record: DocumentSnapshotRecord;
  content: Uint8Array | null;
}

interface Waiting {
  entry: DocumentItems;
  record?: Uint8Array;
  content?: Uint8Array;
}

export class DocumentAssembler {
  readonly #waiting = new Map<number, Waiting>();

  constructor(documents: readonly DocumentItems[]) {
    for (const entry of documents) {
      if (!entry.document) throw new AppError('remote_error', 'The manifest lists a file without its document record.');
      this.#waiting.set(entry.document.documentId, { entry });
    }
  }

  /** Adds an item's plaintext; the document when this completes it. */
  add(item: ManifestItem, plain: Uint8Array): ReadyDocument | undefined {
    const waiting = this.#waiting.get(item.documentId);
    if (!waiting) return undefined; // its other half failed: the document is read again by the next restore
    waiting[item.kind === 'document' ? 'record' : 'content'] = plain;
    if (!waiting.record || (waiting.entry.content && !waiting.content)) return undefined;
    this.#waiting.delete(item.documentId);
    const record = JSON.parse(Buffer.from(waiting.record).toString('utf8')) as DocumentSnapshotRecord;
    return { entry: waiting.entry, record, content: waiting.content ?? null };
  }

  /** One of the document's items could not be read: its other half is dropped. */
  fail(documentId: number): void {
    this.#waiting.delete(documentId);
  }
}
