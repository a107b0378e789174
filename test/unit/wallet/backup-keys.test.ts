import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKUP_KEY_LABELS, deriveBackupKeys } from '../../../src-main/wallet/backup-keys.ts';
import { backupRootOf, parseSecretInput } from '../../../src-main/wallet/keys.ts';
import { SUI_VECTORS } from './vectors.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

/** RFC 5869 written out with HMAC, to check the derivation independently of node's hkdf. */
function hkdf(ikm: Uint8Array, salt: string, info: string): string {
  const prk = createHmac('sha256', salt).update(ikm).digest();
  return createHmac('sha256', prk).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest('hex');
}

describe('backup keys', () => {
  const phraseRoot = backupRootOf(parseSecretInput(SUI_VECTORS[0].phrase));

  it('are HKDF-SHA256 of the phrase seed, one label per purpose', () => {
    const keys = deriveBackupKeys(phraseRoot);
    expect(phraseRoot).toHaveLength(64);
    for (const purpose of ['content', 'identifiers', 'manifest'] as const) {
      expect(hex(keys[purpose])).toBe(hkdf(phraseRoot, 'pdw/backup/salt/v1', BACKUP_KEY_LABELS[purpose]));
    }
  });

  it('are stable for the same phrase and distinct per purpose', () => {
    const again = deriveBackupKeys(backupRootOf(parseSecretInput(` ${SUI_VECTORS[0].phrase.toUpperCase()} `)));
    const keys = deriveBackupKeys(phraseRoot);
    expect(hex(again.manifest)).toBe(hex(keys.manifest));
    expect(new Set([hex(keys.content), hex(keys.identifiers), hex(keys.manifest)]).size).toBe(3);
    expect(hex(deriveBackupKeys(backupRootOf(parseSecretInput(SUI_VECTORS[1].phrase))).content)).not.toBe(hex(keys.content));
  });

  it('come from the key itself when the wallet was imported as suiprivkey, so they differ from the phrase ones', () => {
    const keyRoot = backupRootOf(parseSecretInput(SUI_VECTORS[0].privateKey));
    expect(keyRoot).toHaveLength(32);
    expect(hex(deriveBackupKeys(keyRoot).content)).not.toBe(hex(deriveBackupKeys(phraseRoot).content));
  });
});
