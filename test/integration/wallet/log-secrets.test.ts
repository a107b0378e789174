// No secret reaches the log: the wallet's secret-bearing requests, through the real app and its
// dispatcher, with the app's own logger writing into an array — on success and on every kind of failure.
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type PdwApp } from '../../../src-main/app.ts';
import { createLogger } from '../../../src-main/kernel/log.ts';
import { PassphraseSealer } from '../../../src-main/wallet/passphrase-sealer.ts';
import type { Result } from '../../../src-shared/contract/index.ts';
import { makeTempDir } from '../../helpers/temp-dir.ts';
import { TEST_COST } from '../../unit/wallet/helpers.ts';
import { SUI_VECTORS } from '../../unit/wallet/vectors.ts';

const PASSPHRASE = 'first passphrase 1';
const NEXT_PASSPHRASE = 'second passphrase 2';
const WRONG_PASSPHRASE = 'not the passphrase';
const lines: string[] = [];
let app: PdwApp;
let dataDir: string;

beforeAll(async () => {
  dataDir = await makeTempDir('pdw-log-secrets-');
  app = await createApp({ mode: 'cli', dataDir, env: {}, log: createLogger((line) => lines.push(line)), walrusProbeIntervalMs: 0, sealer: new PassphraseSealer({ cost: TEST_COST }) });
  await app.start();
});
afterAll(async () => {
  await app.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function call(name: string, input: unknown): Promise<Result<unknown>> {
  return app.dispatch(name, input, { transport: 'test' });
}
async function ok(name: string, input: unknown): Promise<Record<string, unknown>> {
  const result = await call(name, input);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.value as Record<string, unknown>;
}
async function failsWith(name: string, input: unknown): Promise<string> {
  const result = await call(name, input);
  return result.ok ? 'succeeded' : result.error.code;
}

function expectNoSecretLogged(secrets: string[]): void {
  for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
}

describe('wallet secrets and the log', () => {
  it('logs none of the phrase, the private key or the passphrases while creating, confirming, unlocking, re-keying, importing — or failing', async () => {
    const created = (await ok('wallet.create', { words: 12, passphrase: PASSPHRASE })) as { phrase: string; address: string; confirmPositions: number[] };
    const words = created.phrase.split(' ');
    const wrong = (word: string) => (word === 'zoo' ? 'abandon' : 'zoo');
    expect(await failsWith('wallet.confirmBackup', { words: created.confirmPositions.map((position) => ({ position, word: wrong(words[position - 1]!) })) })).toBe('invalid_input');
    await ok('wallet.confirmBackup', { words: created.confirmPositions.map((position) => ({ position, word: words[position - 1]! })) });

    await ok('wallet.lock', {});
    expect(await failsWith('wallet.unlock', { passphrase: WRONG_PASSPHRASE })).toBe('unauthorized');
    await ok('wallet.unlock', { passphrase: PASSPHRASE });
    expect(await failsWith('wallet.changePassphrase', { current: WRONG_PASSPHRASE, next: NEXT_PASSPHRASE })).toBe('unauthorized');
    await ok('wallet.changePassphrase', { current: PASSPHRASE, next: NEXT_PASSPHRASE });
    expect(await failsWith('wallet.remove', { confirmAddress: created.address, secret: SUI_VECTORS[1].phrase })).toBe('unauthorized');
    await ok('wallet.remove', { confirmAddress: created.address, passphrase: NEXT_PASSPHRASE });

    // A phrase with one word changed (bad checksum), a phrase cut short, a mangled key: refused, not logged.
    const [vector, other] = [SUI_VECTORS[0], SUI_VECTORS[1]];
    const badChecksum = [...vector.phrase.split(' ').slice(0, 23), 'zoo'].join(' ');
    expect(await failsWith('wallet.import', { secret: badChecksum, passphrase: PASSPHRASE })).toBe('invalid_input');
    expect(await failsWith('wallet.import', { secret: vector.phrase.split(' ').slice(0, 20).join(' '), passphrase: PASSPHRASE })).toBe('invalid_input');
    expect(await failsWith('wallet.import', { secret: vector.privateKey.slice(0, -3) + 'qqq', passphrase: PASSPHRASE })).toBe('invalid_input');
    expect(await failsWith('wallet.import', { secret: vector.phrase, passphrase: 'short' })).toBe('invalid_input');
    await ok('wallet.import', { secret: vector.privateKey, passphrase: PASSPHRASE });
    expect(await failsWith('wallet.remove', { confirmAddress: vector.address, secret: other.privateKey })).toBe('unauthorized');
    await ok('wallet.remove', { confirmAddress: vector.address, secret: vector.privateKey });

    // A failure the dispatcher does log (the keystore folder cannot be made): its line must hold no secret either.
    await rm(join(dataDir, 'wallet'), { recursive: true, force: true });
    await writeFile(join(dataDir, 'wallet'), 'not a folder');
    expect(await failsWith('wallet.import', { secret: other.phrase, passphrase: NEXT_PASSPHRASE })).toBe('internal');
    expect(lines.some((line) => line.includes('request wallet.import failed'))).toBe(true);
    await rm(join(dataDir, 'wallet'));
    await ok('wallet.import', { secret: other.phrase, passphrase: NEXT_PASSPHRASE });

    // Any four consecutive words of a phrase would betray it.
    const phraseRuns = (phrase: string) => phrase.split(' ').flatMap((_, i, all) => (i + 4 <= all.length ? [all.slice(i, i + 4).join(' ')] : []));
    expectNoSecretLogged([
      ...phraseRuns(created.phrase),
      ...phraseRuns(vector.phrase),
      ...phraseRuns(other.phrase),
      ...phraseRuns(badChecksum),
      vector.privateKey,
      vector.privateKey.slice(0, -3),
      PASSPHRASE,
      NEXT_PASSPHRASE,
      WRONG_PASSPHRASE,
    ]);
  });
});
