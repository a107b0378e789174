// The logger's second guard against secrets: names that could hold one, and text shaped like one.
import { describe, expect, it } from 'vitest';
import { createLogger, redact, redactText, REDACTED } from '../../../src-main/kernel/log.ts';
import { SUI_VECTORS } from '../wallet/vectors.ts';

const PHRASE_24 = SUI_VECTORS[0].phrase;
const PHRASE_12 = SUI_VECTORS[1].phrase.split(' ').slice(0, 12).join(' ');
const PRIVATE_KEY = SUI_VECTORS[2].privateKey;

describe('redact', () => {
  it('masks fields whose name could hold a secret and keeps the others', () => {
    expect(
      redact({ passphrase: 'hunter2 hunter2', phrase: 'x', privateKey: 'y', secret: 'z', mnemonic: 'm', newPassphrase: 'n', apiToken: 't', words: 12, address: '0xab', path: '/tmp/a' }),
    ).toEqual({ passphrase: REDACTED, phrase: REDACTED, privateKey: REDACTED, secret: REDACTED, mnemonic: REDACTED, newPassphrase: REDACTED, apiToken: REDACTED, words: 12, address: '0xab', path: '/tmp/a' });
  });

  it('masks at any depth, in objects and arrays', () => {
    const fields = { request: { name: 'wallet.import', input: { secret: PHRASE_24, passphrase: 'long passphrase' } }, attempts: [{ current: 'a', next: { password: 'b' } }] };
    expect(redact(fields)).toEqual({ request: { name: 'wallet.import', input: { secret: REDACTED, passphrase: REDACTED } }, attempts: [{ current: 'a', next: { password: REDACTED } }] });
    // The caller's object is left as it was.
    expect(fields.request.input.passphrase).toBe('long passphrase');
  });

  it('masks a recovery phrase or a suiprivkey in any text, under any name, and keeps the words around it', () => {
    const out = redact({ note: `imported ${PHRASE_24} (24 words)`, line: `12 words: ${PHRASE_12.toUpperCase()}`, split: PHRASE_12.replaceAll(' ', '\n'), key: 'k', text: `key=${PRIVATE_KEY};` });
    expect(out).toEqual({ note: `imported ${REDACTED} (24 words)`, line: `12 words: ${REDACTED}`, split: REDACTED, key: REDACTED, text: `key=${REDACTED};` });
  });

  it('leaves plain prose alone, even when most of its words are on the BIP-39 list', () => {
    const prose = 'The wallet could not open this keystore: restore it from a copy, or move it aside and import the wallet again.';
    expect(redactText(prose)).toBe(prose);
    // Eleven phrase words are not yet a phrase (PDW accepts 12 or 24).
    const eleven = PHRASE_12.split(' ').slice(0, 11).join(' ');
    expect(redactText(eleven)).toBe(eleven);
  });

  it('logs errors as their scrubbed stack, bytes as their length, and survives cycles and bigints', () => {
    const error = new Error(`cannot parse "${PHRASE_24}"`);
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const shared = { n: 1 };
    const out = redact({ error, bytes: new Uint8Array(32), cyclic, pair: [shared, shared], amount: 10n ** 20n, at: new Date(0) });
    expect(out.error).toMatch(/^Error: cannot parse "\[redacted\]"\n\s+at /);
    expect(out).toMatchObject({ bytes: '[32 bytes]', cyclic: { name: 'loop', self: '[circular]' }, pair: [{ n: 1 }, { n: 1 }], amount: '100000000000000000000', at: '1970-01-01T00:00:00.000Z' });
  });
});

describe('createLogger', () => {
  it('writes one line per call with the message and the fields scrubbed, and drops info when quiet', () => {
    const lines: string[] = [];
    const log = createLogger((line) => lines.push(line));
    log.error(`import of ${PRIVATE_KEY} failed`, { error: new Error(PHRASE_24), passphrase: 'pass phrase 1', size: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT\S+ error import of \[redacted\] failed \{"error":"Error: \[redacted\]\\n {4}at /);
    expect(lines[0]).toContain('"passphrase":"[redacted]","size":3}');
    for (const secret of [PRIVATE_KEY, PHRASE_24, 'pass phrase 1']) expect(lines[0]).not.toContain(secret);

    const quiet = createLogger((line) => lines.push(line), true);
    quiet.info('progress');
    quiet.warn('careful');
    expect(lines.slice(1).map((l) => l.split(' ').slice(1).join(' '))).toEqual(['warn careful']);
  });
});
