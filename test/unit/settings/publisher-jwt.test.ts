import { describe, expect, it } from 'vitest';
import { createSettingsHandlers } from '../../../src-main/settings/handlers.ts';
import { readEnvironment } from '../../../src-main/kernel/config/config-env.ts';
import { PublisherJwtSecret } from '../../../src-main/settings/publisher-jwt.ts';
import { publisherAuthStatusSchema } from '../../../src-shared/contract/app.ts';

const SECRET = '0x' + 'ab'.repeat(32);

describe('the publisher JWT secret', () => {
  it('comes from the environment, with its algorithm and lifetime, and cannot be replaced for that run', () => {
    const jwt = new PublisherJwtSecret(readEnvironment({ WALRUS_PUBLISHER_JWT_SECRET: SECRET, WALRUS_PUBLISHER_JWT_ALGORITHM: 'HS512', WALRUS_PUBLISHER_JWT_EXPIRING_SEC: '90' }).publisherAuth);
    expect(jwt.options).toEqual({ secret: SECRET, algorithm: 'HS512', expiringSec: 90 });
    expect(jwt.status).toEqual({ source: 'env', algorithm: 'HS512', expiringSec: 90 });
    expect(() => jwt.set({ secret: null })).toThrow(/fixed for this run by WALRUS_PUBLISHER_JWT_SECRET/);
  });

  it('without a secret, says tokens come from WALRUS_PUBLISHER_TOKEN_URL when it is set', () => {
    const jwt = new PublisherJwtSecret(readEnvironment({ WALRUS_PUBLISHER_TOKEN_URL: 'https://tokens.example/publisher' }).publisherAuth);
    expect(jwt).toMatchObject({ options: undefined, tokenUrl: 'https://tokens.example/publisher', status: { source: 'token-url' } });
    expect(() => new PublisherJwtSecret(readEnvironment({ WALRUS_PUBLISHER_TOKEN_URL: 'ftp://x' }).publisherAuth)).toThrow(/WALRUS_PUBLISHER_TOKEN_URL must be an http\(s\) URL/);
  });

  it('names the variable to fix', () => {
    expect(() => new PublisherJwtSecret(readEnvironment({ WALRUS_PUBLISHER_JWT_SECRET: '0xzz' }).publisherAuth)).toThrow(/WALRUS_PUBLISHER_JWT_SECRET: .*not hex/);
    expect(() => new PublisherJwtSecret(readEnvironment({ WALRUS_PUBLISHER_JWT_SECRET: SECRET, WALRUS_PUBLISHER_JWT_ALGORITHM: 'none' }).publisherAuth)).toThrow(/WALRUS_PUBLISHER_JWT_ALGORITHM must be one of/);
    expect(() => new PublisherJwtSecret(readEnvironment({ WALRUS_PUBLISHER_JWT_SECRET: SECRET, WALRUS_PUBLISHER_JWT_EXPIRING_SEC: 'soon' }).publisherAuth)).toThrow(/WALRUS_PUBLISHER_JWT_EXPIRING_SEC must be/);
  });

  it('is set and cleared for the session through the requests, which never answer with it', () => {
    const jwt = new PublisherJwtSecret(readEnvironment({}).publisherAuth);
    const handlers = createSettingsHandlers({ publisherJwt: jwt } as unknown as Parameters<typeof createSettingsHandlers>[0]);
    expect(handlers['walrus.publisherAuth.get']({}, {} as never)).toEqual({ source: 'none', algorithm: 'HS256', expiringSec: 300 });
    const before = jwt.version;
    const reply = handlers['walrus.publisherAuth.set']({ secret: SECRET, expiringSec: 60 }, {} as never);
    expect(publisherAuthStatusSchema.strict().parse(reply)).toEqual({ source: 'session', algorithm: 'HS256', expiringSec: 60 });
    expect(JSON.stringify(reply)).not.toContain('abab');
    expect(jwt.options?.secret).toBe(SECRET);
    expect(jwt.version).toBeGreaterThan(before);
    expect(handlers['walrus.publisherAuth.set']({ secret: null }, {} as never)).toMatchObject({ source: 'none' });
    expect(jwt.options).toBeUndefined();
  });
});
