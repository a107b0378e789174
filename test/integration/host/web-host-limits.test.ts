// What the web host takes in and how it listens: bodies sized per request, a cap on requests in flight,
// errors that are the client's answered 4xx, and beyond loopback only over TLS or when told so.
import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PdwApp } from '../../../src-main/app.ts';
import { startWebHost } from '../../../src-main/host/web-host.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { bundledEmbedder, TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeRendererDir, startTestHost, type TestHost } from '../../helpers/app-host.ts';
import { runPdw } from '../../helpers/pdw-cli.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';

let host: TestHost;

beforeAll(async () => {
  await bundledEmbedder(); // the word vectors, converted once into the shared test cache
  host = await startTestHost({ PDW_CACHE_DIR: TEST_CACHE_DIR }, undefined, { maxInFlight: 3 });
});
afterAll(async () => {
  await host?.close();
});

/** Waits for the ingest job a `library.ingestUpload` reply started, so nothing writes after the test. */
async function ingestFinished(reply: { json: unknown }): Promise<string> {
  const { jobId } = (reply.json as { value: { jobId: string } }).value;
  let state: string;
  do state = ((await host.post('job.result', { jobId })).json as { value: { state: string } }).value.state;
  while (state === 'running');
  return state;
}

/** Opens a connection and sends a request whose body never ends: it stays in flight. */
async function hangingRequest(name = 'app.info'): Promise<Socket> {
  const url = new URL(host.web.url);
  const socket = connect(Number(url.port), url.hostname);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`POST /api/${name} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${host.web.token}\r\nContent-Length: 100\r\n\r\n{`);
  return socket;
}

describe('request bodies', () => {
  it('are capped at what the request needs, declared or streamed', async () => {
    const twoMiB = JSON.stringify({ theme: 'dark', padding: 'x'.repeat(2 * 1024 * 1024) });
    const declared = await host.post('settings.update', twoMiB);
    expect(declared.status).toBe(413);
    expect(declared.json).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringContaining('1048576 bytes') } });

    const chunks = (async function* () {
      for (let i = 0; i < 40; i++) yield new TextEncoder().encode(' '.repeat(64 * 1024));
    })();
    const streamed = await fetch(`${host.web.url}/api/settings.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.web.token}` },
      body: ReadableStream.from(chunks),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await host.post('app.info', {})).status).toBe(200);
  });

  it('of uploads take more than the default', async () => {
    const content = Buffer.alloc(1536 * 1024, 'Orchard ledger line.\n').toString('base64');
    const reply = await host.post('library.ingestUpload', { files: [{ name: 'ledger.txt', contentBase64: content }] });
    expect(reply.status).toBe(200);
    expect(await ingestFinished(reply)).toBe('succeeded');
  });
});

describe('requests in flight', () => {
  it('are capped: beyond the cap, 503 with Retry-After, and service resumes', async () => {
    const hanging = await Promise.all([hangingRequest(), hangingRequest(), hangingRequest()]);
    await new Promise((r) => setTimeout(r, 100));
    const refused = await fetch(`${host.web.url}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${host.web.token}` }, body: '{}' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    for (const socket of hanging) socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    expect((await host.post('app.info', {})).status).toBe(200);
  });

  it('with large bodies are capped lower: two uploads at once, small requests still served', async () => {
    const uploads = await Promise.all([hangingRequest('library.ingestUpload'), hangingRequest('library.ingestUpload')]);
    await new Promise((r) => setTimeout(r, 100));
    const third = await host.post('library.ingestUpload', { files: [{ name: 'a.txt', contentBase64: 'YQ==' }] });
    expect(third).toMatchObject({ status: 503, json: { ok: false, error: { code: 'unavailable', message: expect.stringContaining('2 uploads are in progress') } } });
    expect((await host.post('app.info', {})).status).toBe(200);
    for (const socket of uploads) socket.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const later = await host.post('library.ingestUpload', { files: [{ name: 'a.txt', contentBase64: 'YQ==' }] });
    expect(later.status).toBe(200);
    await ingestFinished(later);
  });
});

describe('errors', () => {
  it('that a request cannot do here answer 422, not 500', async () => {
    const { status, json } = await host.post('library.pickAndIngest', { kind: 'files' });
    expect(json).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(status).toBe(422);
  });
});

describe('listening beyond loopback', () => {
  let app: PdwApp;
  let dataDir: string;
  let rendererDir: string;
  beforeAll(async () => {
    dataDir = await makeTempDir('pdw-tls-');
    rendererDir = await makeRendererDir();
    app = await createApp({ mode: 'web', dataDir, env: {}, log: silentLogger, walrusProbeIntervalMs: 0 });
    await app.start();
  });
  afterAll(async () => {
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(rendererDir, { recursive: true, force: true });
  });

  it('is refused over plain HTTP unless the user says so', async () => {
    await expect(startWebHost({ app, rendererDir, host: '0.0.0.0' })).rejects.toThrow(/--tls-cert FILE --tls-key FILE, or .* --insecure-network/);
    const insecure = await startWebHost({ app, rendererDir, host: '0.0.0.0', insecureNetwork: true });
    try {
      expect(insecure.url).toMatch(/^http:\/\/0\.0\.0\.0:/);
      const port = new URL(insecure.url).port;
      const response = await fetch(`http://127.0.0.1:${port}/api/app.info`, { method: 'POST', headers: { authorization: `Bearer ${insecure.token}` }, body: '{}' });
      expect(response.status).toBe(200);
    } finally {
      await insecure.close();
    }
  });

  it('serves HTTPS with the certificate the user gives', async () => {
    const dir = await makeTempDir('pdw-cert-');
    const [certFile, keyFile] = [join(dir, 'cert.pem'), join(dir, 'key.pem')];
    // A self-signed certificate for this machine's loopback names, as a user might make for a LAN host.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile], { stdio: 'ignore' });
    const cert = await readFile(certFile);
    const web = await startWebHost({ app, rendererDir, host: '0.0.0.0', tls: { cert, key: await readFile(keyFile) } });
    try {
      const port = new URL(web.url).port;
      expect(web.openUrl).toMatch(/^https:\/\//);
      const dispatcher = new Agent({ connect: { ca: cert } });
      const response = await undiciFetch(`https://127.0.0.1:${port}/api/app.info`, {
        method: 'POST',
        headers: { authorization: `Bearer ${web.token}` },
        body: '{}',
        dispatcher,
      });
      expect(response.status).toBe(200);
      await dispatcher.close();
      // Plain HTTP on the TLS port gets nowhere.
      await expect(fetch(`http://127.0.0.1:${port}/api/app.info`, { method: 'POST', body: '{}' })).rejects.toThrow();
    } finally {
      await web.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('is refused by `pdw serve` before anything starts, naming the flags', async () => {
    const run = await runPdw(['serve', '--host', '0.0.0.0', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--tls-cert FILE --tls-key FILE, or accept that risk with --insecure-network/);
    const half = await runPdw(['serve', '--host', '0.0.0.0', '--tls-cert', 'cert.pem', '--data-dir', dataDir]);
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--tls-cert and --tls-key go together/);
  });
});
