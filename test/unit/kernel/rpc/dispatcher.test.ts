import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../src-shared/contract/index.ts';
import { silentLogger } from '../../../../src-main/kernel/log.ts';
import { createDispatcher, type HandlerMap } from '../../../../src-main/kernel/rpc/dispatcher.ts';

const info = { name: 'PDW', version: '1.0.0', mode: 'cli' as const, dataDir: '/tmp/x', uploadsDir: '/tmp/x/library/uploads', walrus: { publisherUrl: 'http://p', aggregatorUrl: 'http://a', state: 'unknown' as const, latencyMs: null, checkedAt: null }, localWalrus: false, capabilities: { openDocument: null } };

function dispatcherWith(overrides: Partial<HandlerMap>) {
  const handlers = {
    'app.info': () => info,
    'walrus.checkNow': () => info.walrus,
    'settings.get': () => {
      throw new Error('not used');
    },
    'settings.update': () => {
      throw new Error('not used');
    },
    'job.cancel': () => ({ cancelled: false }),
    ...overrides,
  } as HandlerMap;
  return createDispatcher(handlers, silentLogger);
}
const ctx = { transport: 'test' as const };

describe('dispatcher', () => {
  it('answers a valid request with the validated output', async () => {
    expect(await dispatcherWith({})('app.info', {}, ctx)).toEqual({ ok: true, value: info });
  });

  it('rejects an unknown request name', async () => {
    const result = await dispatcherWith({})('app.nope', {}, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
  });

  it('rejects input that breaks the schema with readable issues', async () => {
    const result = await dispatcherWith({})('job.cancel', { jobId: 42 }, ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.issues?.[0]?.path).toBe('jobId');
    expect(result.error.message).toContain('jobId');
  });

  it('rejects unexpected fields in strict inputs', async () => {
    const result = await dispatcherWith({})('app.info', { extra: true }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('passes AppError codes through', async () => {
    const result = await dispatcherWith({
      'job.cancel': () => {
        throw new AppError('not_found', 'No such job.');
      },
    })('job.cancel', { jobId: 'a' }, ctx);
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'No such job.' } });
  });

  it('turns unexpected exceptions into internal errors instead of crashing', async () => {
    const result = await dispatcherWith({
      'job.cancel': () => {
        throw new TypeError('boom');
      },
    })('job.cancel', { jobId: 'a' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('boom') } });
  });

  it('refuses to send a reply that breaks the contract', async () => {
    const result = await dispatcherWith({ 'job.cancel': () => ({ cancelled: 'yes' }) as never })('job.cancel', { jobId: 'a' }, ctx);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_output' } });
  });
});
