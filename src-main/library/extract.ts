// Turns a detected file into plain text and a title. PDF and HTML go through maintained libraries
// (unpdf — PDF.js without native parts — and html-to-text), imported on first use because PDF.js alone
// would add about a second to every start; text and markdown are kept verbatim so chunk offsets point
// into the file itself.
import { basename, extname } from 'node:path';
import type { DocType } from '../../src-shared/contract/library.ts';
import { detectType } from './detect.ts';
import type { getDocumentProxy } from 'unpdf';

export interface Extracted {
  text: string;
  title: string;
}

export class ExtractError extends Error {}

type PDFDocumentProxy = Awaited<ReturnType<typeof getDocumentProxy>>;

/** Per-document bounds: past them a file fails alone, saying so, instead of filling memory and the catalog. */
export interface ExtractLimits {
  pages: number;
  textChars: number;
}

export const EXTRACT_LIMITS: Readonly<ExtractLimits> = {
  /** A long book is a few thousand pages. */
  pages: 10_000,
  /** Characters of text: a 7,000-page book. */
  textChars: 20_000_000,
};

function tooLarge(what: string): ExtractError {
  return new ExtractError(`too large to extract: ${what}`);
}

const tooMuchText = (limits: ExtractLimits) => tooLarge(`more than ${limits.textChars.toLocaleString('en')} characters of text`);

/** Returns `text` when it is within the text limit. */
function bounded(text: string, limits: ExtractLimits): string {
  if (text.length > limits.textChars) throw tooMuchText(limits);
  return text;
}

/** What a file turned into: its type, text and title, or why it cannot be read. */
export type ExtractOutcome = ({ ok: true; type: DocType } & Extracted) | { ok: false; reason: string };

/** Detect then extract: the CPU-heavy part of ingesting a file, which the extraction worker runs. */
export async function detectAndExtract(path: string, bytes: Uint8Array, limits: ExtractLimits = EXTRACT_LIMITS): Promise<ExtractOutcome> {
  const detected = await detectType(path, bytes);
  if (!detected.ok) return detected;
  try {
    return { ok: true, type: detected.type, ...(await extract(path, detected.type, bytes, detected.text, limits)) };
  } catch (error) {
    if (error instanceof ExtractError) return { ok: false, reason: error.message };
    throw error;
  }
}

export async function extract(path: string, type: DocType, bytes: Uint8Array, decoded?: string, limits: ExtractLimits = EXTRACT_LIMITS): Promise<Extracted> {
  const fallbackTitle = basename(path, extname(path));
  switch (type) {
    case 'pdf':
      return extractPdf(bytes, fallbackTitle, limits);
    case 'html':
      return await extractHtml(decoded ?? new TextDecoder().decode(bytes), fallbackTitle, limits);
    case 'markdown': {
      const text = bounded(normalizeNewlines(decoded ?? new TextDecoder().decode(bytes)), limits);
      const heading = /^#{1,3}\s+(.+?)\s*#*\s*$/m.exec(text)?.[1];
      return { text, title: clean(heading) || titleLine(text) || fallbackTitle };
    }
    case 'text': {
      const text = bounded(normalizeNewlines(decoded ?? new TextDecoder().decode(bytes)), limits);
      return { text, title: titleLine(text) || fallbackTitle };
    }
  }
}

async function extractPdf(bytes: Uint8Array, fallbackTitle: string, limits: ExtractLimits): Promise<Extracted> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf;
  try {
    // PDF.js takes ownership of (detaches) the buffer it is given, so hand it a copy.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  } catch (error) {
    throw new ExtractError(`broken PDF (${(error as Error).message})`);
  }
  try {
    const joined = normalizeNewlines((await pageTexts(pdf, limits)).join('\n\n'));
    if (joined.trim() === '') throw new ExtractError('PDF has no extractable text (scanned images?)');
    const meta = (await pdf.getMetadata().catch(() => null)) as { info?: { Title?: unknown } } | null;
    const title = typeof meta?.info?.Title === 'string' ? clean(meta.info.Title) : '';
    return { text: joined, title: title || shortFirstLine(joined) || fallbackTitle };
  } catch (error) {
    if (error instanceof ExtractError) throw error;
    throw new ExtractError(`broken PDF (${(error as Error).message})`);
  } finally {
    await pdf.loadingTask.destroy();
  }
}

/** Each page's text as unpdf's extractText gives it, page by page, within the page and text limits. */
async function pageTexts(pdf: PDFDocumentProxy, limits: ExtractLimits): Promise<string[]> {
  if (pdf.numPages > limits.pages) throw tooLarge(`${pdf.numPages.toLocaleString('en')} pages, the limit is ${limits.pages.toLocaleString('en')}`);
  const texts: string[] = [];
  let chars = 0;
  for (let number = 1; number <= pdf.numPages; number++) {
    const { items } = await (await pdf.getPage(number)).getTextContent();
    const text = items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
    chars += text.length + 2; // the blank line that joins pages
    if (chars > limits.textChars) throw tooMuchText(limits);
    texts.push(text);
  }
  return texts;
}

async function extractHtml(html: string, fallbackTitle: string, limits: ExtractLimits): Promise<Extracted> {
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
  return { text: bounded(normalizeNewlines(text), limits), title: title || titleLine(text) || fallbackTitle };
}

function normalizeNewlines(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * Longest first line taken as a title (whitespace collapsed). Headlines and book titles with a subtitle stay
 * under it; a paragraph written on one line (HTML as text, unwrapped notes) is longer.
 */
export const TITLE_MAX_CHARS = 100;

/** A line of one repeated punctuation mark: a heading's underline or overline, a rule. */
const RULE_LINE = /^\s*([=\-~*#_+^`'".:])\1{2,}\s*$/;
/** Centred text starts this far in: a centred title block (licences, old READMEs), not an indented paragraph. */
const CENTRED_INDENT = 8;

/**
 * The title of a text: its first line when it stands as one — short, and on its own (followed by a blank line
 * or the end), underlined, or centred; '' otherwise. The first line of wrapped prose is a fragment of a
 * sentence: neither a title a person wants to see nor evidence worth a title's weight in search.
 */
export function titleLine(text: string): string {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() !== '' && !RULE_LINE.test(l));
  const line = lines[at];
  if (line === undefined) return '';
  const next = lines[at + 1];
  const standsAlone = next === undefined || next.trim() === '' || RULE_LINE.test(next) || /^\s*/.exec(line)![0].replace(/\t/g, '        ').length >= CENTRED_INDENT;
  return standsAlone ? shortTitle(line) : '';
}

/** A PDF's first line when short: PDF text has no blank lines to tell a title from a paragraph's first line. */
function shortFirstLine(text: string): string {
  return shortTitle(text.split('\n').find((l) => l.trim() !== '' && !RULE_LINE.test(l)));
}

function shortTitle(line: string | undefined): string {
  const collapsed = (line ?? '').replace(/\s+/g, ' ').trim();
  return collapsed.length <= TITLE_MAX_CHARS ? collapsed : '';
}

function clean(value: string | undefined): string {
  const s = (value ?? '').replace(/\s+/g, ' ').trim();
  return s.length > 120 ? s.slice(0, 117) + '…' : s;
}
