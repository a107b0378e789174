// GET /v1/api: a small page listing what this server answers, with the official specs inline.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reply } from './reply.ts';

const SPEC_DIR = fileURLToPath(new URL('./openapi/', import.meta.url));
let page: Buffer | undefined;

export function apiDocsPage(): Reply {
  page ??= Buffer.from(render());
  return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: page };
}

function render(): string {
  const spec = (name: string) => escape(readFileSync(SPEC_DIR + name, 'utf8'));
  return `<!doctype html><html><head><meta charset="utf-8"><title>Walrus (local) API</title></head><body>
<h1>Walrus-compatible local publisher + aggregator</h1>
<p>Same paths, parameters and replies as the official Walrus publisher and aggregator. Test-only extras live under
<code>/_local/</code> (faults, block list, clock, request log).</p>
<h2>Publisher</h2><pre>${spec('publisher_openapi.yaml')}</pre>
<h2>Aggregator</h2><pre>${spec('aggregator_openapi.yaml')}</pre>
</body></html>`;
}

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
