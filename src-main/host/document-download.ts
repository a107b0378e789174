// `GET /api/documents/<id>/file`: the web host's way of opening a document's original file (a browser
// has no access to the host's default apps). Only catalog ids reach a file, never a path from the URL;
// the reply is an attachment the browser saves or hands to its viewer, never a page run on our origin.
import { open } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../src-shared/contract/index.ts';
import type { PdwApp } from '../app.ts';

/** Streams the document's file; throws (not_found, …) before writing anything when it cannot. */
export async function sendDocumentFile(app: PdwApp, documentId: number, res: ServerResponse, headOnly: boolean): Promise<void> {
  const file = await app.documentFile(documentId);
  const handle = await open(file.path, 'r').catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'ENOENT' ? new AppError('not_found', `${file.fileName} is no longer on disk.`) : error;
  });
  try {
    const { size } = await handle.stat();
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': String(size),
      'Content-Disposition': attachment(file.fileName),
      // Even if a browser rendered it, an HTML document could run nothing on the host's origin.
      'Content-Security-Policy': 'sandbox',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    });
    if (headOnly) return void res.end();
    // pipeline ends the read when the browser goes away mid-file, so the handle is always closed.
    await pipeline(handle.createReadStream({ autoClose: false }), res);
  } finally {
    await handle.close();
  }
}

/** RFC 6266: an ASCII fallback name, and the exact name in UTF-8. */
export function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
