// A document's original file, found through the catalog: the one way a request reaches a file by a
// document id (never by a path the client sent). Used to open it on the desktop and to serve it from
// the web host.
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { AppError } from '../../src-shared/contract/define.ts';
import type { DocType } from '../../src-shared/contract/library.ts';
import type { Library } from './library.ts';
import { DOCUMENT_EXTENSIONS } from '../../src-shared/upload-names.ts';

export interface DocumentFile {
  path: string;
  fileName: string;
  contentType: string;
  /**
   * Safe to hand to the system's default app: a document extension, or none on a file nobody may execute. Any other
   * name (`notes.sh`, `run.bat`, `tool.js`: text to the library) could run as a program when "opened".
   */
  openable: boolean;
}

/** How this host shows a document's original file: the system's default app, or a download the web host serves. */
export type DocumentOpener = { via: 'shell'; open(path: string): Promise<void>; reveal(path: string): Promise<void> } | { via: 'download' };

const CONTENT_TYPES: Record<DocType, string> = {
  pdf: 'application/pdf',
  html: 'text/html',
  markdown: 'text/markdown',
  text: 'text/plain',
};

const FILE_ROUTE = /^\/api\/documents\/(\d{1,15})\/file$/;

/** Where the web host serves a document's file. */
export function documentFileUrl(documentId: number): string {
  return `/api/documents/${documentId}/file`;
}

/** The document id in a file URL of the web host, or undefined when `pathname` is not one. */
export function documentIdOfFileUrl(pathname: string): number | undefined {
  const match = FILE_ROUTE.exec(pathname);
  return match ? Number(match[1]) : undefined;
}

/** The file of a catalog document; not_found for an unknown id or a file gone from disk. */
export async function documentFile(library: Library, documentId: number): Promise<DocumentFile> {
  const document = library.documentRecord(documentId);
  const fileName = basename(document.path);
  const info = await stat(document.path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (!info?.isFile()) {
    throw new AppError('not_found', `${fileName} is no longer at ${document.path}: it was moved or deleted. Add it again from its new place, or remove it from the library.`);
  }
  const ext = extname(fileName).toLowerCase();
  const openable = DOCUMENT_EXTENSIONS.has(ext) || (ext === '' && (info.mode & 0o111) === 0);
  return { path: document.path, fileName, contentType: CONTENT_TYPES[document.type], openable };
}
