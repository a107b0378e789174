// The wallet over the web host, as a browser reaches it: the phrase is in the wallet.create response
// and in no other response; a wrong passphrase is a clean 'unauthorized' reply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSuiLocal, type SuiLocalServer } from '../../../tools/sui-local/server.ts';
import { MemorySuiSource } from '../../../tools/sui-local/source.ts';
import { startTestHost, type TestHost } from '../../helpers/app-host.ts';

let host: TestHost;
let sui: SuiLocalServer;
const source = new MemorySuiSource();

beforeAll(async () => {
  sui = await startSuiLocal({ source });
  host = await startTestHost({ SUI_NETWORK: 'localnet', SUI_RPC_URL: sui.url });
});
afterAll(async () => {
  await host?.close();
  await sui?.close();
});

describe('wallet over the web host', () => {
  it('returns the phrase once, from wallet.create, and never again', async () => {
    const created = await host.post('wallet.create', { words: 12, passphrase: 'web passphrase' });
    expect(created.status).toBe(200);
    const { value } = created.json as { value: { address: string; phrase: string; confirmPositions: number[] } };
    const words = value.phrase.split(' ');
    expect(words).toHaveLength(12);
    source.setBalance(value.address, '0x2::sui::SUI', 1n);

    const bodies: string[] = [];
    const post = async (name: string, body: unknown) => {
      const reply = await host.post(name, body);
      bodies.push(JSON.stringify(reply.json));
      return reply.json as { ok: boolean; value?: Record<string, unknown>; error?: { code: string } };
    };
    expect(await post('wallet.status', {})).toMatchObject({ ok: true, value: { exists: true, locked: false, phraseConfirmed: false } });
    expect(await post('wallet.lock', {})).toMatchObject({ ok: true, value: { locked: true } });
    expect(await post('wallet.unlock', { passphrase: 'not the passphrase' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await post('wallet.unlock', { passphrase: 'web passphrase' })).toMatchObject({ ok: true, value: { locked: false } });
    const answers = value.confirmPositions.map((position) => ({ position, word: words[position - 1] }));
    expect(await post('wallet.confirmBackup', { words: answers })).toMatchObject({ ok: true, value: { phraseConfirmed: true } });
    expect(await post('wallet.balances', {})).toMatchObject({ ok: true, value: { state: 'online', sui: { raw: '1' } } });
    expect(await post('wallet.create', { passphrase: 'web passphrase' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await post('wallet.import', { secret: value.phrase, passphrase: 'web passphrase' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    for (const body of bodies) {
      expect(body).not.toContain(value.phrase);
      for (let i = 0; i + 1 < words.length; i++) expect(body).not.toContain(`${words[i]} ${words[i + 1]}`);
    }
  });
});
