// Turns a detected file into plain text and a title. PDF and HTML go through maintained libraries
// (unpdf — PDF.js without native parts — and html-to-text), imported on first use because PDF.js alone
// would add about a second to every start; text and markdown are kept verbatim so chunk offsets point
// into the file itself.
import { basename, extname } from 'node:path';
import type { DocType } from '../../src-shared/contract/library.ts';
import { detectType } from './detect.ts';

export interface Extracted {
  text: string;
  title: string;
}

export class ExtractError extends Error {}

/** What a file turned into: its type, text and title, or why it cannot be read. */
export type ExtractOutcome = ({ ok: true; type: DocType } & Extracted) | { ok: false; reason: string };

/** Detect then extract: the CPU-heavy part of ingesting a file, which the extraction worker runs. */
export async function detectAndExtract(path: string, bytes: Uint8Array): Promise<ExtractOutcome> {
  const detected = await detectType(path, bytes);
  if (!detected.ok) return detected;
  try {
    return { ok: true, type: detected.type, ...(await extract(path, detected.type, bytes, detected.text)) };
  } catch (error) {
    if (error instanceof ExtractError) return { ok: false, reason: error.message };
    throw error;
  }
}

export async function extract(path: string, type: DocType, bytes: Uint8Array, decoded?: string): Promise<Extracted> {
  const fallbackTitle = basename(path, extname(path));
  switch (type) {
    case 'pdf':
      return extractPdf(bytes, fallbackTitle);
    case 'html':
      return await extractHtml(decoded ?? new TextDecoder().decode(bytes), fallbackTitle);
    case 'markdown': {
      const text = normalizeNewlines(decoded ?? new TextDecoder().decode(bytes));
      const heading = /^#{1,3}\s+(.+?)\s*#*\s*$/m.exec(text)?.[1];
      return { text, title: clean(heading) || firstLine(text) || fallbackTitle };
    }
    case 'text': {
      const text = normalizeNewlines(decoded ?? new TextDecoder().decode(bytes));
      return { text, title: firstLine(text) || fallbackTitle };
    }
  }
}

async function extractPdf(bytes: Uint8Array, fallbackTitle: string): Promise<Extracted> {
  const { extractText, getDocumentProxy } = await import('unpdf');
  let pdf;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given, so hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    throw new ExtractError(`broken PDF (${(error as Error).message})`);
  }
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    const joined = normalizeNewlines(text.join('\n\n'));
    if (joined.trim() === '') throw new ExtractError('PDF has no extractable text (scanned images?)');
    const meta = (await pdf.getMetadata().catch(() => null)) as { info?: { Title?: unknown } } | null;
    const title = typeof meta?.info?.Title === 'string' ? clean(meta.info.Title) : '';
    return { text: joined, title: title || firstLine(joined) || fallbackTitle };
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError(`broken PDF (${(error as Error).message})`);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

async function extractHtml(html: string, fallbackTitle: string): Promise<Extracted> {
  const { convert } = await import('html-to-text');
  const text = convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'title', format: 'skip' },
    ],
  });
  const rawTitle = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1];
  const title = rawTitle ? clean(convert(rawTitle, { wordwrap: false })) : '';
  return { text: normalizeNewlines(text), title: title || firstLine(text) || fallbackTitle };
}

function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '');
  return clean(line);
}

function clean(value: string | undefined): string {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}
