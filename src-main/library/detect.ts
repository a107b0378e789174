// Decides what a file is from its bytes, using the extension only to tell markdown from plain text
// (both are just text). A PDF named .txt is read as a PDF; a PNG named .md fails as binary.
import { extname } from 'node:path';
import type { DocType } from '../../src-shared/contract/library.ts';

export type Detection = { ok: true; type: DocType; text?: string } | { ok: false; reason: string };

const MARKDOWN_EXT = new Set(['.md', '.markdown', '.mdown', '.mkd']);
const HTML_EXT = new Set(['.html', '.htm', '.xhtml']);
const SNIFF_BYTES = 8192;

export async function detectType(path: string, bytes: Uint8Array): Promise<Detection> {
  if (bytes.length === 0) return { ok: false, reason: 'empty file' };
  if (startsWith(bytes, '%PDF-')) return { ok: true, type: 'pdf' };
  const head = bytes.subarray(0, SNIFF_BYTES);
  // Text first: magic-number sniffers also match ordinary words (a text whose bytes 4–7 read "wide"
  // looks like a QuickTime atom), so they only name what is already known not to be text.
  const text = head.includes(0) ? null : decodeText(bytes);
  if (text === null) return { ok: false, reason: await describeBinary(head) };
  if (text.trim() === '') return { ok: false, reason: 'empty file (only whitespace)' };
  const ext = extname(path).toLowerCase();
  if (looksLikeHtml(text) || (HTML_EXT.has(ext) && /<[a-z!/][^>]*>/i.test(text.slice(0, SNIFF_BYTES)))) return { ok: true, type: 'html', text };
  if (MARKDOWN_EXT.has(ext)) return { ok: true, type: 'markdown', text };
  return { ok: true, type: 'text', text };
}

async function describeBinary(head: Uint8Array): Promise<string> {
  // Imported on first use: it is only needed while ingesting, not to open the library and search.
  const { fileTypeFromBuffer } = await import('file-type');
  const sniffed = await fileTypeFromBuffer(head).catch(() => undefined);
  return sniffed ? `unsupported binary file (${sniffed.mime})` : 'binary file (not readable as text)';
}

/** UTF-8 when valid; otherwise Windows-1252 if the bytes look like legacy text; null for binary. */
function decodeText(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const head = bytes.subarray(0, SNIFF_BYTES);
    let control = 0;
    for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
    if (control / head.length > 0.02) return null;
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function looksLikeHtml(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html') || (start.startsWith('<?xml') && start.includes('<html'));
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}
