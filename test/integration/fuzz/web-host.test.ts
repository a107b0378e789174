// Fuzzes the web host's request bodies: random bytes, invalid UTF-8 and mutated JSON posted with a valid
// token to real requests always get a 4xx JSON Result, and the host keeps serving.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ERROR_CODES, requests, resultSchema } from '../../../src-shared/contract/index.ts';
import { startTestHost, type TestHost } from '../../helpers/app-host.ts';
import { VALID_LOOKING } from './arbitraries.ts';
import { rawPath, sendRaw } from './raw-http.ts';

const SEED = 0x5eed_0002;
const anyResult = resultSchema(z.unknown());
// Requests whose input has a required field, so no random body is valid by chance.
const NAMES = ['job.cancel', 'search.query', 'library.document', 'library.ingestUpload', 'wallet.import', 'backup.snapshot', 'backup.setSchedule'] as const;

const ENV = { WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9', WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9', SUI_RPC_URL: 'http://127.0.0.1:9' };
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost(ENV);
});

afterAll(async () => {
  await host?.close();
});

function isValidBody(name: (typeof NAMES)[number], body: Uint8Array): boolean {
  try {
    return requests[name].input.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body))).success;
  } catch {
    return false;
  }
}

const jsonText = (name: (typeof NAMES)[number]) => JSON.stringify(VALID_LOOKING[name]);

/** Bytes that are almost never a valid input: random, invalid UTF-8, a valid body cut or spliced, other JSON. */
const badBody = (name: (typeof NAMES)[number]) =>
  fc.oneof(
    fc.uint8Array({ minLength: 1, maxLength: 2048 }),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((b) => Buffer.concat([Buffer.from('{"query":"'), Buffer.from([0xff, 0xfe, 0xc3]), b])),
    fc.nat().map((n) => Buffer.from(jsonText(name).slice(0, n % jsonText(name).length))),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([at, junk]) => {
      const text = Buffer.from(jsonText(name));
      const i = at % text.length;
      return Buffer.concat([text.subarray(0, i), junk, text.subarray(i)]);
    }),
    fc.json().filter((t) => t.trim() !== 'null').map((t) => Buffer.from(t)),
    fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '[]', '""', '0', '{'.repeat(10_000)).map((t) => Buffer.from(t)),
  );

describe('fuzz: web host request bodies', () => {
  it('random and malformed bodies get a 4xx JSON Result', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...NAMES).chain((name) => fc.tuple(fc.constant(name), badBody(name))),
        async ([name, body]) => {
          const response = await fetch(`${host.web.url}/api/${name}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${host.web.token}` },
            body,
          });
          const text = await response.text();
          const json = JSON.parse(text) as unknown;
          expect(anyResult.safeParse(json).success, text.slice(0, 300)).toBe(true);
          const result = anyResult.parse(json);
          // A splice can land in whitespace and leave the body valid: then it must succeed.
          if (isValidBody(name, body)) return void expect([response.status, result.ok]).toEqual([200, true]);
          expect(result.ok, text.slice(0, 300)).toBe(false);
          if (!result.ok) expect(ERROR_CODES).toContain(result.error.code);
          expect(response.status, text.slice(0, 300)).toBeGreaterThanOrEqual(400);
          expect(response.status, text.slice(0, 300)).toBeLessThan(500);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
    expect(statuses.get(400)).toBeGreaterThan(0);
  });

  it('random request names get a 4xx JSON Result', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }), fc.uint8Array({ maxLength: 256 }), async (name, body) => {
        const response = await fetch(`${host.web.url}/api/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${host.web.token}` },
          body,
        });
        const text = await response.text();
        expect(response.status, `${name}: ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${name}: ${text.slice(0, 200)}`).toBeLessThan(500);
        expect(anyResult.safeParse(JSON.parse(text)).success).toBe(true);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('refuses invalid UTF-8 instead of decoding it into U+FFFD (found by the property above)', async () => {
    const body = Buffer.concat([Buffer.from('{"jobId":"'), Buffer.from([0x80]), Buffer.from('job-1"}')]);
    const response = await fetch(`${host.web.url}/api/job.cancel`, { method: 'POST', headers: { authorization: `Bearer ${host.web.token}` }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('UTF-8') } });
  });

  it('random request targets, with and without the token, get an answer below 500', async () => {
    // Its own host: token-less /api calls trip the failed-attempt limiter (429 for a minute), which
    // must not decide what the other tests see.
    const own = await startTestHost(ENV);
    const port = Number(new URL(own.web.url).port);
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE'), rawPath(['api', 'events', 'index.html', 'assets', 'app.info']), fc.boolean(), async (method, path, withToken) => {
          const headers: Record<string, string> = withToken ? { authorization: `Bearer ${own.web.token}` } : {};
          const answer = await sendRaw(port, method, path, headers, method === 'POST' ? Buffer.from('{}') : undefined);
          expect(answer.status, `${method} ${path} → ${answer.text.slice(0, 200)}`).toBeLessThan(500);
        }),
        { seed: SEED, numRuns: 200 },
      );
      expect((await sendRaw(port, 'GET', '/index.html')).status).toBe(200);
    } finally {
      await own.close();
    }
  });

  it('answers a target that starts with // (it used to throw inside the listener and end the process)', async () => {
    const port = Number(new URL(host.web.url).port);
    expect((await sendRaw(port, 'GET', '//')).status).toBe(200); // the renderer's index, like any client-side route
    expect((await sendRaw(port, 'GET', '//x/api/app.info', { authorization: `Bearer ${host.web.token}` })).status).toBeLessThan(500);
  });

  it('keeps serving afterwards', async () => {
    expect(await host.post('app.info', {})).toMatchObject({ status: 200, json: { ok: true, value: { mode: 'web' } } });
    expect(await host.post('job.cancel', { jobId: 'none' })).toMatchObject({ status: 200, json: { ok: true, value: { cancelled: false } } });
  });
});
