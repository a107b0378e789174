// Who may talk to the web host: a page on another site cannot lock the user out (driven in real Chromium),
// wrong tokens are limited but the right one never is, and a request must name a host we serve (DNS
// rebinding), over HTTP and the event socket.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHROMIUM_ARGS } from '../../../playwright.config.ts';
import { startTestHost, type TestHost } from '../../helpers/app-host.ts';

let host: TestHost;
let browser: Browser;
let attacker: Server;

beforeAll(async () => {
  host = await startTestHost();
  browser = await chromium.launch({ executablePath: process.env.PDW_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  attacker?.close();
  await host?.close();
});

const port = () => new URL(host.web.url).port;
const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

/** A raw request with the Host header we choose (fetch does not let a caller set it). */
function rawRequest(path: string, headers: Record<string, string>, method = 'POST'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: port(), path, method, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

describe('a page on another site', () => {
  it('cannot lock the user out with image tags, in Chromium', async () => {
    const target = `${host.web.url}/api/documents/1/file`;
    // Plain image tags, as any page on the web may have: they carry no Origin and no token.
    const images = Array.from({ length: 25 }, (_, i) => `<img src="${target}?n=${i}" onerror="settled()" onload="settled()">`).join('\n');
    const page = `<!doctype html><title>loading</title>
      <script>let count = 0; function settled() { if (++count === 25) document.title = 'done'; }</script>
      <body>${images}</body>`;
    attacker = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    await new Promise<void>((r) => attacker.listen(0, '127.0.0.1', r));
    let fired = 0;
    const tab = await browser.newPage();
    tab.on('request', (req) => void (req.url().startsWith(target) && fired++));
    // "localhost" is another site than "127.0.0.1", as an evil page on the web is.
    await tab.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
    await tab.waitForFunction('document.title === "done"');
    expect(fired).toBe(25);

    // The user's own token still works: from Node, and from the app's page in the same browser.
    expect((await host.post('app.info', {})).status).toBe(200);
    await tab.goto(host.web.openUrl);
    const status = await tab.evaluate(
      async (token) => (await fetch('/api/app.info', { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{}' })).status,
      host.web.token,
    );
    expect(status).toBe(200);
    await tab.close();
  });

  it('is refused before the token is looked at when it fetches with or without one', async () => {
    const crossSite: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }];
    for (const headers of crossSite) {
      expect((await host.post('app.info', {}, { headers })).status).toBe(403);
      expect((await host.post('app.info', {}, { token: 'wrong', headers })).status).toBe(403);
    }
    expect((await host.post('app.info', {}, { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
  });
});

describe('failed attempts', () => {
  it('limit wrong tokens and never the right one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await host.post('app.info', {}, { token: `guess-${i}` })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(5).fill(429));
    // Requests without a token are not attempts at guessing it.
    expect((await host.post('app.info', {}, { token: null })).status).toBe(401);
    expect((await host.post('app.info', {})).status).toBe(200);
    const socket = new WebSocket(`${host.web.url.replace('http', 'ws')}/api/events?token=${host.web.token}`);
    await new Promise((resolve, reject) => socket.on('open', resolve).on('error', reject));
    socket.close();
  });
});

describe('the Host header', () => {
  it('must name an address the host serves (DNS rebinding)', async () => {
    const token = withToken(host.web.token);
    expect(await rawRequest('/api/app.info', { ...token, host: `evil.example:${port()}` })).toBe(403);
    expect(await rawRequest('/', { host: `evil.example:${port()}` }, 'GET')).toBe(403);
    expect(await rawRequest('/api/app.info', { ...token, host: `127.0.0.1:${Number(port()) + 1}` })).toBe(403);
    for (const name of ['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST']) {
      expect(await rawRequest('/api/app.info', { ...token, host: `${name}:${port()}` })).toBe(200);
    }
  });

  it('is checked on the event socket', async () => {
    const url = `${host.web.url.replace('http', 'ws')}/api/events?token=${host.web.token}`;
    const refused = new WebSocket(url, { headers: { host: `evil.example:${port()}` } });
    const refusal = await new Promise<string>((resolve) => refused.on('unexpected-response', (_req, res) => resolve(String(res.statusCode))).on('open', () => resolve('open')));
    expect(refusal).toBe('403');
  });
});
