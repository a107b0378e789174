import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { FailedAttemptLimiter, hostAllowed, originAllowed, servedHostNames, tokenMatches } from '../../../src-main/host/auth.ts';
import { isLoopbackHost } from '../../../src-main/host/listen-policy.ts';
import { DESKTOP_CSP, isAppUrl, isTrustedSender, windowOptions } from '../../../src-main/electron/window-options.ts';
import { APP_ICON_PATH, APP_ROOT } from '../../../src-main/electron/app-icon.ts';
import { externalLinkDecision } from '../../../src-main/electron/shell-opener.ts';
import { pngSize } from '../../../tools/icon/png.ts';

describe('desktop window configuration', () => {
  it('isolates and sandboxes the renderer with no Node access', () => {
    const prefs = windowOptions('/app/preload/index.cjs', APP_ICON_PATH).webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/app/preload/index.cjs',
    });
  });

  it('shows the app icon from resources/ at the app root, a 512 × 512 PNG that is on disk', () => {
    const { icon } = windowOptions('/app/preload/index.cjs', APP_ICON_PATH);
    expect(icon).toBe(join(APP_ROOT, 'resources', 'icon.png'));
    // The app root is where package.json is: what Electron's app path is for `electron .` and in a package.
    expect(JSON.parse(readFileSync(join(APP_ROOT, 'package.json'), 'utf8'))).toMatchObject({ name: 'personal-data-wallet' });
    expect(pngSize(readFileSync(icon as string))).toEqual({ width: 512, height: 512 });
  });

  it('has a strict content security policy', () => {
    expect(DESKTOP_CSP).toContain("script-src 'self'");
    expect(DESKTOP_CSP).not.toContain('unsafe-inline');
    expect(DESKTOP_CSP).not.toContain('unsafe-eval');
  });

  it('treats only our own page as the app', () => {
    const own = 'file:///opt/pdw/out/renderer/index.html';
    expect(isAppUrl('file:///opt/pdw/out/renderer/index.html#/search', own)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', own)).toBe(false);
    expect(isAppUrl('https://evil.example/', own)).toBe(false);
    expect(isAppUrl('not a url', own)).toBe(false);
  });

  it('accepts IPC only from our window\'s main frame showing our page', () => {
    const own = 'file:///opt/pdw/out/renderer/index.html';
    const ours = { webContentsId: 7, isMainFrame: true, frameUrl: `${own}#/library` };
    expect(isTrustedSender(ours, 7, own)).toBe(true);
    expect(isTrustedSender({ ...ours, webContentsId: 8 }, 7, own)).toBe(false);
    expect(isTrustedSender({ ...ours, isMainFrame: false }, 7, own)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: 'https://evil.example/' }, 7, own)).toBe(false);
    expect(isTrustedSender({ ...ours, frameUrl: null }, 7, own)).toBe(false);
  });
});

describe('links leaving the desktop window', () => {
  it('open allowed sites, ask for other https sites, and refuse everything else', () => {
    expect(externalLinkDecision('https://docs.wal.app/usage/web-api.html')).toEqual({ action: 'open', url: 'https://docs.wal.app/usage/web-api.html' });
    expect(externalLinkDecision('https://evil.example/login')).toEqual({ action: 'confirm', url: 'https://evil.example/login', host: 'evil.example' });
    // A subdomain of an allowed site, or an allowed name inside another, is another site.
    expect(externalLinkDecision('https://docs.wal.app.evil.example/')).toMatchObject({ action: 'confirm', host: 'docs.wal.app.evil.example' });
    expect(externalLinkDecision('https://docs.wal.app@evil.example/')).toMatchObject({ action: 'refuse' });
    // A look-alike Unicode name is shown, and compared, as what it resolves to.
    expect(externalLinkDecision('https://docs.wаl.app/')).toMatchObject({ action: 'confirm', host: 'docs.xn--wl-7kc.app' });
    for (const url of ['http://docs.wal.app/', 'file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'not a url']) {
      expect(externalLinkDecision(url)).toMatchObject({ action: 'refuse' });
    }
  });
});

describe('web host access control', () => {
  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', null)).toBe(false);
  });

  it('blocks a client after too many failed attempts, for a while', () => {
    const limiter = new FailedAttemptLimiter(3, 1000);
    for (let i = 0; i < 3; i++) limiter.recordFailure('1.2.3.4', 0);
    expect(limiter.blocked('1.2.3.4', 10)).toBe(true);
    expect(limiter.blocked('5.6.7.8', 10)).toBe(false);
    expect(limiter.blocked('1.2.3.4', 2000)).toBe(false);
  });

  it('serves loopback names and the bound address; every local address when bound to all', () => {
    const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
    const loopback = servedHostNames('127.0.0.1');
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LOCALHOST:8080', '[::1]:8080', 'localhost.:8080', 'localhost']) {
      expect(hostAllowed(request({ host }), loopback, 8080)).toBe(true);
    }
    for (const host of ['evil.example:8080', '127.0.0.1:8081', '127.0.0.2:8080', '[::1', 'localhost:8080:1', 'a.localhost:8080', '']) {
      expect(hostAllowed(request({ host }), loopback, 8080)).toBe(false);
    }
    const all = servedHostNames('0.0.0.0', ['127.0.0.1', '192.168.1.5', 'fe80::1']);
    expect(hostAllowed(request({ host: '192.168.1.5:8080' }), all, 8080)).toBe(true);
    expect(hostAllowed(request({ host: '[fe80::1]:8080' }), all, 8080)).toBe(true);
    expect(hostAllowed(request({ host: 'mybox.lan:8080' }), all, 8080)).toBe(false);
    expect(hostAllowed(request({ host: 'mybox.lan:8080' }), servedHostNames('mybox.lan'), 8080)).toBe(true);
    expect(['127.0.0.1', '127.8.0.1', 'localhost', '::1', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '::', '192.168.1.5', 'mybox.lan'].some(isLoopbackHost)).toBe(false);
  });

  it('lets browsers in only from our own origin; non-browser clients send neither header', () => {
    const request = (headers: Record<string, string>) => ({ headers: { host: '127.0.0.1:8080', ...headers } }) as unknown as IncomingMessage;
    expect(originAllowed(request({}))).toBe(true);
    expect(originAllowed(request({ 'sec-fetch-site': 'same-origin', origin: 'http://127.0.0.1:8080' }))).toBe(true);
    expect(originAllowed(request({ 'sec-fetch-site': 'none' }))).toBe(true);
    expect(originAllowed(request({ 'sec-fetch-site': 'cross-site' }))).toBe(false);
    expect(originAllowed(request({ 'sec-fetch-site': 'same-site' }))).toBe(false);
    expect(originAllowed(request({ origin: 'http://localhost:8080' }))).toBe(false);
  });
});
