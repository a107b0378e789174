// Fuzzes every contract request through the real dispatcher of a real app: random and mutated inputs
// always resolve to a Result with a contract error code, invalid ones to invalid_input — never a throw,
// an internal error or a broken reply — and the app still answers afterwards.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PdwApp } from '../../../src-main/app.ts';
import { silentLogger } from '../../../src-main/kernel/log.ts';
import { ERROR_CODES, requests, resultSchema, type RequestName } from '../../../src-shared/contract/index.ts';
import { z } from 'zod';
import { TEST_CACHE_DIR } from '../../fixtures/library/embedders.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { inputFor, nastyValue, POLLUTION_MARK } from './arbitraries.ts';

const SEED = 0x5eed_0001;
const RUNS_PER_REQUEST = 40;
// Each valid input to these runs the keystore's deliberately slow KDF: fewer runs keep the suite short.
const SLOW_KDF = new Set<RequestName>(['wallet.create', 'wallet.import', 'wallet.unlock', 'wallet.changePassphrase']);
const NAMES = Object.keys(requests) as RequestName[];
// Valid input to these starts a real job (ingest, re-embed, backup, restore) that outlives the call;
// only their invalid inputs are sent.
const STARTS_JOBS = new Set<RequestName>(['library.ingestUpload', 'library.reembed', 'search.quality', 'backup.run', 'backup.verify', 'backup.restore']);
const anyResult = resultSchema(z.unknown());

let app: PdwApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeTempDir('pdw-fuzz-');
  const env = {
    WALRUS_PUBLISHER_URL: 'http://127.0.0.1:9',
    WALRUS_AGGREGATOR_URL: 'http://127.0.0.1:9',
    SUI_RPC_URL: 'http://127.0.0.1:9',
    PDW_CACHE_DIR: TEST_CACHE_DIR,
  };
  app = await createApp({ mode: 'web', dataDir, env, log: silentLogger, walrusProbeIntervalMs: 0, walletAutoLockMs: 0 });
  await app.start();
});

afterAll(async () => {
  await app?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const isValid = (name: RequestName, input: unknown) => requests[name].input.safeParse(input ?? {}).success;

/** Dispatches and checks the Result; a throw fails the property with the input fast-check prints. */
async function checkCall(name: unknown, input: unknown, valid: boolean): Promise<void> {
  const result = await app.dispatch(name, input, { transport: 'http' });
  expect(anyResult.safeParse(result).success, JSON.stringify(result)?.slice(0, 300)).toBe(true);
  if (result.ok) return void expect(valid).toBe(true);
  expect(ERROR_CODES).toContain(result.error.code);
  expect(result.error.code).not.toBe('invalid_output');
  expect(result.error.code, result.error.message).not.toBe('internal');
  if (!valid && typeof name === 'string' && Object.hasOwn(requests, name)) expect(result.error.code).toBe('invalid_input');
}

describe('fuzz: every request through the real dispatcher', () => {
  it.each(NAMES)('%s: random and mutated inputs get a Result', async (name) => {
    const numRuns = SLOW_KDF.has(name) ? 12 : RUNS_PER_REQUEST;
    let invalid = 0;
    await fc.assert(
      fc.asyncProperty(inputFor(name), async (input) => {
        const valid = isValid(name, input);
        if (valid && STARTS_JOBS.has(name)) return;
        if (!valid) invalid++;
        await checkCall(name, input, valid);
      }),
      { seed: SEED, numRuns },
    );
    // Most generated inputs must be invalid, or the property tested little.
    expect(invalid).toBeGreaterThan(numRuns / 2);
  });

  it('unknown and malformed request names get unknown_request', async () => {
    const badName = fc.oneof(
      fc.string({ maxLength: 40 }).filter((s) => !Object.hasOwn(requests, s)),
      fc.constantFrom<unknown>('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'app.info ', 'APP.INFO', 'x'.repeat(1 << 20)),
      fc.anything().filter((v) => typeof v !== 'string'),
    );
    await fc.assert(
      fc.asyncProperty(badName, nastyValue, async (name, input) => {
        const result = await app.dispatch(name, input, { transport: 'http' });
        expect(result).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
        if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('the app still answers, and no pollution attempt reached Object.prototype', async () => {
    const info = await app.dispatch('app.info', {}, { transport: 'http' });
    expect(info).toMatchObject({ ok: true, value: { mode: 'web' } });
    const search = await app.dispatch('search.query', { query: 'bees' }, { transport: 'http' });
    expect(search.ok).toBe(true);
    expect(POLLUTION_MARK in {}).toBe(false);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain(POLLUTION_MARK);
  });

  it("the library used the app's PDW_CACHE_DIR (it read process.env and converted the vectors again)", () => {
    expect(existsSync(join(dataDir, 'cache'))).toBe(false);
  });
});
