// The local server as an authenticated publisher (`--jwt-*`): every store needs a single-use token, and the
// answers are the official publisher's (400 without a token, 401 bad signature, 429 reused jti, 400 for claims
// the request breaks, the deadline status for an expired token). Tokens here are signed independently of the
// client's minting code.
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtOptionsFromFlags } from '../../../src-main/walrus-local/publisher-auth.ts';
import { http, putBlob, putQuilt, startLocal } from './helpers.ts';

const SECRET = '0x' + 'ab'.repeat(32);
const OWNER = '0x' + '42'.repeat(32);
const key = (secret = SECRET) => Buffer.from(secret.slice(2), 'hex');
const now = () => Math.floor(Date.now() / 1000);

async function token(claims: Record<string, unknown> = {}, options: { secret?: string; iat?: number; exp?: number; alg?: string } = {}): Promise<string> {
  const iat = options.iat ?? now();
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setJti(crypto.randomUUID()).setIssuedAt(iat);
  return jwt.setExpirationTime(options.exp ?? iat + 300).sign(key(options.secret));
}

const bearer = (jwt: string) => ({ authorization: `Bearer ${jwt}` });
const put = (walrus: { url: string }, body: string, query: string, headers: Record<string, string> = {}) =>
  http(`${walrus.url}/v1/blobs?${query}`, { method: 'PUT', body, headers });
const reason = (answer: { json<T>(): T }) => answer.json<{ error: { details: { reason: string; domain: string }[] } }>().error.details[0];

describe('authenticated publisher', () => {
  it('refuses stores without a token, with a bad signature or a reused token; accepts a fresh one once', async () => {
    const walrus = await startLocal({ jwt: { decodeSecret: SECRET } });
    const missing = await putBlob(walrus, 'no token', 'epochs=1');
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('authorization');

    const forged = await put(walrus, 'forged', 'epochs=1', bearer(await token({}, { secret: '0x' + 'cd'.repeat(32) })));
    expect(forged.status).toBe(401);
    expect(reason(forged)).toEqual({ '@type': 'ErrorInfo', reason: 'INVALID_SIGNATURE', domain: 'auth.publisher.walrus.space' });

    const jwt = await token();
    const first = await put(walrus, 'paid once', 'epochs=1', bearer(jwt));
    expect(first.status).toBe(200);
    const replay = await put(walrus, 'paid once', 'epochs=1', bearer(jwt));
    expect(replay.status).toBe(429);
    expect(reason(replay)?.reason).toBe('TOKEN_ALREADY_USED');

    const quilt = await putQuilt(walrus, [{ name: 'a', data: 'patch', filename: 'a' }], 'epochs=1');
    expect(quilt.status).toBe(400);
    // Reads never need a token.
    expect((await http(`${walrus.url}/v1/blobs/${first.json<{ newlyCreated: { blobObject: { blobId: string } } }>().newlyCreated.blobObject.blobId}`)).text).toBe('paid once');
  });

  it('answers an expired token with the deadline status, within a 60 s leeway', async () => {
    const walrus = await startLocal({ jwt: { decodeSecret: SECRET } });
    const expired = await put(walrus, 'late', 'epochs=1', bearer(await token({}, { iat: now() - 1000, exp: now() - 120 })));
    expect(expired.status).toBe(504);
    expect(reason(expired)?.reason).toBe('EXPIRED_SIGNATURE');
    const withinLeeway = await put(walrus, 'just late', 'epochs=1', bearer(await token({}, { iat: now() - 1000, exp: now() - 30 })));
    expect(withinLeeway.status).toBe(200);
  });

  it('with --jwt-expiring-sec, needs exp − iat to be exactly that', async () => {
    const walrus = await startLocal({ jwt: { decodeSecret: SECRET, expiringSec: 600 } });
    const iat = now();
    const wrong = await token({}, { iat, exp: iat + 300 });
    const refused = await put(walrus, 'x', 'epochs=1', bearer(wrong));
    expect(refused.status).toBe(400);
    expect(reason(refused)?.reason).toBe('INVALID_EXPIRATION');
    expect((await put(walrus, 'x', 'epochs=1', bearer(await token({}, { iat, exp: iat + 600 })))).status).toBe(200);
  });

  it('with --jwt-verify-upload, checks epochs, max_epochs, send_object_to, size and max_size against the request', async () => {
    const walrus = await startLocal({ jwt: { decodeSecret: SECRET, verifyUpload: true } });
    const body = 'twelve bytes';
    const status = async (claims: Record<string, unknown>, query: string) => {
      const answer = await put(walrus, body, query, bearer(await token(claims)));
      return answer.status === 200 ? 200 : `${answer.status} ${reason(answer)?.reason}`;
    };
    expect(await status({ epochs: 3 }, 'epochs=3')).toBe(200);
    expect(await status({ epochs: 3 }, 'epochs=2')).toBe('400 INVALID_EPOCHS');
    expect(await status({ max_epochs: 3 }, 'epochs=2')).toBe(200);
    expect(await status({ max_epochs: 3 }, 'epochs=4')).toBe('400 EPOCHS_ABOVE_MAX');
    expect(await status({ epochs: 3, max_epochs: 3 }, 'epochs=3')).toBe('400 INVALID_EPOCHS');
    expect(await status({ send_object_to: OWNER }, `epochs=1&send_object_to=${OWNER}`)).toBe(200);
    expect(await status({ send_object_to: OWNER }, 'epochs=1')).toBe('400 MISSING_SEND_OBJECT_TO');
    expect(await status({ send_object_to: OWNER }, `epochs=1&send_object_to=0x${'11'.repeat(32)}`)).toBe('400 INVALID_SEND_OBJECT_TO');
    expect(await status({ size: body.length }, 'epochs=1')).toBe(200);
    expect(await status({ size: body.length - 1 }, 'epochs=1')).toBe('400 SIZE_INCORRECT');
    expect(await status({ size: body.length + 1 }, 'epochs=1')).toBe('400 SIZE_INCORRECT');
    expect(await status({ max_size: body.length }, 'epochs=1')).toBe(200);
    expect(await status({ max_size: body.length - 1 }, 'epochs=1')).toBe('400 MAX_SIZE_EXCEEDED');
    expect(await status({ size: 1, max_size: 100 }, 'epochs=1')).toBe('400 iNVALID_SIZES');
  });

  it('without --jwt-verify-upload, stores whatever the claims say (the token still counts once)', async () => {
    const walrus = await startLocal({ jwt: { decodeSecret: SECRET } });
    expect((await put(walrus, 'any', 'epochs=5', bearer(await token({ epochs: 1, size: 1 })))).status).toBe(200);
  });

  it('reads the official flags, and names the flag to fix', () => {
    expect(jwtOptionsFromFlags({})).toBeUndefined();
    expect(jwtOptionsFromFlags({ 'jwt-decode-secret': SECRET, 'jwt-expiring-sec': '60', 'jwt-verify-upload': true })).toEqual({
      decodeSecret: SECRET,
      algorithm: 'HS256',
      expiringSec: 60,
      verifyUpload: true,
    });
    expect(() => jwtOptionsFromFlags({ 'jwt-verify-upload': true })).toThrow(/--jwt-verify-upload needs --jwt-decode-secret/);
    expect(() => jwtOptionsFromFlags({ 'jwt-decode-secret': SECRET, 'jwt-algorithm': 'none' })).toThrow(/--jwt-algorithm must be one of/);
    expect(() => jwtOptionsFromFlags({ 'jwt-decode-secret': SECRET, 'jwt-expiring-sec': '-1' })).toThrow(/--jwt-expiring-sec/);
  });
});
