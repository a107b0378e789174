// The client writing to an authenticated publisher (the local server with the official --jwt-* options,
// at 1000 shards like mainnet): a fresh single-use token per store attempt with the claims the publisher
// checks, and refusals that say what to fix.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WalrusAuthError, type WalrusError } from '../../../src-main/walrus/index.ts';
import { PublisherTokens } from '../../../src-main/walrus/publisher-auth.ts';
import { PublisherAuth } from '../../../src-main/walrus-local/publisher-auth.ts';
import { bytes, countRequests, startPair, text, type Pair } from './harness.ts';

const SECRET = '0x' + '5e'.repeat(32);
const OWNER = '0x' + '42'.repeat(32);
let pair: Pair;

beforeAll(async () => {
  pair = await startPair({ server: { shards: 1000, fsync: false, jwt: { decodeSecret: SECRET, expiringSec: 120, verifyUpload: true } } });
}, 60_000);
afterAll(() => pair.close());

const failure = (promise: Promise<unknown>) => promise.then(
  () => expect.unreachable('expected a failure'),
  (error: unknown) => error as WalrusError,
);

describe('an authenticated publisher at 1000 shards', () => {
  it('takes blobs and quilts with one fresh token per store, never a refused one', { timeout: 60_000 }, async () => {
    const client = pair.clientWith({ publisherJwt: { secret: SECRET, expiringSec: 120 }, sendObjectTo: OWNER });
    const blob = await client.storeBlob(bytes('signed blob'), { epochs: 4 });
    const quilt = await client.storeQuilt(
      [
        { identifier: 'a', data: bytes('first patch') },
        { identifier: 'b', data: bytes('second patch'), tags: { kind: 'note' } },
      ],
      { epochs: 2 },
    );
    expect(text(await client.retrieveBlob(blob.blobId))).toBe('signed blob');
    expect(text((await client.retrieveFromQuiltByPatchId(quilt.patchIds.b as string)).data)).toBe('second patch');
    expect(pair.server.objects.listByOwner(OWNER).map((o) => o.blobId).sort()).toEqual([blob.blobId, quilt.quiltId].sort());
    expect(pair.server.requestLog().filter((e) => e.method === 'PUT').map((e) => e.status)).toEqual([200, 200]);
  });

  it('sends a new token when it must store again (a repeated store of bytes that may exist)', { timeout: 60_000 }, async () => {
    const client = pair.clientWith({ publisherJwt: { secret: SECRET, expiringSec: 120 } });
    pair.server.clearRequestLog();
    await pair.server.faults.set([{ route: 'storeBlob', kind: 'error', status: 500, phase: 'after', times: 1 }]);
    const stored = await client.storeBlob(bytes('renewed content'), { mayExist: true });
    // The first token was spent on a store the publisher made; the repeat carried another (no 429 for a reused jti).
    expect(pair.server.requestLog().filter((e) => e.method === 'PUT').map((e) => e.status)).toEqual([500, 200]);
    expect(pair.server.objects.listByOwner(pair.server.publisherAddress).filter((o) => o.blobId === stored.blobId)).toHaveLength(2);
  });

  it('says to set the secret when the publisher needs a token, and does not retry', async () => {
    const puts = countRequests(pair.server, 'PUT', '/v1/blobs');
    const error = await failure(pair.client.storeBlob(bytes('no token')));
    expect(error).toBeInstanceOf(WalrusAuthError);
    expect(error.message).toMatch(/WALRUS_PUBLISHER_JWT_SECRET/);
    expect(countRequests(pair.server, 'PUT', '/v1/blobs') - puts).toBe(1);
  });

  it('says the secret is wrong on a bad signature, and the lifetime to set when exp − iat does not match', async () => {
    const wrong = pair.clientWith({ publisherJwt: { secret: '0x' + '11'.repeat(32), expiringSec: 120 } });
    const bad = await failure(wrong.storeBlob(bytes('forged')));
    expect(bad).toBeInstanceOf(WalrusAuthError);
    expect(bad.message).toMatch(/401.*not its --jwt-decode-secret/);
    const shortLived = pair.clientWith({ publisherJwt: { secret: SECRET } });
    const lifetime = await failure(shortLived.storeBlob(bytes('wrong lifetime')));
    expect(lifetime.message).toMatch(/WALRUS_PUBLISHER_JWT_EXPIRING_SEC to its --jwt-expiring-sec/);
  });

  it('asks a token URL for one token per store attempt, with the claims of that store', { timeout: 60_000 }, async () => {
    // The operator's channel: checks nothing here, mints with the publisher's secret and records what was asked.
    const minter = new PublisherTokens({ secret: SECRET, expiringSec: 120 });
    const asked: unknown[] = [];
    const tokenServer = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const claims = JSON.parse(body) as { epochs: number; send_object_to?: string; size?: number };
        asked.push(claims);
        void minter.mint({ epochs: claims.epochs, sendObjectTo: claims.send_object_to, size: claims.size }).then((token) => {
          res.writeHead(asked.length === 1 ? 200 : 201, { 'content-type': 'application/json' }).end(JSON.stringify({ token }));
        });
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
      const client = pair.clientWith({ publisherTokenUrl: url, sendObjectTo: OWNER });
      const stored = await client.storeBlob(bytes('token from the operator'), { epochs: 3 });
      expect(asked).toEqual([{ epochs: 3, send_object_to: OWNER, size: 23 }]);
      expect(text(await client.retrieveBlob(stored.blobId))).toBe('token from the operator');
      const refused = pair.clientWith({ publisherTokenUrl: url.replace('/token', '/nowhere').replace(/:\d+\//, ':9/') });
      const error = await failure(refused.storeBlob(bytes('no channel')));
      expect(error.message).toMatch(/WALRUS_PUBLISHER_TOKEN_URL/);
    } finally {
      await new Promise((resolve) => tokenServer.close(resolve));
    }
  });

  it('says to fix the clock when a token has expired on arrival', { timeout: 60_000 }, async () => {
    // This computer's clock ten minutes behind the publisher's: every token has expired when it arrives.
    const ahead = await startPair({ server: { shards: 1000, fsync: false, jwt: { decodeSecret: SECRET, expiringSec: 120, now: () => Date.now() + 600_000 } } });
    try {
      const client = ahead.clientWith({ publisherJwt: { secret: SECRET, expiringSec: 120 } });
      const error = await failure(client.storeBlob(bytes('late token')));
      expect(error).toBeInstanceOf(WalrusAuthError);
      expect(error.message).toMatch(/504.*clock is behind/);
      expect(countRequests(ahead.server, 'PUT', '/v1/blobs')).toBe(1);
    } finally {
      await ahead.close();
    }
    // The same token minted on time is accepted: only the clocks differ.
    const tokens = new PublisherTokens({ secret: SECRET, expiringSec: 120 }, () => Date.now() - 600_000);
    const onTime = new PublisherAuth({ decodeSecret: SECRET, expiringSec: 120, now: () => Date.now() - 600_000 });
    const token = await tokens.mint({ epochs: 1, sendObjectTo: undefined, size: 3 });
    await onTime.check({ authorization: `Bearer ${token}` }, { epochs: 1, permanent: false, force: false, sendObjectTo: undefined, share: false }, { lower: 3, upper: 3 });
  });
});
