import { existsSync } from 'node:fs';
import { readdir, readlink, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makePdf } from '../../fixtures/library/pdf.ts';
import { makeRendererDir, startTestHost, type TestHost } from '../../helpers/app-host.ts';

let host: TestHost;
let walrusStatus: Server;
let rendererDir: string;

beforeAll(async () => {
  // A server answering Walrus' `GET /status`, so reachability has something real to probe.
  walrusStatus = createServer((req, res) => res.writeHead(req.url === '/status' ? 200 : 404).end('OK'));
  await new Promise<void>((r) => walrusStatus.listen(0, '127.0.0.1', r));
  const walrusUrl = `http://127.0.0.1:${(walrusStatus.address() as AddressInfo).port}`;
  rendererDir = await makeRendererDir();
  await bundledEmbedder(); // the word vectors, converted once into the shared test cache
  host = await startTestHost({ WALRUS_PUBLISHER_URL: walrusUrl, WALRUS_AGGREGATOR_URL: walrusUrl, PDW_CACHE_DIR: TEST_CACHE_DIR }, rendererDir);
});

afterAll(async () => {
  await host?.close();
  walrusStatus?.close();
});

/** Adds a file as the browser does (upload) and waits for its ingest outcome. */
async function upload(name: string, content: Buffer): Promise<{ documentId?: number; path: string }> {
  const started = await host.post('library.ingestUpload', { files: [{ name, contentBase64: content.toString('base64') }] });
  const { jobId } = (started.json as { value: { jobId: string } }).value;
  let result: { value: { state: string; outcome?: { outcomes: { documentId?: number; path: string }[] } } };
  do result = (await host.post('job.result', { jobId })).json as typeof result;
  while (result.value.state === 'running');
  return result.value.outcome!.outcomes[0]!;
}

describe('web host', () => {
  it('answers app.info with version, data dir and Walrus reachability', async () => {
    const { status, json } = await host.post('app.info', {});
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, value: { mode: 'web', dataDir: host.dataDir, walrus: { state: 'reachable' }, capabilities: { openDocument: 'download' } } });
  });

  it('refuses every /api call without the right token', async () => {
    expect((await host.post('app.info', {}, { token: null })).status).toBe(401);
    expect((await host.post('app.info', {}, { token: 'wrong' })).status).toBe(401);
    const viaParam = await fetch(`${host.web.url}/api/app.info?token=${host.web.token}`, { method: 'POST', body: '{}' });
    expect(viaParam.status).toBe(200);
  });

  it('refuses browser requests from other origins', async () => {
    const { status } = await host.post('app.info', {}, { headers: { origin: 'https://evil.example' } });
    expect(status).toBe(403);
  });

  it('answers malformed JSON and invalid input with validation errors and keeps serving', async () => {
    const broken = await host.post('settings.update', '{"theme": ');
    expect(broken.status).toBe(400);
    expect(broken.json).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('JSON') } });
    const invalid = await host.post('settings.update', { theme: 'neon', storageEpochs: -1 });
    expect(invalid.json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((invalid.json as { error: { issues: unknown[] } }).error.issues).toHaveLength(2);
    const unknown = await host.post('no.such', {});
    expect(unknown).toMatchObject({ status: 404, json: { ok: false, error: { code: 'unknown_request' } } });
    expect((await host.post('app.info', {})).status).toBe(200);
  });

  it('pushes events over the WebSocket, and only with the token', async () => {
    const refused = new WebSocket(`${host.web.url.replace('http', 'ws')}/api/events`);
    const refusal = await new Promise<string>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode))).on('error', () => resolve('error')));
    expect(refusal).toBe('401');

    const socket = new WebSocket(`${host.web.url.replace('http', 'ws')}/api/events?token=${host.web.token}`);
    await new Promise((resolve, reject) => socket.on('open', resolve).on('error', reject));
    const event = new Promise<{ name: string; payload: { theme: string } }>((resolve) => socket.on('message', (data) => resolve(JSON.parse(String(data)))));
    const update = await host.post('settings.update', { theme: 'dark' });
    expect(update.json).toMatchObject({ ok: true, value: { settings: { theme: 'dark' } } });
    expect(await event).toMatchObject({ name: 'settings.changed', payload: { theme: 'dark' } });
    socket.close();
  });

  it('serves the renderer without letting paths escape its folder', async () => {
    const index = await fetch(`${host.web.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await fetch(`${host.web.url}/assets/app.js`)).text()).toBe('console.log(1)');
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/assets/..%2f..%2fpackage.json']) {
      const response = await fetch(`${host.web.url}${path}`);
      expect(await response.text()).not.toMatch(/root:|"dependencies"/);
    }
  });

  it("serves a document's original file by catalog id, byte for byte, only with the token", async () => {
    const pdf = makePdf(['Orchard ledger: apples and pears'], 'Orchard');
    const name = 'Orchard ledger – 2026 (final).pdf';
    const outcome = await upload(name, pdf);
    const opened = (await host.post('library.openDocument', { documentId: outcome!.documentId })).json;
    expect(opened).toEqual({ ok: true, value: { via: 'download', url: `/api/documents/${outcome!.documentId}/file`, fileName: name } });
    const url = `${host.web.url}${(opened as { value: { url: string } }).value.url}`;

    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const response = await fetch(url, { headers: { authorization: `Bearer ${host.web.token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="Orchard ledger _ 2026 (final).pdf"; filename*=UTF-8''Orchard%20ledger%20%E2%80%93%202026%20%28final%29.pdf`,
    );
    expect(response.headers.get('content-security-policy')).toBe('sandbox');
    expect(Buffer.from(await response.arrayBuffer()).equals(pdf)).toBe(true);

    const missing = await fetch(`${host.web.url}/api/documents/987654/file`, { headers: { authorization: `Bearer ${host.web.token}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Only ids name files: anything else under /api is a request name, never a path.
    for (const path of ['/api/documents/..%2f..%2f..%2fetc%2fpasswd/file', '/api/documents/1/..%2f..%2fpackage.json', '/api/documents/-1/file']) {
      const other = await fetch(`${host.web.url}${path}`, { headers: { authorization: `Bearer ${host.web.token}` } });
      expect(other.status).toBe(405);
      expect(await other.text()).not.toMatch(/root:|"dependencies"/);
    }

    await rm(outcome!.path);
    const gone = await fetch(url, { headers: { authorization: `Bearer ${host.web.token}` } });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('moved or deleted') } });
  });

  it.runIf(existsSync('/proc/self/fd'))('closes the file when the browser leaves in the middle of a download', async () => {
    // Megabytes to serve but a line to index: the page's style sheet is dropped by extraction, so the test pays for
    // the download it is about, not for chunking and embedding 3.5 MB of text (20–50 s on a busy machine).
    const big = Buffer.from(`<html><head><style>${'.ledger-line { color: #336699; margin: 0 0 0.5em 0; }\n'.repeat(60_000)}</style></head><body><p>Ledger: apples, pears and plums went to the market.</p></body></html>`);
    const { documentId, path } = await upload('ledger.html', big);
    const url = `${host.web.url}/api/documents/${documentId}/file`;
    for (let i = 0; i < 3; i++) {
      const aborted = new AbortController();
      const response = await fetch(url, { headers: { authorization: `Bearer ${host.web.token}` }, signal: aborted.signal });
      await response.body!.getReader().read(); // the first bytes, then the browser goes away
      aborted.abort();
    }
    // The server runs in this process: count our descriptors still pointing at the file (closing is asynchronous).
    const openOnFile = async () => (await Promise.all((await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')))).filter((t) => t === path).length;
    let open = await openOnFile();
    for (let tries = 0; tries < 50 && open > 0; tries++) {
      await new Promise((r) => setTimeout(r, 20));
      open = await openOnFile();
    }
    expect(open).toBe(0);
    const whole = await fetch(url, { headers: { authorization: `Bearer ${host.web.token}` } });
    expect(Buffer.from(await whole.arrayBuffer()).equals(big)).toBe(true);
  });
});
