import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
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
  host = await startTestHost({ WALRUS_PUBLISHER_URL: walrusUrl, WALRUS_AGGREGATOR_URL: walrusUrl }, rendererDir);
});

afterAll(async () => {
  await host?.close();
  walrusStatus?.close();
});

describe('web host', () => {
  it('answers app.info with version, data dir and Walrus reachability', async () => {
    const { status, json } = await host.post('app.info', {});
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, value: { mode: 'web', dataDir: host.dataDir, walrus: { state: 'reachable' } } });
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
});
